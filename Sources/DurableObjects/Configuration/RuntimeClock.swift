import Foundation

/// Wall-clock time and sleeping for the runtime's schedulers (alarms, eviction, timeouts).
///
/// Injected through `RuntimeConfiguration.clock`, so tests run alarms and eviction in virtual time.
/// Times are nanoseconds since the Unix epoch, like `Date.now()` × 10⁶.
public protocol RuntimeClock: Sendable {
    /// The current time in nanoseconds since the Unix epoch.
    var nowNanoseconds: Int64 { get }
    /// Suspends until `nowNanoseconds >= deadline`; throws `CancellationError` when the task is cancelled.
    func sleep(untilNanoseconds deadline: Int64) async throws
}

extension RuntimeClock {
    /// The current time in milliseconds since the Unix epoch.
    public var nowMilliseconds: Int64 { nowNanoseconds / 1_000_000 }

    /// Sleeps for a duration measured on this clock.
    public func sleep(for duration: Duration) async throws {
        try await sleep(untilNanoseconds: nowNanoseconds + duration.nanoseconds)
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    public var nanoseconds: Int64 {
        let (s, atto) = components
        let (ns, overflow) = s.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? (s < 0 ? .min : .max) : ns + atto / 1_000_000_000
    }
}

/// The real clock: `CLOCK_REALTIME` for the time, `ContinuousClock` for sleeping.
public struct SystemClock: RuntimeClock {
    /// Makes the system clock.
    public init() {}

    public var nowNanoseconds: Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    public func sleep(untilNanoseconds deadline: Int64) async throws {
        while true {
            let delta = deadline - nowNanoseconds
            if delta <= 0 { return }
            try await Task.sleep(for: .nanoseconds(delta))
        }
    }
}
