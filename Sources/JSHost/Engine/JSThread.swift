import Foundation

/// One operating-system thread that runs JavaScript: every entry into the context groups pinned to it goes
/// through its serial job queue, so JavaScriptCore never sees two threads in one group (the engine drops its
/// API lock around native callbacks, and two threads would interleave in the middle of each other's scripts).
///
/// `sync` runs a closure on the thread and waits for it; it measures the thread's CPU time spent in the closure.
/// Calling `sync` from the thread itself runs the closure inline (a native that re-enters its own engine).
package final class JSThread: @unchecked Sendable {
    // `jobs` and `stopping` are protected by `condition`; `thread` is set once in `init`.
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var stopping = false
    private var thread: Thread?
    /// The index of the thread in its pool (for names and logs).
    package let index: Int

    package init(index: Int) {
        self.index = index
        let thread = Thread { self.loop() }  // the thread keeps its owner alive until `stop()`
        thread.name = "do-architect.js.\(index)"
        thread.stackSize = 8 << 20
        self.thread = thread
        thread.start()
    }

    /// Whether the caller is running on this thread.
    package var isCurrent: Bool { Thread.current === thread }

    /// Runs `body` on the thread and returns its result, with the thread CPU nanoseconds the closure used.
    ///
    /// The closure is not `@Sendable`: like `DispatchQueue.sync`, the caller waits, so whatever it captures is
    /// used by one thread at a time.
    @discardableResult
    package func sync<T>(_ body: () throws -> T) rethrows -> (value: T, cpuNanos: UInt64) {
        if isCurrent {
            let cpu0 = JSThread.cpuNanos()
            let value = try body()
            return (value, JSThread.cpuNanos() &- cpu0)
        }
        return try withoutActuallyEscaping(body) { body in
            var result: Result<T, any Error>?
            var cpu: UInt64 = 0
            let done = DispatchSemaphore(value: 0)
            let job = UnsafeTransfer {
                let cpu0 = JSThread.cpuNanos()
                result = Result { try body() }
                cpu = JSThread.cpuNanos() &- cpu0
            }
            // `done` is signalled only after the thread dropped the job, so `body` does not outlive this call.
            enqueue(Job(run: { job.value() }, after: { done.signal() }))
            done.wait()
            switch result! {
            case .success(let value): return (value, cpu)
            case .failure(let error): throw error
            }
        }
    }

    /// Runs `body` on the thread later.
    package func async(_ body: @escaping @Sendable () -> Void) { enqueue(Job(run: body, after: nil)) }

    /// Ends the thread after the jobs already queued.
    package func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private struct Job {
        var run: () -> Void
        /// Runs after `run` was released.
        var after: (() -> Void)?
    }

    private func enqueue(_ job: Job) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty && stopping {
                condition.unlock()
                return
            }
            var batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for i in batch.indices {
                let after = batch[i].after
                batch[i].run()
                batch[i] = Job(run: {}, after: nil)
                after?()
            }
        }
    }

    /// The calling thread's CPU time in nanoseconds.
    package static func cpuNanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}

/// Carries a value the compiler cannot prove safe across threads, where the surrounding code guarantees that
/// only one thread uses it at a time (a caller blocked in `JSThread.sync`).
struct UnsafeTransfer<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
