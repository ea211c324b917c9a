/// The construction of an instance, measured inside the event that needed it: the constructor, its
/// `blockConcurrencyWhile` and the database it opens or creates.
///
/// Recorded apart from the event (`MetricsSecond.coldStarts`, `coldStartHistogram`); its CPU is taken out of the
/// event's CPU, so a request's CPU time is the handler's own. The event's wall time still includes it: the caller
/// waited for it.
package struct ColdStart: Sendable, Equatable {
    /// Whether the event constructed the instance.
    package var happened: Bool
    /// Wall time of the construction.
    package var wallNanos: UInt64
    /// CPU time of the construction (measured per executor slice, like an event's).
    package var cpuNanos: UInt64

    /// The event found the instance constructed.
    package static let none = ColdStart(happened: false, wallNanos: 0, cpuNanos: 0)

    /// A construction that took `wallNanos` and `cpuNanos`.
    package init(wallNanos: UInt64, cpuNanos: UInt64) {
        self.init(happened: true, wallNanos: wallNanos, cpuNanos: cpuNanos)
    }

    private init(happened: Bool, wallNanos: UInt64, cpuNanos: UInt64) {
        self.happened = happened
        self.wallNanos = wallNanos
        self.cpuNanos = cpuNanos
    }
}
