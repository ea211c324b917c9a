/// Counters of one second of one namespace.
public struct MetricsSecond: Sendable, Hashable {
    /// Unix time of the second.
    public var second: Int64
    public var requests = 0
    public var errors = 0
    public var overloaded = 0
    public var cpuNanos: UInt64 = 0
    public var wallNanos: UInt64 = 0
    public var gateWaitNanos: UInt64 = 0
    public var kvReads = 0
    public var kvWrites = 0
    public var kvDeletes = 0
    public var kvLists = 0
    public var sqlRowsRead = 0
    public var sqlRowsWritten = 0
    public var alarmsSet = 0
    public var alarmsFired = 0
    public var alarmsRetried = 0
    public var alarmsDropped = 0
    public var webSocketMessagesIn = 0
    public var webSocketMessagesOut = 0
    public var evictions = 0
    public var billableNanos: UInt64 = 0
    /// Distinct objects that handled an event in this second.
    public var activeObjects = 0
    /// Instances in memory at the end of the second (sampled at flush).
    public var objectsInMemory = 0
    /// Accepted hibernatable WebSockets whose object is not in memory (sampled at flush).
    public var hibernatedWebSockets = 0
    /// Open WebSockets (sampled at flush).
    public var openWebSockets = 0
    public var cpuHistogram = LogHistogram()
    public var wallHistogram = LogHistogram()
    public var gateWaitHistogram = LogHistogram()

    /// An empty second.
    public init(second: Int64) { self.second = second }

    /// State operations: KV reads + writes + deletes + lists + SQL rows read + written.
    public var stateOperations: Int { kvReads + kvWrites + kvDeletes + kvLists + sqlRowsRead + sqlRowsWritten }
}

/// Running totals of one object since the metrics store was created.
public struct ObjectMetrics: Sendable, Hashable {
    /// 64-hex id.
    public var id: String
    /// Name when the object was addressed by name.
    public var name: String?
    public var requests = 0
    public var errors = 0
    public var cpuNanos: UInt64 = 0
    public var wallNanos: UInt64 = 0
    public var gateWaitNanos: UInt64 = 0
    public var kvReads = 0
    public var kvWrites = 0
    public var kvDeletes = 0
    public var kvLists = 0
    public var sqlRowsRead = 0
    public var sqlRowsWritten = 0
    public var alarmsFired = 0
    public var webSocketMessagesIn = 0
    public var webSocketMessagesOut = 0
    public var billableNanos: UInt64 = 0
    /// Unix second of the last event.
    public var lastActive: Int64 = 0
    /// Makes empty totals.
    public init(id: String, name: String?) {
        self.id = id
        self.name = name
    }
}

/// Requests of one object in one second (the per-second hottest list).
public struct HotObject: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var requests: Int
}

/// Records one namespace's metrics: the current second, finished seconds waiting for the flush, per-object
/// totals, and per second the requests of each object touched (for the hottest list; no per-object history).
package final class NamespaceMetrics: Sendable {
    struct State {
        var current: MetricsSecond
        var touched: [DurableObjectId: Int] = [:]
        var finished: [(MetricsSecond, [HotObject])] = []
        var recent: [MetricsSecond] = []
        var objects: [DurableObjectId: ObjectMetrics] = [:]
        var dirty: Set<DurableObjectId> = []
    }

    let binding: String
    let enabled: Bool
    let clock: any RuntimeClock
    let hotPerSecond: Int
    let retention: Int
    private let state: Locked<State>

    init(binding: String, enabled: Bool, clock: any RuntimeClock, hotPerSecond: Int, retention: Int) {
        self.binding = binding
        self.enabled = enabled
        self.clock = clock
        self.hotPerSecond = hotPerSecond
        self.retention = retention
        self.state = Locked(State(current: MetricsSecond(second: clock.nowNanoseconds / 1_000_000_000)))
    }

    @inline(__always)
    private func update(
        _ id: DurableObjectId?, touch: Int? = nil, _ body: (inout MetricsSecond, inout ObjectMetrics?) -> Void
    ) {
        guard enabled else { return }
        let second = clock.nowNanoseconds / 1_000_000_000
        state.withLock { s in
            if second != s.current.second { roll(&s, to: second) }
            if let id {
                var totals = s.objects[id] ?? ObjectMetrics(id: id.hex, name: id.name)
                var o: ObjectMetrics? = totals
                body(&s.current, &o)
                totals = o ?? totals
                totals.lastActive = second
                if totals.name == nil, let n = id.name { totals.name = n }
                s.objects[id] = totals
                s.dirty.insert(id)
                if let touch { s.touched[id, default: 0] += touch }
            } else {
                var none: ObjectMetrics? = nil
                body(&s.current, &none)
            }
        }
    }

    private func roll(_ s: inout State, to second: Int64) {
        var finished = s.current
        finished.activeObjects = s.touched.count
        let hot = s.touched.sorted { $0.value > $1.value }.prefix(hotPerSecond).map {
            HotObject(id: $0.key.hex, name: s.objects[$0.key]?.name ?? $0.key.name, requests: $0.value)
        }
        s.finished.append((finished, Array(hot)))
        s.recent.append(finished)
        if s.recent.count > retention { s.recent.removeFirst(s.recent.count - retention) }
        s.touched.removeAll(keepingCapacity: true)
        s.current = MetricsSecond(second: second)
    }

    /// One event finished.
    func event(
        _ id: DurableObjectId, kind: EventKind, wallNanos: UInt64, cpuNanos: UInt64, gateWaitNanos: UInt64,
        failed: Bool, before: StorageCounters, after: StorageCounters
    ) {
        guard enabled else { return }
        let kvR = after.kvReads - before.kvReads, kvW = after.kvWrites - before.kvWrites
        let kvD = after.kvDeletes - before.kvDeletes, kvL = after.kvLists - before.kvLists
        let sR = after.sqlRowsRead - before.sqlRowsRead, sW = after.sqlRowsWritten - before.sqlRowsWritten
        let aS = after.alarmsSet - before.alarmsSet
        let isRequest = kind == .request || kind == .rpc
        update(id, touch: isRequest ? 1 : 0) { sec, obj in
            if isRequest { sec.requests += 1 }
            if kind == .alarm { sec.alarmsFired += 1 }
            if failed { sec.errors += 1 }
            sec.cpuNanos &+= cpuNanos
            sec.wallNanos &+= wallNanos
            sec.gateWaitNanos &+= gateWaitNanos
            sec.cpuHistogram.record(cpuNanos)
            sec.wallHistogram.record(wallNanos)
            sec.gateWaitHistogram.record(gateWaitNanos)
            sec.kvReads += kvR
            sec.kvWrites += kvW
            sec.kvDeletes += kvD
            sec.kvLists += kvL
            sec.sqlRowsRead += sR
            sec.sqlRowsWritten += sW
            sec.alarmsSet += aS
            if isRequest { obj?.requests += 1 }
            if kind == .alarm { obj?.alarmsFired += 1 }
            if failed { obj?.errors += 1 }
            obj?.cpuNanos &+= cpuNanos
            obj?.wallNanos &+= wallNanos
            obj?.gateWaitNanos &+= gateWaitNanos
            obj?.kvReads += kvR
            obj?.kvWrites += kvW
            obj?.kvDeletes += kvD
            obj?.kvLists += kvL
            obj?.sqlRowsRead += sR
            obj?.sqlRowsWritten += sW
        }
    }

    /// An event was refused before running (overload, broken instance).
    func rejected(_ id: DurableObjectId, kind: EventKind, overloaded: Bool) {
        update(id) { sec, obj in
            if kind == .request || kind == .rpc { sec.requests += 1 }
            sec.errors += 1
            if overloaded { sec.overloaded += 1 }
            obj?.errors += 1
        }
    }

    func billable(_ id: DurableObjectId, nanos: UInt64) {
        update(id) { sec, obj in
            sec.billableNanos &+= nanos
            obj?.billableNanos &+= nanos
        }
    }

    func committed(_ id: DurableObjectId) {}

    func alarm(retried: Bool = false, dropped: Bool = false) {
        update(nil) { sec, _ in
            if retried { sec.alarmsRetried += 1 }
            if dropped { sec.alarmsDropped += 1 }
        }
    }

    func webSocketIn(_ id: DurableObjectId) {
        update(id) { sec, obj in
            sec.webSocketMessagesIn += 1
            obj?.webSocketMessagesIn += 1
        }
    }

    func webSocketOut(_ id: DurableObjectId) {
        update(id) { sec, obj in
            sec.webSocketMessagesOut += 1
            obj?.webSocketMessagesOut += 1
        }
    }

    func evicted() { update(nil) { sec, _ in sec.evictions += 1 } }

    /// Takes finished seconds and changed object totals for the store (rolling the current second if past).
    func drain(gauges: (inMemory: Int, hibernated: Int, open: Int))
        -> (seconds: [(MetricsSecond, [HotObject])], objects: [ObjectMetrics])
    {
        let second = clock.nowNanoseconds / 1_000_000_000
        return state.withLock { s in
            if second != s.current.second { roll(&s, to: second) }
            var seconds = s.finished
            s.finished.removeAll()
            for i in seconds.indices {
                seconds[i].0.objectsInMemory = gauges.inMemory
                seconds[i].0.hibernatedWebSockets = gauges.hibernated
                seconds[i].0.openWebSockets = gauges.open
            }
            let objects = s.dirty.compactMap { s.objects[$0] }
            s.dirty.removeAll()
            return (seconds, objects)
        }
    }

    /// Seconds kept in memory (finished ones), oldest first, plus the current one.
    package func recentSeconds() -> [MetricsSecond] {
        state.withLock { s in s.recent + [s.current] }
    }

    /// Per-object totals known in memory.
    package func objectTotals() -> [ObjectMetrics] {
        state.withLock { Array($0.objects.values) }
    }
}
