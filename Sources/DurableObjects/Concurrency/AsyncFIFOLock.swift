/// A first-in first-out async lock (per-socket delivery order).
package final class AsyncFIFOLock: Sendable {
    private struct State {
        var held = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Locked(State())

    package init() {}

    /// Waits for the lock.
    package func lock() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { s -> Bool in
                if !s.held {
                    s.held = true
                    return true
                }
                s.waiters.append(c)
                return false
            }
            if granted { c.resume() }
        }
    }

    /// Releases the lock to the oldest waiter.
    package func unlock() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if s.waiters.isEmpty {
                s.held = false
                return nil
            }
            return s.waiters.removeFirst()
        }
        next?.resume()
    }
}

/// A one-shot wake-up signal for a single waiting loop.
package final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }
    private let state = Locked(State())

    package init() {}

    /// Wakes the waiter (or the next `wait`).
    package func signal() {
        let w = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if let w = s.waiter {
                s.waiter = nil
                return w
            }
            s.pending = true
            return nil
        }
        w?.resume()
    }

    /// Waits for a signal or cancellation.
    package func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if s.pending || Task.isCancelled {
                        s.pending = false
                        return true
                    }
                    s.waiter = c
                    return false
                }
                if now { c.resume() }
            }
        } onCancel: {
            let w = state.withLock { s -> CheckedContinuation<Void, Never>? in
                defer { s.waiter = nil }
                return s.waiter
            }
            w?.resume()
        }
    }
}

/// A one-shot value that object code can await inside `context.external { … }` and another event can resolve.
/// Waiting is cancellation-aware (cancellation throws `CancellationError`).
public final class ObjectPromise<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiters: [UInt64: CheckedContinuation<Value, any Error>] = [:]
        var next: UInt64 = 0
    }
    private let state = Locked(State())

    /// An unresolved promise.
    public init() {}

    /// Resolves the promise (later calls are ignored).
    public func resolve(_ value: Value) {
        let waiters = state.withLock { s -> [CheckedContinuation<Value, any Error>] in
            guard s.value == nil else { return [] }
            s.value = value
            defer { s.waiters.removeAll() }
            return Array(s.waiters.values)
        }
        for w in waiters { w.resume(returning: value) }
    }

    /// The value, waiting for it.
    public var value: Value {
        get async throws {
            let token = state.withLock { s -> UInt64 in
                s.next += 1
                return s.next
            }
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (c: CheckedContinuation<Value, any Error>) in
                    let ready = state.withLock { s -> Value? in
                        if let v = s.value { return v }
                        if Task.isCancelled { return nil }
                        s.waiters[token] = c
                        return nil
                    }
                    if let ready {
                        c.resume(returning: ready)
                    } else if Task.isCancelled, state.withLock({ $0.waiters[token] == nil }) {
                        c.resume(throwing: CancellationError())
                    }
                }
            } onCancel: {
                let w = state.withLock { $0.waiters.removeValue(forKey: token) }
                w?.resume(throwing: CancellationError())
            }
        }
    }
}
