import DurableObjects

/// What a JavaScript context reaches outside itself: the runtime's clock (timers) and the namespaces its `env`
/// bindings name.
struct WorkerEnvironment: Sendable {
    var clock: any RuntimeClock
    var namespace: @Sendable (String) -> DurableObjectNamespace?

    /// For a context that reaches nothing (the check at load time).
    static let detached = WorkerEnvironment(clock: SystemClock(), namespace: { _ in nil })
}
