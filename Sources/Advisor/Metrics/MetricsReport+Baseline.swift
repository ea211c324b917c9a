/// Comparing a window with the one before it (`baselineWindowSeconds`): the same headline figures measured over
/// the N seconds that end where the window starts, and each figure's ratio (window ÷ baseline).
extension MetricsReport {
    /// The earlier window a report is compared with.
    package struct BaselineWindow: Sendable, Codable, Equatable {
        package var windowSeconds: Int
        /// Unix seconds, inclusive; `to` is the second before the window's `from`.
        package var from: Int64
        package var to: Int64
        /// What the baseline figures can and cannot say.
        package var note: String
    }

    /// The headline figures of a namespace, by name: what `baseline` holds and `change` compares.
    package static func headline(_ n: NamespaceReport) -> [String: Double] {
        [
            "activeObjects": Double(n.activeObjects), "requestsPerSecond": n.requestsPerSecond,
            "peakRequestsPerSecond": n.peakRequestsPerSecond, "cpuTimeP95": n.cpuTimeP95,
            "stateOperations": Double(n.stateOperations), "requests": Double(n.requests), "errors": Double(n.errors),
            "errorRate": n.errorRate, "wallTimeP95": n.wallTimeMs.p95, "inputGateWaitP95": n.inputGateWaitP95,
            "billableActiveSeconds": n.billableActiveSeconds, "estimatedMonthlyUSD": MetricsAnalyzer.round(n.estimatedMonthlyCost.totalUSD),
        ]
    }

    /// The headline figures of the totals.
    package static func headline(_ t: Totals) -> [String: Double] {
        [
            "requests": Double(t.requests), "errors": Double(t.errors), "requestsPerSecond": t.requestsPerSecond,
            "activeObjects": Double(t.activeObjects), "stateOperations": Double(t.stateOperations),
            "estimatedMonthlyUSD": MetricsAnalyzer.round(t.estimatedMonthlyCost.totalUSD),
        ]
    }

    /// Each figure's ratio, window ÷ baseline (1 = unchanged, 0.5 = halved); a figure whose baseline is 0 has no
    /// ratio and is left out.
    package static func change(_ current: [String: Double], over baseline: [String: Double]) -> [String: Double] {
        var ratios: [String: Double] = [:]
        for (key, before) in baseline where before != 0 {
            if let now = current[key] { ratios[key] = MetricsAnalyzer.round(now / before) }
        }
        return ratios
    }

    /// Adds `baseline` and `change` beside the headline figures, from a report of the baseline window.
    package mutating func compare(with base: MetricsReport) {
        baselineWindow = BaselineWindow(
            windowSeconds: base.windowSeconds, from: base.from, to: base.to,
            note: """
                The \(base.windowSeconds) s that end where this window starts. change = this window ÷ baseline for each \
                figure (left out where the baseline is 0). Rates, percentiles and costs compare directly; requests, \
                errors and state operations are counts over windows of \(windowSeconds) s and \(base.windowSeconds) s.
                """)
        let empty = Self.headline(NamespaceReport.empty)
        for index in namespaces.indices {
            let before = base.namespaces.first { $0.namespace == namespaces[index].namespace }
            let figures = before.map(Self.headline) ?? empty
            namespaces[index].baseline = figures
            namespaces[index].baselineRecommendations = before?.recommendations.map(\.id) ?? []
            namespaces[index].change = Self.change(Self.headline(namespaces[index]), over: figures)
        }
        totals.baseline = Self.headline(base.totals)
        totals.change = Self.change(Self.headline(totals), over: totals.baseline ?? [:])
    }
}

extension NamespaceReport {
    /// A namespace with no traffic, for a baseline window in which it did not appear.
    static let empty = NamespaceReport(
        namespace: "", className: nil, activeObjects: 0, requestsPerSecond: 0, peakRequestsPerSecond: 0, cpuTimeP95: 0,
        stateOperations: 0, objectsInMemory: 0, requests: 0, errors: 0, errorRate: 0, overloadedErrors: 0, cpuTimeP50: 0,
        cpuTimeP99: 0, wallTimeMs: .init(p50: 0, p95: 0, p99: 0), inputGateWaitP95: 0,
        stateOperationsByKind: .init(kvReads: 0, kvWrites: 0, kvDeletes: 0, kvLists: 0, sqlRowsRead: 0, sqlRowsWritten: 0),
        storedBytes: 0, storedObjects: 0, largestObjectBytes: nil, alarms: .init(set: 0, fired: 0, retried: 0, dropped: 0),
        webSockets: .init(open: 0, hibernated: 0, messagesIn: 0, messagesOut: 0), evictions: 0, billableActiveSeconds: 0,
        hottestObjects: [], series: nil,
        estimatedMonthlyCost: CostEstimate(scope: .namespaceShare, lines: [], usageUSD: 0, planMinimumUSD: nil, totalUSD: 0, assumptions: []),
        recommendations: [])
}
