import Foundation

/// The embedded Durable Objects runtime: namespaces of object classes on SQLite, alarms, eviction, metrics.
///
/// Register classes with `register`, then keep `run()` running (in a task group or a service) for alarms,
/// eviction and the metrics flush; calls to objects work without it. `shutdown()` flushes and closes.
///
/// ```swift
/// let runtime = try DurableObjectsRuntime(configuration: RuntimeConfiguration(dataDirectory: dir))
/// let counters = try runtime.register(binding: "COUNTER", Counter.objectClass)
/// let value = try await counters.getByName("a").call("increment")
/// ```
public final class DurableObjectsRuntime: Sendable {
    /// The configuration.
    public let configuration: RuntimeConfiguration
    package let pool: ConnectionPool
    let alarms: AlarmScheduler
    private let table = Locked<[String: DurableObjectNamespace]>([:])
    private let shutDown = Locked(false)
    /// The metrics store (`nil` when metrics are not persisted).
    public let metricsStore: MetricsStore?

    /// Makes a runtime; creates the data directory.
    public init(configuration: RuntimeConfiguration = RuntimeConfiguration()) throws {
        self.configuration = configuration
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        pool = ConnectionPool(
            capacity: configuration.maxOpenDatabases > 0 ? configuration.maxOpenDatabases : ConnectionPool.automaticCapacity,
            durability: configuration.durability,
            maxPages: configuration.maxDatabasePages)
        alarms = AlarmScheduler(
            clock: configuration.clock, backoffScale: configuration.alarmBackoffScale, jitter: configuration.alarmJitter)
        metricsStore =
            configuration.metricsEnabled && configuration.metricsPersisted
            ? try MetricsStore(dataDirectory: configuration.dataDirectory) : nil
    }

    /// Binds a class under a name (`COUNTER`); loads the namespace's persisted alarms.
    /// - Throws: when the binding exists or the alarm table cannot be opened.
    @discardableResult
    public func register(binding: String, _ objectClass: DurableObjectClass, workerName: String? = nil) throws -> DurableObjectNamespace {
        let ns = DurableObjectNamespace(binding: binding, objectClass: objectClass, runtime: self, workerName: workerName)
        try table.withLock { t in
            if t[binding] != nil {
                throw DurableObjectError(.invalidArgument, "The binding \(binding) is already registered.")
            }
            t[binding] = ns
        }
        try alarms.load(namespace: ns)
        return ns
    }

    /// A namespace not yet bound (see `install`), with the unique key `"<workerName>-<ClassName>"`.
    package func makeNamespace(binding: String, _ objectClass: DurableObjectClass, workerName: String) -> DurableObjectNamespace {
        DurableObjectNamespace(binding: binding, objectClass: objectClass, runtime: self, workerName: workerName)
    }

    /// Binds `namespace` under its binding, in place of the namespace bound there before (returned, with its
    /// alarms stopped: its objects keep their storage and alarms, which run again when it is installed again).
    /// The namespace put aside keeps its instances; evict them (`evictAll`) before its storage is used again.
    ///
    /// - Throws: when the namespace's alarm table cannot be opened; nothing changed then.
    @discardableResult
    package func install(_ namespace: DurableObjectNamespace) throws -> DurableObjectNamespace? {
        let previous = self.namespace(namespace.binding)
        if previous != nil { alarms.unload(binding: namespace.binding) }
        do {
            try alarms.load(namespace: namespace)
        } catch {
            if let previous { try? alarms.load(namespace: previous) }
            throw error
        }
        table.withLock { $0[namespace.binding] = namespace }
        return previous
    }

    /// Unbinds `binding` (its alarms stop; storage stays) and returns the namespace that was bound there.
    @discardableResult
    package func withdraw(_ binding: String) -> DurableObjectNamespace? {
        guard let previous = table.withLock({ $0.removeValue(forKey: binding) }) else { return nil }
        alarms.unload(binding: binding)
        return previous
    }

    /// The namespace bound as `binding`.
    public func namespace(_ binding: String) -> DurableObjectNamespace? { table.withLock { $0[binding] } }

    /// All namespaces, sorted by binding.
    public var namespaces: [DurableObjectNamespace] {
        table.withLock { $0.values.sorted { $0.binding < $1.binding } }
    }

    var isShutDown: Bool { shutDown.withLock { $0 } }

    /// Runs alarms, eviction and the metrics flush until the task is cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.maintenanceLoop() }
            let clock = configuration.clock
            while !Task.isCancelled {
                for due in alarms.takeDue() {
                    guard let ns = namespace(due.key.namespace) else { continue }
                    group.addTask { await ns.deliverAlarm(due) }
                }
                let deadline = alarms.nextDeadline
                await withTaskGroup(of: Void.self) { race in
                    if let deadline {
                        race.addTask { try? await clock.sleep(untilNanoseconds: deadline) }
                    }
                    race.addTask { await self.alarms.wake.wait() }
                    await race.next()
                    race.cancelAll()
                }
            }
        }
    }

    private func maintenanceLoop() async {
        let clock = configuration.clock
        while !Task.isCancelled {
            do {
                try await clock.sleep(for: configuration.maintenanceInterval)
            } catch { return }
            await maintain()
        }
    }

    /// One maintenance pass: deferred commits, eviction of idle instances, metrics flush.
    public func maintain() async {
        for ns in namespaces { await ns.maintain() }
        flushMetrics()
    }

    /// Writes finished metric seconds and changed object totals to the store now.
    public func flushMetrics() {
        flushMetrics(closingCurrentSecond: false)
    }

    /// `closingCurrentSecond` writes the second still running too; only at shutdown, when no event can follow.
    private func flushMetrics(closingCurrentSecond: Bool) {
        guard let store = metricsStore else { return }
        for ns in namespaces {
            let sockets = ns.socketGauges()
            let drained = ns.metrics.drain(
                gauges: (
                    inMemory: ns.objectsInMemory, hibernated: sockets.hibernated, open: sockets.open,
                    hibernatedObjects: sockets.hibernatedObjects),
                closingCurrent: closingCurrentSecond)
            do {
                try store.write(
                    namespace: ns.binding, seconds: drained.seconds, objects: drained.objects,
                    retention: configuration.metricsRetentionSeconds)
            } catch {
                configuration.logger.warning("metrics flush failed: \(error)")
            }
        }
    }

    /// In-memory per-second metrics of a namespace (finished seconds plus the current one).
    public func recentMetrics(_ binding: String) -> [MetricsSecond] {
        namespace(binding)?.metrics.recentSeconds() ?? []
    }

    /// In-memory per-object totals of a namespace.
    public func objectMetrics(_ binding: String) -> [ObjectMetrics] {
        namespace(binding)?.metrics.objectTotals() ?? []
    }

    /// Commits deferred writes, evicts every idle instance, flushes metrics and refuses new calls.
    public func shutdown() async {
        for ns in namespaces {
            await ns.maintain()
            await ns.evictAll()
        }
        // An instance still running an event cannot be evicted yet; give such events up to 2 s to finish, so
        // that every object database is closed (and its exclusive lock released) when this returns.
        let deadline = MeasuredTime.monotonicNanos() &+ 2_000_000_000
        while namespaces.contains(where: { $0.objectsInMemory > 0 }), MeasuredTime.monotonicNanos() < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(10))
            for ns in namespaces { await ns.evictAll() }
        }
        // The second still running is written too: a short run (the workload command) ends inside it.
        flushMetrics(closingCurrentSecond: true)
        shutDown.withLock { $0 = true }
        pool.closeAllIdle()
        alarms.close()
    }
}
