import Dispatch

/// The serial executor of one object instance; it measures the CPU time of every job it runs.
///
/// Each job runs on a serial dispatch queue (targeting the shared global pool) between two reads of
/// `CLOCK_THREAD_CPUTIME_ID`, so CPU time is attributed per executor job: an object's code is charged only for the
/// slices it actually ran, whichever thread ran them. The CPU of the running job so far is included by `cpuNow`.
package final class MeteredExecutor: SerialExecutor, @unchecked Sendable {
    private let queue: DispatchQueue
    private let measure: Bool
    /// CPU nanoseconds of finished jobs (only touched on the queue).
    private var cpuNanos: UInt64 = 0
    private var jobStart: UInt64 = 0

    package init(label: String, measure: Bool) {
        self.queue = DispatchQueue(label: label)
        self.measure = measure
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        queue.async { [self] in
            if measure {
                let start = MeasuredTime.threadCPUNanos()
                jobStart = start
                unowned.runSynchronously(on: asUnownedSerialExecutor())
                cpuNanos &+= MeasuredTime.threadCPUNanos() &- start
                jobStart = 0
            } else {
                unowned.runSynchronously(on: asUnownedSerialExecutor())
            }
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
