import Foundation

/// A binding of a class (`COUNTER` → `Counter`): ids, stubs, and the instances in memory.
///
/// Objects are stored under `<dataDir>/do/<uniqueKey>/<first 2 hex digits>/<id>.sqlite`; the namespace's alarms in
/// `<dataDir>/do/<uniqueKey>/metadata.sqlite`.
public final class DurableObjectNamespace: Sendable {
    /// The binding name (`COUNTER`).
    public let binding: String
    /// The class (instances made after `replaceClass` use the new one).
    public var objectClass: DurableObjectClass { classBox.withLock { $0 } }
    private let classBox: Locked<DurableObjectClass>
    /// Id derivation for `"<worker>-<ClassName>"`.
    public let key: NamespaceKey
    /// Directory of the namespace's files.
    public let directory: String
    let runtimeConfig: RuntimeConfiguration
    let pool: ConnectionPool
    let alarms: AlarmScheduler
    let metrics: NamespaceMetrics
    let hibernation = HibernationManager()
    private let instances = Locked<[DurableObjectId: ObjectContext]>([:])
    private let flushQueue = Locked<[ObjectContext]>([])
    private let runtimeBox: WeakRuntime

    /// `workerName` (default: the runtime's) and the class name make the unique key, so objects' storage is kept
    /// per Worker and class.
    init(binding: String, objectClass: DurableObjectClass, runtime: DurableObjectsRuntime, workerName: String? = nil) {
        self.binding = binding
        self.classBox = Locked(objectClass)
        self.runtimeConfig = runtime.configuration
        self.key = NamespaceKey(uniqueKey: "\(workerName ?? runtime.configuration.workerName)-\(objectClass.name)")
        self.directory = runtime.configuration.dataDirectory.appendingPathComponent("do")
            .appendingPathComponent(key.uniqueKey).path
        self.pool = runtime.pool
        self.alarms = runtime.alarms
        self.metrics = NamespaceMetrics(
            binding: binding, enabled: runtime.configuration.metricsEnabled, clock: runtime.configuration.clock,
            hotPerSecond: runtime.configuration.hotObjectsPerSecond,
            retention: runtime.configuration.metricsRetentionSeconds)
        self.runtimeBox = WeakRuntime(runtime)
    }

    var runtime: DurableObjectsRuntime? { runtimeBox.value }

    /// Gives the namespace new code for its class (a Worker loaded again): instances made from now on use it;
    /// instances in memory keep the old code until evicted. The class keeps its name, so ids and storage stay.
    package func replaceClass(_ objectClass: DurableObjectClass) throws {
        try classBox.withLock { current in
            guard current.name == objectClass.name else {
                throw DurableObjectError(.invalidArgument, "The namespace \(binding) runs \(current.name), not \(objectClass.name).")
            }
            current = objectClass
        }
    }

    // MARK: Ids and stubs

    /// The deterministic id of a name (same as Miniflare's for the same unique key).
    public func idFromName(_ name: String) -> DurableObjectId { key.idFromName(name) }

    /// A new random id; the jurisdiction is recorded with it.
    public func newUniqueId(jurisdiction: String? = nil) -> DurableObjectId { key.newUniqueId(jurisdiction: jurisdiction) }

    /// Parses an id string; rejects malformed ids and ids of other namespaces.
    public func idFromString(_ text: String) throws -> DurableObjectId { try key.idFromString(text) }

    /// A stub for an id.
    /// - Throws: `invalidId` "ID is not for this Durable Object class." for an id minted by another namespace.
    public func get(_ id: DurableObjectId) throws -> DurableObjectStub {
        guard key.owns(id) else {
            throw DurableObjectError(.invalidId, "ID is not for this Durable Object class.")
        }
        return DurableObjectStub(id: id, namespace: self)
    }

    /// A stub for the object named `name`.
    public func getByName(_ name: String) -> DurableObjectStub {
        DurableObjectStub(id: idFromName(name), namespace: self)
    }

    // MARK: Instances

    func path(of id: DurableObjectId) -> String {
        let hex = id.hex
        return directory + "/" + String(hex.prefix(2)) + "/" + hex + ".sqlite"
    }

    /// The live instance of `id`, created if needed.
    func context(for id: DurableObjectId) throws -> ObjectContext {
        guard let runtime, !runtime.isShutDown else {
            throw DurableObjectError(.shutdown, "The Durable Objects runtime is shut down.", retryable: true)
        }
        return instances.withLock { table in
            if let c = table[id] { return c }
            let c = ObjectContext(id: id, namespace: self, path: path(of: id))
            table[id] = c
            return c
        }
    }

    func instanceBroken(_ context: ObjectContext) {
        instances.withLock { table in
            if table[context.id] === context { table[context.id] = nil }
        }
        hibernation.disconnectAll(of: context.id)
    }

    func needsFlush(_ context: ObjectContext) {
        flushQueue.withLock { $0.append(context) }
    }

    /// Instances in memory.
    public var objectsInMemory: Int { instances.withLock { $0.count } }

    /// Ids of the instances in memory.
    public var idsInMemory: [DurableObjectId] { instances.withLock { Array($0.keys) } }

    /// Commits deferred (`allowUnconfirmed`) writes and evicts instances idle for the eviction timeout.
    func maintain() async {
        let pending = flushQueue.withLock { q -> [ObjectContext] in
            defer { q.removeAll() }
            return q
        }
        for c in pending { await c.flushDeferred() }
        await evictIdle(olderThan: runtimeConfig.evictionTimeout.nanoseconds)
    }

    func evictIdle(olderThan idle: Int64) async {
        let now = runtimeConfig.clock.nowNanoseconds
        var candidates = instances.withLock { Array($0.values) }
        // Each candidate costs a hop onto its executor. Instances whose last event ended within the idle time
        // (by their metrics, to the second) are skipped without one, unless they have WebSockets (`tryEvict` also
        // records the billable time of objects that standard sockets keep awake); `tryEvict` decides for the
        // others. With 100,000 instances in memory a pass used to hop onto every one of them, one after the
        // other, each hop waiting behind the other tasks of a busy pool: eviction fell behind object creation.
        if metrics.enabled && idle > 0 {
            let threshold = (now &- idle) / 1_000_000_000 + 1
            let socketOwners = hibernation.counts()
            candidates = metrics.lastActiveAtMost(threshold, candidates) { socketOwners[$0.id] != nil }
        }
        if candidates.count <= 16 {
            for c in candidates where await c.tryEvict(now: now, idleFor: idle) { removeEvicted(c) }
            return
        }
        // Many candidates: hop onto 256 of them side by side, so that the pass keeps up with a busy pool.
        var start = 0
        while start < candidates.count {
            let batch = candidates[start..<min(start + 256, candidates.count)]
            start += 256
            await withDiscardingTaskGroup { group in
                for c in batch {
                    group.addTask {
                        if await c.tryEvict(now: now, idleFor: idle) { self.removeEvicted(c) }
                    }
                }
            }
        }
    }

    private func removeEvicted(_ c: ObjectContext) {
        instances.withLock { t in if t[c.id] === c { t[c.id] = nil } }
        metrics.evicted()
    }

    /// Evicts one idle instance now (test hook, like `evictForTest`). Returns whether it was evicted.
    @discardableResult
    public func evict(_ id: DurableObjectId) async -> Bool {
        guard let c = instances.withLock({ $0[id] }) else { return false }
        let done = await c.tryEvict(now: .max, idleFor: 0)
        if done {
            instances.withLock { t in if t[id] === c { t[id] = nil } }
            metrics.evicted()
        }
        return done
    }

    /// Runs `body` with the live instance of `id` under its input gate (an internal event); nil, without
    /// creating it, when the object is not in memory.
    package func withLiveInstance<R: Sendable>(
        _ id: DurableObjectId, _ body: @escaping @Sendable (isolated ObjectContext, any DurableObject) throws -> R
    ) async throws -> R? {
        guard let c = instances.withLock({ $0[id] }) else { return nil }
        do {
            return try await c.runInObject(body)
        } catch is InstanceEvicted {
            return nil
        }
    }

    /// Evicts every idle instance now (like `evictAllDurableObjects`).
    public func evictAll() async { await evictIdle(olderThan: .min) }

    // MARK: Tooling

    /// Hex ids of objects that have a database file, sorted (scans the directory: tooling only).
    public func storedObjectIds() -> [String] {
        let fm = FileManager.default
        guard let shards = try? fm.contentsOfDirectory(atPath: directory) else { return [] }
        var ids: [String] = []
        for shard in shards where shard.count == 2 {
            for file in (try? fm.contentsOfDirectory(atPath: directory + "/" + shard)) ?? []
            where file.hasSuffix(".sqlite") {
                ids.append(String(file.dropLast(7)))
            }
        }
        return ids.sorted()
    }

    /// Deletes an object: its instance (reset), its database files, its alarm, its sockets and its metric totals.
    public func deleteObject(_ id: DurableObjectId) async {
        if let c = instances.withLock({ $0.removeValue(forKey: id) }) {
            await c.deleteAndReset()
        }
        hibernation.disconnectAll(of: id)
        alarms.forget(namespace: binding, id: id)
        let p = path(of: id)
        pool.closeIdle(path: p)
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: p + suffix) }
        metrics.forget(id)
        try? runtime?.metricsStore?.forget(namespace: binding, id: id.hex)
    }

    /// Deletes every object of the namespace (files, alarms, sockets, metric totals). Returns how many stored
    /// objects were removed.
    @discardableResult
    public func deleteAllObjects() async -> Int {
        let live = instances.withLock { t -> [ObjectContext] in
            defer { t.removeAll() }
            return Array(t.values)
        }
        for c in live {
            await c.deleteAndReset()
            hibernation.disconnectAll(of: c.id)
        }
        let stored = storedObjectIds()
        alarms.forget(namespace: binding, id: nil)
        pool.closeAllIdle()
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] where name.count == 2 {
            try? fm.removeItem(atPath: directory + "/" + name)
        }
        pool.forgetDirectories()
        metrics.forget(nil)
        try? runtime?.metricsStore?.forget(namespace: binding, id: nil)
        return stored.count
    }

    /// A summary of an object's storage (without creating it), listing at most `keyLimit` of its keys from the
    /// `keyOffset`-th in key order (`keyCount` is the total).
    public func inspect(_ id: DurableObjectId, keyOffset: Int = 0, keyLimit: Int = 10) async throws -> ObjectInspection {
        let inMemory = instances.withLock { $0[id] != nil }
        let sockets = hibernation.sockets(of: id).map { l in
            l.state.withLock { ObjectInspection.Socket(id: l.id, tags: $0.tags, hibernatable: $0.mode == .hibernatable) }
        }
        let alarm = alarms.scheduled(namespace: binding, id: id).map { $0 / 1_000_000 }
        let p = path(of: id)
        guard FileManager.default.fileExists(atPath: p) else {
            return ObjectInspection(
                id: id.hex, exists: false, inMemory: inMemory, keyCount: 0, sampleKeys: [], tables: [],
                databaseSize: 0, alarm: alarm, webSockets: sockets)
        }
        let stub = try get(id)
        var result = try await stub.withInstance { ctx in
            try await ctx.runInObject { ctx, _ in try ctx.storage.inspection(keyOffset: keyOffset, keyLimit: keyLimit) }
        }
        result.id = id.hex
        result.inMemory = true
        result.alarm = alarm
        result.webSockets = sockets
        return result
    }
}

/// What `inspect` reports about an object.
public struct ObjectInspection: Sendable {
    /// A WebSocket accepted by the object.
    public struct Socket: Sendable {
        /// Process-unique socket number.
        public var id: UInt64
        /// Tags given at accept time.
        public var tags: [String]
        /// Whether it was accepted as hibernatable.
        public var hibernatable: Bool
    }
    /// A SQL table and its rows.
    public struct Table: Sendable {
        /// Table name.
        public var name: String
        /// Row count.
        public var rows: Int
    }
    /// 64-hex id.
    public var id: String
    /// Whether the object has a database file.
    public var exists: Bool
    /// Whether an instance is in memory (after inspection it is).
    public var inMemory: Bool
    /// Number of KV keys.
    public var keyCount: Int
    /// Some keys (10 unless the caller asked otherwise) with the size of their JSON value in bytes.
    public var sampleKeys: [(key: String, valueBytes: Int)]
    /// User SQL tables.
    public var tables: [Table]
    /// `databaseSize` of the object.
    public var databaseSize: Int64
    /// Alarm time in milliseconds since the epoch.
    public var alarm: Int64?
    /// Accepted WebSockets.
    public var webSockets: [Socket]
}

final class WeakRuntime: Sendable {
    private let box: Locked<Weak>
    struct Weak { weak var runtime: DurableObjectsRuntime? }
    init(_ runtime: DurableObjectsRuntime) { box = Locked(Weak(runtime: runtime)) }
    var value: DurableObjectsRuntime? { box.withLock { $0.runtime } }
}

extension DurableObjectNamespace {
    /// Runs `body` inside the object (under its input gate), like `runInDurableObject` of vitest-pool-workers.
    /// Writes it makes commit like any event's.
    public func inspectRun<R: Sendable>(
        _ id: DurableObjectId, _ body: @escaping @Sendable (isolated ObjectContext) throws -> R
    ) async throws -> R {
        try await get(id).withInstance { ctx in try await ctx.runInObject { c, _ in try body(c) } }
    }
}
