import Advisor
import DurableObjects
import Foundation

/// Metrics of the runtime embedded in this server, read from the metrics store of its data directory.
///
/// With the live runtime at hand (the server), it first flushes the seconds still in memory and reports the
/// instances in memory now; without it (`do-architect metrics` in another process) it reads what the server
/// recorded. Stored bytes and objects come from the store (each object's size as of its last recorded commit).
package final class EmbeddedMetricsSource: MetricsSource {
    package let name = "embedded"
    /// SQLite's default page size, for a runtime that caps its databases in pages.
    static let pageBytes: Int64 = 4_096
    /// Below this peak no object is near a per-object budget (`shard-hot-object` starts at 80 % of 500 requests/s
    /// for objects that write).
    static let hotPeakPerSecond = 400
    private let store: MetricsStore
    private let runtime: DurableObjectsRuntime?
    /// Class names by binding, for namespaces not registered in `runtime`.
    private let known: [String: String]

    package init(store: MetricsStore, runtime: DurableObjectsRuntime?, known: [String: String] = [:]) {
        self.store = store
        self.runtime = runtime
        self.known = known
    }

    package func snapshots(namespace: String?, from: Int64, to: Int64) async throws -> [NamespaceSnapshot] {
        try await snapshots(namespace: namespace, from: from, to: to, past: false)
    }

    /// A window in the past: its seconds end at `to`, and its active objects are counted from the per-second
    /// hottest lists (objects' totals only know when each was last active), the larger of their distinct ids and
    /// the busiest second's active objects: exact while no second had more active objects than a hottest list
    /// holds (20 by default), a lower bound beyond.
    package func baselineSnapshots(namespace: String?, from: Int64, to: Int64) async throws -> [NamespaceSnapshot] {
        try await snapshots(namespace: namespace, from: from, to: to, past: true)
    }

    private func snapshots(namespace: String?, from: Int64, to: Int64, past: Bool) async throws -> [NamespaceSnapshot] {
        if let runtime, !past {
            // Seconds are recorded when they end: when the current second has traffic, wait for it to end
            // (at most a second) so that what was just run is in the report.
            let busy = runtime.namespaces.contains { ns in
                guard let current = runtime.recentMetrics(ns.binding).last else { return false }
                return current.requests > 0 || current.alarmsFired > 0 || current.webSocketMessagesIn > 0
            }
            if busy {
                let now = Date().timeIntervalSince1970
                try await Task.sleep(for: .milliseconds(Int((now.rounded(.down) + 1 - now) * 1000) + 20))
            }
            runtime.flushMetrics()
        }
        var bindings = Set(try store.namespaces())
        for ns in runtime?.namespaces ?? [] { bindings.insert(ns.binding) }
        bindings.formUnion(known.keys)
        if let namespace { bindings = bindings.filter { $0 == namespace } }
        return try bindings.sorted().map { binding in
            let live = runtime?.namespace(binding)
            let seconds = try store.seconds(namespace: binding, from: from, to: past ? to : max(to, Int64(Date().timeIntervalSince1970)))
            let storage = try store.storedSize(namespace: binding)
            var snapshot = NamespaceSnapshot(
                namespace: binding, className: live?.objectClass.name ?? known[binding],
                seconds: seconds,
                activeObjects: past
                    ? max(
                        try store.hotObjectWindows(namespace: binding, from: from, to: to, limit: 1_000_000).count,
                        seconds.map(\.activeObjects).max() ?? 0)
                    : try store.activeObjectCount(namespace: binding, since: from),
                hotObjects: try store.hotObjectWindows(namespace: binding, from: from, to: to).map {
                    .init(id: $0.id, name: $0.name, requests: $0.requests, peakPerSecond: $0.peakPerSecond, activeSeconds: $0.activeSeconds)
                },
                objectsInMemory: live?.objectsInMemory ?? seconds.last?.objectsInMemory ?? 0,
                storedBytes: storage.bytes, storedObjects: storage.objects)
            if let pages = runtime?.configuration.maxDatabasePages {
                snapshot.storageLimitBytes = Int64(pages) * Self.pageBytes
            }
            // The largest database among the window's 200 busiest objects (the store has no size index), and
            // whether the hottest objects write: read only when a rule could use them (an object could be at half
            // its limit, or one is near the lowest per-object budget), since it reads every active object's totals.
            let couldBeFull = storage.bytes >= snapshot.storageLimitBytes / 2
            let couldBeHot = snapshot.hotObjects.contains { $0.peakPerSecond >= Self.hotPeakPerSecond }
            guard couldBeFull || couldBeHot else { return snapshot }
            let busiest = try store.objectTotals(namespace: binding, activeSince: from, limit: 200)
            snapshot.largestObjectBytes = busiest.map(\.storedBytes).max() ?? 0
            let byId = Dictionary(busiest.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for index in snapshot.hotObjects.indices {
                guard let totals = byId[snapshot.hotObjects[index].id], totals.requests > 0 else { continue }
                let writes = totals.kvWrites + totals.kvDeletes + totals.sqlRowsWritten
                snapshot.hotObjects[index].writesPerRequest = Double(writes) / Double(totals.requests)
            }
            return snapshot
        }
    }
}
