import Foundation

extension MetricsAnalyzer {
    /// Builds `getDOMetrics`' report from a Cloudflare account's figures, with the same price model and rules as the
    /// embedded source. Figures the account cannot measure come out as `null` with a note; the rules see zeros
    /// there, so none fires on a figure that was not measured.
    package func accountReport(
        _ figures: [AccountNamespaceFigures], window: AccountWindow, includeSeries: Bool, caveats: [String],
        skippedFields: [SourcedMetricsReport.SkippedField]
    ) -> SourcedMetricsReport {
        var namespaces: [NamespaceReport] = []
        var extras: [SourcedMetricsReport.NamespaceExtras] = []
        var total = Usage()
        for f in figures {
            let usage = accountMonthlyUsage(f, windowSeconds: window.seconds)
            total = total + usage
            let (report, extra) = accountNamespaceReport(f, usage: usage, window: window, includeSeries: includeSeries)
            namespaces.append(report)
            extras.append(extra)
        }
        let requests = namespaces.map(\.requests).reduce(0, +)
        let busyBuckets = Set(figures.flatMap { $0.buckets.filter { $0.requests > 0 }.map(\.start) }).count
        let report = MetricsReport(
            source: "cloudflare",
            note: "Read from the Cloudflare account's GraphQL Analytics API (Durable Objects datasets) over whole \(window.granularitySeconds)-second buckets: production figures, sampled and delayed (see caveats). Figures the account does not offer are null with a note in fieldNotes.",
            windowSeconds: window.seconds, from: window.from, to: window.to, namespaces: namespaces,
            totals: .init(
                requests: requests, errors: namespaces.map(\.errors).reduce(0, +),
                requestsPerSecond: busyBuckets == 0 ? 0 : Self.round(Double(requests) / Double(busyBuckets * window.granularitySeconds)),
                activeObjects: namespaces.map(\.activeObjects).reduce(0, +),
                stateOperations: namespaces.map(\.stateOperations).reduce(0, +),
                estimatedMonthlyCost: priceModel.estimate(total, scope: .accountTotal, assumptions: accountCostAssumptions(window.seconds))))
        return SourcedMetricsReport(
            report: report, granularitySeconds: window.granularitySeconds, caveats: caveats, skippedFields: skippedFields,
            extras: extras)
    }

    func accountNamespaceReport(
        _ f: AccountNamespaceFigures, usage: Usage, window: AccountWindow, includeSeries: Bool
    ) -> (NamespaceReport, SourcedMetricsReport.NamespaceExtras) {
        let g = Double(window.granularitySeconds)
        var notes: [String: String] = [:]
        let notOffered = "The account's analytics do not offer this figure."
        func missing(_ field: String, _ dataset: String) -> String {
            "Not measured: the API did not return \(field) of \(dataset) (see skippedFields)."
        }
        let busy = f.buckets.filter { $0.requests > 0 }.count
        let peakBucket = f.buckets.map(\.requests).max() ?? 0
        notes["cpuTimeP95"] = "No Durable Objects dataset offers CPU-time percentiles per invocation (periodic offers only the sum); cpuTimeMeanMs gives the mean, which is not a percentile."
        notes["cpuTimeP50"] = notes["cpuTimeP95"]
        notes["cpuTimeP99"] = notes["cpuTimeP95"]
        notes["wallTimeMs"] = "No Durable Objects dataset offers wall-time percentiles; only a sum (third-party field)."
        notes["inputGateWaitP95"] = notOffered + " Input-gate waits are measured only by the embedded runtime."
        notes["objectsInMemory"] = notOffered + " Cloudflare does not report instances in memory."
        notes["evictions"] = notOffered
        notes["coldStarts"] = notOffered + " Cold starts are measured only by the embedded runtime."
        notes["coldStartMs"] = notes["coldStarts"]
        notes["overloadedErrors"] = notOffered + " Overload errors are counted within errors."
        notes["storedObjects"] = notOffered + " Storage is reported per namespace, not per object."
        notes["alarms.set"] = notOffered + " Only alarm invocations are counted."
        notes["alarms.retried"] = notOffered
        notes["alarms.dropped"] = notOffered
        notes["webSockets.open"] = notOffered
        notes["webSockets.hibernated"] = notOffered
        notes["webSockets.messagesOut"] = notOffered
        notes["stateOperationsByKind.kvLists"] = "Not reported separately: list calls are in rows read (SQLite-backed) or read units (KV-backed)."
        if f.errors == nil { notes["errors"] = missing("sum.errors", "durableObjectsInvocationsAdaptiveGroups"); notes["errorRate"] = notes["errors"] }
        if f.alarms == nil { notes["alarms.fired"] = missing("dimension type", "durableObjectsInvocationsAdaptiveGroups") }
        if f.webSocketMessagesIn == nil { notes["webSockets.messagesIn"] = missing("sum.inboundWebsocketMsgCount", "durableObjectsPeriodicGroups") }
        if f.rowsRead == nil { notes["stateOperationsByKind.sqlRowsRead"] = missing("sum.rowsRead", "durableObjectsPeriodicGroups") }
        if f.rowsWritten == nil { notes["stateOperationsByKind.sqlRowsWritten"] = missing("sum.rowsWritten", "durableObjectsPeriodicGroups") }
        if f.storageReadUnits == nil { notes["stateOperationsByKind.kvReads"] = missing("sum.storageReadUnits", "durableObjectsPeriodicGroups") }
        if f.storageWriteUnits == nil { notes["stateOperationsByKind.kvWrites"] = missing("sum.storageWriteUnits", "durableObjectsPeriodicGroups") }
        if f.storageDeletes == nil { notes["stateOperationsByKind.kvDeletes"] = missing("sum.storageDeletes", "durableObjectsPeriodicGroups") }
        if f.stateOperations == nil { notes["stateOperations"] = "Not measured: no storage-operation field of durableObjectsPeriodicGroups was returned." }
        if f.storedBytes == nil { notes["storedBytes"] = "Not measured: neither storage dataset returned storedBytes for this namespace." }
        if f.activeTimeMicroseconds == nil { notes["billableActiveSeconds"] = missing("sum.activeTime", "durableObjectsPeriodicGroups") }
        if f.activeObjects == nil { notes["activeObjects"] = missing("dimension objectId", "durableObjectsInvocationsAdaptiveGroups") }

        let requests = f.requests
        let errors = f.errors ?? 0
        var report = NamespaceReport(
            namespace: f.namespace, className: f.className,
            activeObjects: f.activeObjects ?? 0,
            requestsPerSecond: busy == 0 ? 0 : Self.round(Double(requests) / (Double(busy) * g)),
            peakRequestsPerSecond: Self.round(Double(peakBucket) / g),
            cpuTimeP95: 0, stateOperations: f.stateOperations ?? 0, objectsInMemory: 0,
            requests: requests, errors: errors,
            errorRate: requests == 0 ? 0 : Self.round(Double(errors) / Double(requests)),
            overloadedErrors: 0, cpuTimeP50: 0, cpuTimeP99: 0, wallTimeMs: .init(p50: 0, p95: 0, p99: 0),
            inputGateWaitP95: 0,
            stateOperationsByKind: .init(
                kvReads: f.storageReadUnits ?? 0, kvWrites: f.storageWriteUnits ?? 0, kvDeletes: f.storageDeletes ?? 0,
                kvLists: 0, sqlRowsRead: f.rowsRead ?? 0, sqlRowsWritten: f.rowsWritten ?? 0),
            storedBytes: f.storedBytes ?? 0, storedObjects: 0,
            alarms: .init(set: 0, fired: f.alarms ?? 0, retried: 0, dropped: 0),
            webSockets: .init(open: 0, hibernated: 0, messagesIn: f.webSocketMessagesIn ?? 0, messagesOut: 0),
            evictions: 0,
            billableActiveSeconds: Self.round((f.activeTimeMicroseconds ?? 0) / 1e6),
            hottestObjects: f.hotObjects.prefix(5).map { hot in
                .init(
                    id: hot.id, name: nil, requests: hot.requests,
                    requestsPerSecond: Self.round(Double(hot.requests) / (Double(max(1, hot.activeBuckets)) * g)),
                    peakRequestsPerSecond: Int((Double(hot.busiestBucketRequests) / g).rounded(.up)))
            },
            series: includeSeries
                ? f.buckets.map {
                    .init(second: $0.start, requests: $0.requests, errors: $0.errors ?? 0, cpuTimeP95: 0,
                          stateOperations: $0.stateOperations ?? 0, activeObjects: 0)
                } : nil,
            estimatedMonthlyCost: priceModel.estimate(usage, scope: .namespaceShare, assumptions: accountCostAssumptions(window.seconds)),
            recommendations: [])
        // Without a wall-time sum, "held awake" cannot be told from "busy": the rule must not see active time.
        var judged = report
        if f.wallTimeMicroseconds == nil { judged.billableActiveSeconds = 0 }
        report.recommendations = MetricsRules.evaluate(
            judged,
            context: .init(
                wallSeconds: (f.wallTimeMicroseconds ?? 0) / 1e6, windowSeconds: window.seconds,
                storageLimitBytes: NamespaceSnapshot.cloudflareStorageLimitBytes,
                monthScale: Self.secondsPerMonth / Double(max(1, window.seconds))),
            priceModel: priceModel)
        var seriesNulls = ["cpuTimeP95", "activeObjects"]
        if f.errors == nil { seriesNulls.append("errors") }
        if f.stateOperations == nil { seriesNulls.append("stateOperations") }
        let cpuMean = f.cpuTimeMicroseconds.flatMap { requests == 0 ? nil : Self.round($0 / Double(requests) / 1000) }
        return (report, .init(
            namespaceId: f.namespaceId, scriptName: f.scriptName, fieldNotes: notes, cpuTimeMeanMs: cpuMean,
            seriesNulls: seriesNulls, source: nil))
    }

    /// The namespace's usage in the window, extrapolated to a month at the same rate.
    func accountMonthlyUsage(_ f: AccountNamespaceFigures, windowSeconds: Int) -> Usage {
        let alarms = Double(f.alarms ?? 0)
        var usage = Usage(
            requests: max(0, Double(f.requests) - alarms), webSocketMessagesIn: Double(f.webSocketMessagesIn ?? 0),
            alarmInvocations: alarms, activeSeconds: (f.activeTimeMicroseconds ?? 0) / 1e6)
        if f.useSqlite == false {
            usage.kvReadUnits = Double(f.storageReadUnits ?? 0)
            usage.kvWriteUnits = Double(f.storageWriteUnits ?? 0)
            usage.kvDeletes = Double(f.storageDeletes ?? 0)
        } else {
            usage.rowsRead = Double(f.rowsRead ?? 0)
            usage.rowsWritten = Double(f.rowsWritten ?? 0)
        }
        usage = usage.scaled(by: Self.secondsPerMonth / Double(max(1, windowSeconds)))
        if f.useSqlite == false {
            usage.kvStoredGigabytes = Double(f.storedBytes ?? 0) / 1e9
        } else {
            usage.storedGigabytes = Double(f.storedBytes ?? 0) / 1e9
        }
        return usage
    }

    func accountCostAssumptions(_ windowSeconds: Int) -> [String] {
        [
            "The rate the account's analytics show over the \(windowSeconds) s queried continues for a 30-day month.",
            "Requests are the account's invocations less alarm invocations; hibernated WebSocket messages are among the invocations and are priced here as requests, without the 20:1 ratio, so that part is overstated.",
            "Duration is the periodic dataset's active time at 128 MB; rows and KV units are the periodic dataset's sums.",
            "Stored data is the largest stored size in the window, held for the whole month.",
        ]
    }
}
