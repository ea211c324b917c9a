import DurableObjects
import Foundation

/// Turns namespace snapshots into the ``MetricsReport`` of `getDOMetrics`: figures, monthly cost, recommendations.
package struct MetricsAnalyzer: Sendable {
    package var priceModel = PriceModel()
    /// Seconds in the month that costs are extrapolated to (30 days).
    package static let secondsPerMonth = 30.0 * 86_400

    package init() {}

    /// Reads the source and builds the report for the window ending at `now` (Unix seconds).
    /// With `baselineWindowSeconds` N, the N seconds that end where the window starts are measured too, and each
    /// namespace (and the totals) gets `baseline` and `change` beside its headline figures.
    package func report(
        from source: any MetricsSource, namespace: String?, windowSeconds: Int, includeSeries: Bool, now: Int64,
        baselineWindowSeconds: Int? = nil
    ) async throws -> MetricsReport {
        let from = now - Int64(windowSeconds) + 1
        let snapshots = try await source.snapshots(namespace: namespace, from: from, to: now)
        var result = report(snapshots, source: source.name, windowSeconds: windowSeconds, from: from, to: now, includeSeries: includeSeries)
        if let seconds = baselineWindowSeconds, seconds > 0 {
            let baseFrom = from - Int64(seconds)
            let earlier = try await source.baselineSnapshots(namespace: namespace, from: baseFrom, to: from - 1)
            result.compare(with: report(
                earlier, source: source.name, windowSeconds: seconds, from: baseFrom, to: from - 1, includeSeries: false))
        }
        return result
    }

    package func report(
        _ snapshots: [NamespaceSnapshot], source: String, windowSeconds: Int, from: Int64, to: Int64, includeSeries: Bool
    ) -> MetricsReport {
        var namespaces: [NamespaceReport] = []
        var total = Usage()
        for snapshot in snapshots {
            let usage = monthlyUsage(snapshot, windowSeconds: windowSeconds)
            total = total + usage
            namespaces.append(namespaceReport(snapshot, usage: usage, windowSeconds: windowSeconds, includeSeries: includeSeries))
        }
        let requests = namespaces.map(\.requests).reduce(0, +)
        let busySeconds = Set(snapshots.flatMap { $0.seconds.filter { $0.requests > 0 }.map(\.second) }).count
        return MetricsReport(
            source: source,
            note: source == "embedded"
                ? "Measured on the Durable Objects runtime embedded in this do-architect server (objects run by runWorkload, invokeObject and other tools), not on a Cloudflare account."
                : "Read from \(source).",
            windowSeconds: windowSeconds, from: from, to: to, namespaces: namespaces,
            totals: .init(
                requests: requests, errors: namespaces.map(\.errors).reduce(0, +),
                requestsPerSecond: busySeconds == 0 ? 0 : Self.round(Double(requests) / Double(busySeconds)),
                activeObjects: namespaces.map(\.activeObjects).reduce(0, +),
                stateOperations: namespaces.map(\.stateOperations).reduce(0, +),
                estimatedMonthlyCost: priceModel.estimate(total, scope: .accountTotal, assumptions: costAssumptions(windowSeconds))))
    }

    // MARK: - One namespace

    func namespaceReport(_ s: NamespaceSnapshot, usage: Usage, windowSeconds: Int, includeSeries: Bool) -> NamespaceReport {
        let sum = MetricsSecond.aggregate(s.seconds)
        let cpu = sum.cpuHistogram, wall = sum.wallHistogram, gate = sum.gateWaitHistogram
        let busy = s.seconds.filter { $0.requests > 0 }.count
        let peak = s.seconds.map(\.requests).max() ?? 0
        let rps = busy == 0 ? 0 : Double(sum.requests) / Double(busy)
        var report = NamespaceReport(
            namespace: s.namespace, className: s.className,
            activeObjects: s.activeObjects,
            requestsPerSecond: Self.round(rps), peakRequestsPerSecond: Double(peak),
            cpuTimeP95: Self.milliseconds(cpu.quantile(0.95)),
            stateOperations: sum.stateOperations,
            objectsInMemory: s.objectsInMemory,
            requests: sum.requests, errors: sum.errors,
            errorRate: sum.requests == 0 ? 0 : Self.round(Double(sum.errors) / Double(sum.requests)),
            overloadedErrors: sum.overloaded,
            cpuTimeP50: Self.milliseconds(cpu.quantile(0.5)), cpuTimeP99: Self.milliseconds(cpu.quantile(0.99)),
            wallTimeMs: .init(
                p50: Self.milliseconds(wall.quantile(0.5)), p95: Self.milliseconds(wall.quantile(0.95)),
                p99: Self.milliseconds(wall.quantile(0.99))),
            inputGateWaitP95: Self.milliseconds(gate.quantile(0.95)),
            stateOperationsByKind: .init(
                kvReads: sum.kvReads, kvWrites: sum.kvWrites, kvDeletes: sum.kvDeletes, kvLists: sum.kvLists,
                sqlRowsRead: sum.sqlRowsRead, sqlRowsWritten: sum.sqlRowsWritten),
            storedBytes: s.storedBytes, storedObjects: s.storedObjects, largestObjectBytes: s.largestObjectBytes,
            alarms: .init(set: sum.alarmsSet, fired: sum.alarmsFired, retried: sum.alarmsRetried, dropped: sum.alarmsDropped),
            webSockets: .init(
                open: sum.openWebSockets, hibernated: sum.hibernatedWebSockets,
                messagesIn: sum.webSocketMessagesIn, messagesOut: sum.webSocketMessagesOut),
            evictions: sum.evictions,
            billableActiveSeconds: Self.round(Double(sum.billableNanos) / 1e9),
            hottestObjects: s.hotObjects.prefix(5).map { hot in
                .init(
                    id: hot.id, name: hot.name, requests: hot.requests,
                    requestsPerSecond: Self.round(Double(hot.requests) / Double(max(1, hot.activeSeconds))),
                    peakRequestsPerSecond: hot.peakPerSecond, writesPerRequest: hot.writesPerRequest.map(Self.round))
            },
            series: includeSeries
                ? s.seconds.map { second in
                    .init(
                        second: second.second, requests: second.requests, errors: second.errors,
                        cpuTimeP95: Self.milliseconds(second.cpuHistogram.quantile(0.95)),
                        stateOperations: second.stateOperations, activeObjects: second.activeObjects)
                } : nil,
            estimatedMonthlyCost: priceModel.estimate(usage, scope: .namespaceShare, assumptions: costAssumptions(windowSeconds)),
            recommendations: [])
        report.coldStarts = sum.coldStarts
        report.coldStartMs = .init(
            p50: Self.milliseconds(sum.coldStartHistogram.quantile(0.5)),
            p95: Self.milliseconds(sum.coldStartHistogram.quantile(0.95)))
        report.recommendations = MetricsRules.evaluate(
            report,
            context: .init(
                wallSeconds: Double(sum.wallNanos) / 1e9, windowSeconds: windowSeconds,
                storageLimitBytes: s.storageLimitBytes, monthScale: Self.secondsPerMonth / Double(max(1, windowSeconds))),
            priceModel: priceModel)
        return report
    }

    /// The namespace's usage in the window, extrapolated to a month at the same rate.
    func monthlyUsage(_ s: NamespaceSnapshot, windowSeconds: Int) -> Usage {
        let sum = MetricsSecond.aggregate(s.seconds)
        var usage = Usage(
            requests: Double(sum.requests), webSocketMessagesIn: Double(sum.webSocketMessagesIn),
            alarmInvocations: Double(sum.alarmsFired), activeSeconds: Double(sum.billableNanos) / 1e9,
            // KV-style calls on SQLite-backed objects are billed as rows; setAlarm is one row written.
            rowsRead: Double(sum.sqlRowsRead + sum.kvReads + sum.kvLists),
            rowsWritten: Double(sum.sqlRowsWritten + sum.kvWrites + sum.kvDeletes + sum.alarmsSet))
        usage = usage.scaled(by: Self.secondsPerMonth / Double(max(1, windowSeconds)))
        usage.storedGigabytes = Double(s.storedBytes) / 1e9
        return usage
    }

    func costAssumptions(_ windowSeconds: Int) -> [String] {
        [
            "The rate observed over the last \(windowSeconds) s continues for a 30-day month.",
            "Duration is each object's billable active time (an event in flight, or held awake by a standard WebSocket) at 128 MB.",
            "KV-style storage calls on SQLite-backed objects bill as rows (reads and lists as rows read; writes, deletes and setAlarm as rows written).",
            "Stored data is the objects' database files now, held for the whole month.",
        ]
    }

    static func milliseconds(_ nanos: UInt64) -> Double { round(Double(nanos) / 1e6) }

    static func round(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
