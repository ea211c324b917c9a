import Foundation

/// One serial lane of JavaScript: every entry into the context groups pinned to it is serialised by its entry
/// lock, held across the whole entry, so JavaScriptCore never runs two entries of one group at once (the engine
/// drops its API lock around native callbacks, and two unserialised threads would interleave in the middle of
/// each other's scripts). It owns one operating-system thread, which runs the `async` jobs.
///
/// `sync` runs a closure under the lock and waits for it (after a hop, it measures the lane thread's CPU time spent
/// in it). By default the caller runs it in place (`runsInPlace`): on a loaded machine the hop to the lane's thread and back
/// (two wake-ups) cost more than the JavaScript of a call. With `DO_ARCHITECT_JS_HOP=1` every entry hops to the
/// lane's thread instead, as before. Calling `sync` inside an entry runs the closure inline (a native that
/// re-enters its own engine). Elsewhere, "on the group's thread" means inside an entry or a job of its lane.
package final class JSThread: @unchecked Sendable {
    /// Whether `sync` runs entries on the calling thread (default) rather than on the lane's thread.
    package static let runsInPlace = ProcessInfo.processInfo.environment["DO_ARCHITECT_JS_HOP"] != "1"
    /// Held by whoever runs JavaScript of this lane, for a whole entry: recursive, so an entry may enter again.
    private let entry = NSRecursiveLock()
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

    /// Runs `body` as an entry of this lane and returns its result, with the CPU nanoseconds it used on the lane's
    /// thread: 0 when it ran in place, where that CPU is the caller's own (an object's executor measures it with
    /// the job that entered).
    ///
    /// The closure is not `@Sendable`: like `DispatchQueue.sync`, the caller waits, so whatever it captures is
    /// used by one thread at a time.
    @discardableResult
    package func sync<T>(_ body: () throws -> T) rethrows -> (value: T, cpuNanos: UInt64) {
        if JSThread.runsInPlace {
            entry.lock()
            defer { entry.unlock() }
            return (try body(), 0)
        }
        if isCurrent {
            entry.lock()
            defer { entry.unlock() }
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
                entry.lock()
                batch[i].run()
                batch[i] = Job(run: {}, after: nil)
                entry.unlock()
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
