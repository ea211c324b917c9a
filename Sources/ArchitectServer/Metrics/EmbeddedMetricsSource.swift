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
        if let runtime {
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
            let seconds = try store.seconds(namespace: binding, from: from, to: max(to, Int64(Date().timeIntervalSince1970)))
            let storage = try store.storedSize(namespace: binding)
            return NamespaceSnapshot(
                namespace: binding, className: live?.objectClass.name ?? known[binding],
                seconds: seconds,
                activeObjects: try store.activeObjectCount(namespace: binding, since: from),
                hotObjects: try store.hotObjectWindows(namespace: binding, from: from, to: to).map {
                    .init(id: $0.id, name: $0.name, requests: $0.requests, peakPerSecond: $0.peakPerSecond, activeSeconds: $0.activeSeconds)
                },
                objectsInMemory: live?.objectsInMemory ?? seconds.last?.objectsInMemory ?? 0,
                storedBytes: storage.bytes, storedObjects: storage.objects)
        }
    }
}
