import Foundation

/// The client requests being served, so that `notifications/cancelled` can cancel the task serving one.
///
/// Each request's task registers itself for exactly as long as it runs; a cancellation found before the task
/// registered (or after it finished) is remembered for that id until it registers, so none is lost.
/// Sendable by hand: every mutable field is guarded by `lock`; a task is cancelled only under it, while registered (alive).
final class RunningRequests: @unchecked Sendable {
    // Both protected by `lock`. A task is only touched while registered, i.e. while it is alive.
    private var tasks: [RequestKey: UnsafeCurrentTask] = [:]
    private var cancelledEarly: Set<RequestKey> = []
    private let lock = NSLock()

    /// Runs `body` as the work of request `id`; cancelling `id` cancels the current task.
    func run<T>(_ id: RequestKey, _ body: () async -> T) async -> T {
        withUnsafeCurrentTask { task in
            if let task { register(id, task) }
        }
        defer { unregister(id) }
        return await body()
    }

    private func register(_ id: RequestKey, _ task: UnsafeCurrentTask) {
        lock.lock()
        if cancelledEarly.remove(id) != nil { task.cancel() }
        tasks[id] = task
        lock.unlock()
    }

    private func unregister(_ id: RequestKey) {
        lock.lock()
        tasks[id] = nil
        lock.unlock()
    }

    /// Cancels the task serving `id`, or remembers the cancellation when it has not started yet.
    func cancel(_ id: RequestKey) {
        lock.lock()
        defer { lock.unlock() }
        if let task = tasks[id] {
            task.cancel()
        } else if cancelledEarly.count < 1024 {
            cancelledEarly.insert(id)
        }
    }
}
