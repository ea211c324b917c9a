import Dispatch
import Foundation

/// The executor whose slice is being measured on the current thread (to pause it during a nested inline run).
private let measuredSliceKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()

/// The serial executor of one object instance; it measures the CPU time of every job it runs.
///
/// Jobs run in slices (one or more jobs back to back on one thread) between two reads of
/// `CLOCK_THREAD_CPUTIME_ID` (≈ 0.35 µs each on the reference machine), so CPU time is attributed per executor
/// job: an object is charged only for the slices its jobs actually ran, whichever thread ran them. When a job
/// runs another executor's job inline (a call to another object), the outer slice is paused meanwhile.
/// `cpuNow` includes the running slice so far.
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
    private var sliceStart: UInt64 = 0

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
            // The runtime refers to executors without owning them; the job may drop the last reference to the
            // actor that owns this executor, so keep it alive until the drain is over.
            let keep = Unmanaged.passRetained(self)
            drain(first: unowned)
            keep.release()
        }
    }

    /// Whether jobs are waiting to run (other events are arriving).
    package var hasQueuedJobs: Bool { state.withLock { $0.head < $0.queue.count } }

    /// The next queued job; the executor stays marked running.
    private func takeNext() -> UnownedJob? {
        state.withLock { s -> UnownedJob? in
            guard s.head < s.queue.count else { return nil }
            let job = s.queue[s.head]
            s.head += 1
            return job
        }
    }

    /// The next queued job, or `nil` after marking the executor idle (only once the slice is closed, so that no
    /// other thread starts a slice of this executor while this one is still being accounted).
    private func nextOrIdle() -> UnownedJob? {
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

    private func drain(first: UnownedJob?) {
        var job = first
        while true {
            let outer = measure ? beginSlice() : nil
            var count = 0
            if let j = job {
                j.runSynchronously(on: asUnownedSerialExecutor())
                count = 1
            }
            while count < drainLimit, let j = takeNext() {
                j.runSynchronously(on: asUnownedSerialExecutor())
                count += 1
            }
            if measure { endSlice(outer: outer) }
            if count >= drainLimit {
                // Still marked running: continue on the executor's own queue, releasing this thread.
                dispatchQueue.async { self.drain(first: nil) }
                return
            }
            job = nextOrIdle()
            if job == nil { return }
        }
    }

    private func beginSlice() -> MeteredExecutor? {
        let now = MeasuredTime.threadCPUNanos()
        let outer = pthread_getspecific(measuredSliceKey).map { Unmanaged<MeteredExecutor>.fromOpaque($0).takeUnretainedValue() }
        if let outer, outer.sliceStart != 0 {
            outer.cpuNanos &+= now &- outer.sliceStart
            outer.sliceStart = 0
        }
        pthread_setspecific(measuredSliceKey, Unmanaged.passUnretained(self).toOpaque())
        sliceStart = now
        return outer
    }

    private func endSlice(outer: MeteredExecutor?) {
        let now = MeasuredTime.threadCPUNanos()
        cpuNanos &+= now &- sliceStart
        sliceStart = 0
        pthread_setspecific(measuredSliceKey, outer.map { Unmanaged.passUnretained($0).toOpaque() })
        if let outer { outer.sliceStart = now }
    }

    package func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Adds CPU time the running job spent on another thread on the object's behalf (a JavaScript object's code
    /// runs on its engine thread while the job waits). Call only from a job of this executor.
    package func addForeignCPU(_ nanos: UInt64) {
        if measure { cpuNanos &+= nanos }
    }

    /// CPU nanoseconds used so far, including the running job. Call only from a job of this executor.
    package func cpuNow() -> UInt64 {
        guard measure else { return 0 }
        return sliceStart == 0 ? cpuNanos : cpuNanos &+ (MeasuredTime.threadCPUNanos() &- sliceStart)
    }
}
