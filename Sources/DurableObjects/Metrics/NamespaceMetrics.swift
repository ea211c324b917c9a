/// Counters of one second of one namespace.
public struct MetricsSecond: Sendable, Hashable {
    /// Unix time of the second.
    public var second: Int64
    /// Requests and RPC calls handled.
    public var requests = 0
    /// Events that failed (thrown, reset, refused).
    public var errors = 0
    /// Events refused because the queue was full.
    public var overloaded = 0
    /// CPU time of events, measured per executor slice (ns).
    public var cpuNanos: UInt64 = 0
    /// Wall time of events from gate grant to reply (ns).
    public var wallNanos: UInt64 = 0
    /// Time events waited at the input gate (ns).
    public var gateWaitNanos: UInt64 = 0
    /// KV keys read.
    public var kvReads = 0
    /// KV keys written.
    public var kvWrites = 0
    /// KV keys deleted.
    public var kvDeletes = 0
    /// KV list calls.
    public var kvLists = 0
    /// SQL rows read.
    public var sqlRowsRead = 0
    /// SQL rows written.
    public var sqlRowsWritten = 0
    /// Alarms set.
    public var alarmsSet = 0
    /// Alarm runs.
    public var alarmsFired = 0
    /// Alarm runs that failed and were rescheduled.
    public var alarmsRetried = 0
    /// Alarms dropped after 6 retries.
    public var alarmsDropped = 0
    /// WebSocket frames received from clients.
    public var webSocketMessagesIn = 0
    /// WebSocket frames sent to clients.
    public var webSocketMessagesOut = 0
    /// Instances evicted after idling.
    public var evictions = 0
    /// Billable active time (ns): events in flight or a standard WebSocket open.
    public var billableNanos: UInt64 = 0
    /// Distinct objects that handled an event in this second.
    public var activeObjects = 0
    /// Instances in memory at the end of the second (sampled at flush).
    public var objectsInMemory = 0
    /// Accepted hibernatable WebSockets whose object is not in memory (sampled at flush).
    public var hibernatedWebSockets = 0
    /// Open WebSockets (sampled at flush).
    public var openWebSockets = 0
    /// Objects not in memory that keep hibernatable WebSockets (sampled at flush).
    public var hibernatedObjects = 0
    /// Instances constructed (cold starts: constructor, `blockConcurrencyWhile`, opening the database).
    public var coldStarts = 0
    /// Wall time of those constructions (ns); not part of the events' CPU time.
    public var coldStartNanos: UInt64 = 0
    /// Distribution of per-event CPU time (construction excluded).
    public var cpuHistogram = LogHistogram()
    /// Distribution of per-event wall time.
    public var wallHistogram = LogHistogram()
    /// Distribution of per-event input-gate wait.
    public var gateWaitHistogram = LogHistogram()
    /// Distribution of cold-start wall time.
    public var coldStartHistogram = LogHistogram()

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
    /// Requests and RPC calls handled.
    public var requests = 0
    /// Events that failed (thrown, reset, refused).
    public var errors = 0
    /// CPU time of events, measured per executor slice (ns).
    public var cpuNanos: UInt64 = 0
    /// Wall time of events from gate grant to reply (ns).
    public var wallNanos: UInt64 = 0
    /// Time events waited at the input gate (ns).
    public var gateWaitNanos: UInt64 = 0
    /// KV keys read.
    public var kvReads = 0
    /// KV keys written.
    public var kvWrites = 0
    /// KV keys deleted.
    public var kvDeletes = 0
    /// KV list calls.
    public var kvLists = 0
    /// SQL rows read.
    public var sqlRowsRead = 0
    /// SQL rows written.
    public var sqlRowsWritten = 0
    /// Alarm runs.
    public var alarmsFired = 0
    /// WebSocket frames received from clients.
    public var webSocketMessagesIn = 0
    /// WebSocket frames sent to clients.
    public var webSocketMessagesOut = 0
    /// Billable active time (ns): events in flight or a standard WebSocket open.
    public var billableNanos: UInt64 = 0
    /// Size of the object's database after its last commit (page count × page size), in bytes.
    public var storedBytes: Int64 = 0
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
    /// Requests and RPC calls handled.
    public var requests: Int
}

/// The running totals of one object, shared by its successive instances (found once, then updated in place).
package final class ObjectMetricsSlot: @unchecked Sendable {
    var totals: ObjectMetrics
    var dirty = false
    var touchedSecond: Int64 = -1
    var requestsThisSecond = 0
    init(_ totals: ObjectMetrics) { self.totals = totals }
}

/// Records one namespace's metrics: the current second, finished seconds waiting for the flush, per-object
/// totals, and per second the requests of each object touched (for the hottest list; no per-object history).
///
/// One lock acquisition per event; objects are reached through their `ObjectMetricsSlot`, without hashing.
package final class NamespaceMetrics: Sendable {
    struct State {
        var current: MetricsSecond
        var touched: [ObjectMetricsSlot] = []
        var finished: [(MetricsSecond, [HotObject])] = []
        var recent: [MetricsSecond] = []
        var slots: [DurableObjectId: ObjectMetricsSlot] = [:]
        var dirty: [ObjectMetricsSlot] = []
    }

    let binding: String
    let enabled: Bool
    let clock: any RuntimeClock
    let hotPerSecond: Int
    let retention: Int
    private let state: Locked<State>

    package init(binding: String, enabled: Bool, clock: any RuntimeClock, hotPerSecond: Int, retention: Int) {
        self.binding = binding
        self.enabled = enabled
        self.clock = clock
        self.hotPerSecond = hotPerSecond
        self.retention = retention
        self.state = Locked(State(current: MetricsSecond(second: clock.nowNanoseconds / 1_000_000_000)))
    }

    /// The slot of an object's totals (created on first use).
    package func slot(_ id: DurableObjectId) -> ObjectMetricsSlot {
        state.withLock { s in
            if let slot = s.slots[id] {
                if slot.totals.name == nil, let n = id.name { slot.totals.name = n }
                return slot
            }
            let slot = ObjectMetricsSlot(ObjectMetrics(id: id.hex, name: id.name))
            s.slots[id] = slot
            return slot
        }
    }

    @inline(__always)
    private func update(
        _ slot: ObjectMetricsSlot?, requests: Int = 0, _ body: (inout MetricsSecond, inout ObjectMetrics) -> Void
    ) {
        guard enabled else { return }
        let second = clock.nowNanoseconds / 1_000_000_000
        state.withLock { s in
            if second != s.current.second { roll(&s, to: second) }
            if let slot {
                body(&s.current, &slot.totals)
                slot.totals.lastActive = second
                if !slot.dirty {
                    slot.dirty = true
                    s.dirty.append(slot)
                }
                if slot.touchedSecond != second {
                    slot.touchedSecond = second
                    slot.requestsThisSecond = 0
                    s.touched.append(slot)
                }
                slot.requestsThisSecond += requests
            } else {
                var scratch = ObjectMetrics(id: "", name: nil)
                body(&s.current, &scratch)
            }
        }
    }

    private func roll(_ s: inout State, to second: Int64) {
        var finished = s.current
        finished.activeObjects = s.touched.count
        let hot = s.touched.sorted { $0.requestsThisSecond > $1.requestsThisSecond }.prefix(hotPerSecond).map {
            HotObject(id: $0.totals.id, name: $0.totals.name, requests: $0.requestsThisSecond)
        }
        s.finished.append((finished, Array(hot)))
        s.recent.append(finished)
        if s.recent.count > retention { s.recent.removeFirst(s.recent.count - retention) }
        s.touched.removeAll(keepingCapacity: true)
        s.current = MetricsSecond(second: second)
    }

    /// One event finished (with the billable time it closed, if it was the last one in flight).
    package func event(
        _ slot: ObjectMetricsSlot, kind: EventKind, wallNanos: UInt64, cpuNanos: UInt64, gateWaitNanos: UInt64,
        failed: Bool, before: StorageCounters, after: StorageCounters, billableNanos: UInt64,
        coldStart: ColdStart = .none
    ) {
        guard enabled else { return }
        let kvR = after.kvReads - before.kvReads, kvW = after.kvWrites - before.kvWrites
        let kvD = after.kvDeletes - before.kvDeletes, kvL = after.kvLists - before.kvLists
        let sR = after.sqlRowsRead - before.sqlRowsRead, sW = after.sqlRowsWritten - before.sqlRowsWritten
        let aS = after.alarmsSet - before.alarmsSet
        let isRequest = kind == .request || kind == .rpc
        let n = isRequest ? 1 : 0
        let f = failed ? 1 : 0
        let a = kind == .alarm ? 1 : 0
        update(slot, requests: n) { sec, obj in
            sec.requests += n
            sec.alarmsFired += a
            sec.errors += f
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
            sec.billableNanos &+= billableNanos
            if coldStart.happened {
                sec.coldStarts += 1
                sec.coldStartNanos &+= coldStart.wallNanos
                sec.coldStartHistogram.record(coldStart.wallNanos)
            }
            obj.requests += n
            obj.alarmsFired += a
            obj.errors += f
            obj.cpuNanos &+= cpuNanos
            obj.wallNanos &+= wallNanos
            obj.gateWaitNanos &+= gateWaitNanos
            obj.kvReads += kvR
            obj.kvWrites += kvW
            obj.kvDeletes += kvD
            obj.kvLists += kvL
            obj.sqlRowsRead += sR
            obj.sqlRowsWritten += sW
            obj.billableNanos &+= billableNanos
        }
    }

    /// An event was refused before running (overload, broken instance).
    func rejected(_ slot: ObjectMetricsSlot, kind: EventKind, overloaded: Bool, billableNanos: UInt64) {
        let n = kind == .request || kind == .rpc ? 1 : 0
        update(slot, requests: n) { sec, obj in
            sec.requests += n
            sec.errors += 1
            if overloaded { sec.overloaded += 1 }
            sec.billableNanos &+= billableNanos
            obj.requests += n
            obj.errors += 1
            obj.billableNanos &+= billableNanos
        }
    }

    func alarm(retried: Bool = false, dropped: Bool = false) {
        update(nil) { sec, _ in
            if retried { sec.alarmsRetried += 1 }
            if dropped { sec.alarmsDropped += 1 }
        }
    }

    func webSocketIn(_ id: DurableObjectId) {
        let s = slot(id)
        update(s) { sec, obj in
            sec.webSocketMessagesIn += 1
            obj.webSocketMessagesIn += 1
        }
    }

    func webSocketOut(_ id: DurableObjectId) {
        let s = slot(id)
        update(s) { sec, obj in
            sec.webSocketMessagesOut += 1
            obj.webSocketMessagesOut += 1
        }
    }

    func evicted() { update(nil) { sec, _ in sec.evictions += 1 } }

    /// An object's database size after a commit.
    /// Billable time of an object kept awake with no event running (a standard WebSocket), recorded as it
    /// accrues so that metrics show it before the socket closes. Does not count the object as active.
    func heldAwake(_ slot: ObjectMetricsSlot, nanos: UInt64) {
        guard enabled, nanos > 0 else { return }
        let second = clock.nowNanoseconds / 1_000_000_000
        state.withLock { s in
            if second != s.current.second { roll(&s, to: second) }
            s.current.billableNanos &+= nanos
            slot.totals.billableNanos &+= nanos
            if !slot.dirty {
                slot.dirty = true
                s.dirty.append(slot)
            }
        }
    }

    func stored(_ slot: ObjectMetricsSlot, bytes: Int64) {
        guard enabled else { return }
        state.withLock { s in
            slot.totals.storedBytes = bytes
            if !slot.dirty {
                slot.dirty = true
                s.dirty.append(slot)
            }
        }
    }

    /// The contexts whose object's last event ended in a second ≤ `second` (or that recorded none), and those
    /// for which `keep` is true.
    func lastActiveAtMost(
        _ second: Int64, _ contexts: [ObjectContext], keep: (ObjectContext) -> Bool
    ) -> [ObjectContext] {
        state.withLock { _ in contexts.filter { $0.metricsSlot.totals.lastActive <= second || keep($0) } }
    }

    /// Forgets an object's totals (it was deleted).
    func forget(_ id: DurableObjectId?) {
        state.withLock { s in
            if let id { s.slots[id] = nil } else { s.slots.removeAll() }
        }
    }

    /// Takes finished seconds and changed object totals for the store (rolling the current second if past).
    /// `closingCurrent` also closes the second still running (at shutdown: no event can follow, so it is complete).
    func drain(gauges: (inMemory: Int, hibernated: Int, open: Int, hibernatedObjects: Int), closingCurrent: Bool = false)
        -> (seconds: [(MetricsSecond, [HotObject])], objects: [ObjectMetrics])
    {
        let second = clock.nowNanoseconds / 1_000_000_000
        return state.withLock { s in
            if second != s.current.second { roll(&s, to: second) }
            if closingCurrent { roll(&s, to: s.current.second + 1) }
            var seconds = s.finished
            s.finished.removeAll()
            for i in seconds.indices {
                seconds[i].0.objectsInMemory = gauges.inMemory
                seconds[i].0.hibernatedWebSockets = gauges.hibernated
                seconds[i].0.openWebSockets = gauges.open
                seconds[i].0.hibernatedObjects = gauges.hibernatedObjects
            }
            let objects = s.dirty.map { slot -> ObjectMetrics in
                slot.dirty = false
                return slot.totals
            }
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
        state.withLock { $0.slots.values.map(\.totals) }
    }
}
