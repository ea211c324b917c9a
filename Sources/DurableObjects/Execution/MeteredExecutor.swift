import Dispatch

/// The serial executor of one object instance; it measures the CPU time of every job it runs.
///
/// Each job runs between two reads of `CLOCK_THREAD_CPUTIME_ID` (≈ 0.35 µs each on the reference machine), so CPU
/// time is attributed per executor job: an object's code is charged only for the slices it actually ran,
/// whichever thread ran them. `cpuNow` includes the running job so far.
///
/// Scheduling: when the executor is idle, `enqueue` runs the job at once on the enqueuing thread (like the
/// runtime's direct actor switch, avoiding a thread hop), then drains jobs that arrived meanwhile; after
/// `drainLimit` jobs in a row the rest continue on a serial dispatch queue so no caller thread is held for long.
package final class MeteredExecutor: SerialExecutor, @unchecked Sendable {
    private struct State {
        var running = false
        var queue: [UnownedJob] = []
        var head = 0
    }
    private let state = Locked(State())
    private let dispatchQueue: DispatchQueue
    private let measure: Bool
    private let drainLimit = 32
    /// CPU nanoseconds of finished jobs (only touched by the running job).
    private var cpuNanos: UInt64 = 0
    private var jobStart: UInt64 = 0

    package init(label: String, measure: Bool) {
        self.dispatchQueue = DispatchQueue(label: label)
        self.measure = measure
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let runNow = state.withLock { s -> Bool in
            if s.running {
                s.queue.append(unowned)
                return false
            }
            s.running = true
            return true
        }
        if runNow {
            run(unowned)
            drain()
        }
    }

    private func next() -> UnownedJob? {
        state.withLock { s -> UnownedJob? in
            if s.head == s.queue.count {
                s.queue.removeAll(keepingCapacity: true)
                s.head = 0
                s.running = false
                return nil
            }
            let job = s.queue[s.head]
            s.head += 1
            return job
        }
    }

    private func drain() {
        var count = 0
        while let job = next() {
            run(job)
            count += 1
            if count >= drainLimit {
                dispatchQueue.async { self.drain() }
                return
            }
        }
    }

    private func run(_ job: UnownedJob) {
        if measure {
            let start = MeasuredTime.threadCPUNanos()
            let outer = jobStart
            jobStart = start
            job.runSynchronously(on: asUnownedSerialExecutor())
            cpuNanos &+= MeasuredTime.threadCPUNanos() &- start
            jobStart = outer
        } else {
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }

    package func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// CPU nanoseconds used so far, including the running job. Call only from a job of this executor.
    package func cpuNow() -> UInt64 {
        guard measure else { return 0 }
        return jobStart == 0 ? cpuNanos : cpuNanos &+ (MeasuredTime.threadCPUNanos() &- jobStart)
    }
}
