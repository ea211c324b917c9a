import Foundation

/// A value built once, on a thread of its own from the moment it is made: async callers suspend until it is built
/// (never blocking a thread of the cooperative pool), synchronous callers block. `KnowledgeLoader` and
/// `ServerLoader` build the knowledge base and the server this way.
/// Sendable by hand: `result` and `waiters` are guarded by `condition` (an `NSCondition`).
final class BuiltOnThread<Value: Sendable>: @unchecked Sendable {
    private var result: Result<Value, any Error>?
    private var waiters: [CheckedContinuation<Value, any Error>] = []
    private let condition = NSCondition()

    /// Starts `build` on a thread named `threadName`.
    init(threadName: String, build: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            let built = Result { try build() }
            condition.lock()
            result = built
            let waiting = waiters
            waiters = []
            condition.broadcast()
            condition.unlock()
            for waiter in waiting { waiter.resume(with: built) }
        }
        thread.name = threadName
        thread.start()
    }

    /// Wraps a value that is already built.
    init(_ value: Value) {
        result = .success(value)
    }

    /// The value, once built, suspending while it builds.
    /// - Throws: the error that stopped the build, every time it is asked for.
    func ready() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            guard let result else {
                waiters.append(continuation)
                condition.unlock()
                return
            }
            condition.unlock()
            continuation.resume(with: result)
        }
    }

    /// The value, once built, blocking the calling thread while it builds.
    /// - Throws: the error that stopped the build, every time it is asked for.
    func get() throws -> Value {
        condition.lock()
        while result == nil { condition.wait() }
        let value = result!
        condition.unlock()
        return try value.get()
    }
}
