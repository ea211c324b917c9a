/// `getDOMetrics {source: "compare"}`: one namespace measured on the embedded runtime next to the same namespace
/// read from the Cloudflare account, with the ratio of each headline figure (account ÷ embedded).
package struct MetricsComparison: Sendable, Encodable, Equatable {
    package var namespace: String
    package var figures: [Figure]
    package var notes: [String]

    package struct Figure: Sendable, Encodable, Equatable {
        package var figure: String
        package var embedded: Double?
        package var cloudflare: Double?
        /// cloudflare ÷ embedded; null when either is null or the embedded figure is 0.
        package var ratio: Double?

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: FieldKey.self)
            try container.encode(figure, forKey: FieldKey("figure"))
            try container.encode(embedded, forKey: FieldKey("embedded"))
            try container.encode(cloudflare, forKey: FieldKey("cloudflare"))
            try container.encode(ratio, forKey: FieldKey("ratio"))
        }
    }

    /// Joins the embedded report's namespace and the account report (one namespace) into one `compare` report:
    /// both namespaces (each tagged with its `source`), the account's totals, and the ratios.
    package static func join(
        embedded: NamespaceReport, account: SourcedMetricsReport, namespace: String
    ) -> SourcedMetricsReport {
        var joined = account
        guard let cloud = account.report.namespaces.first, let extras = account.extras.first else { return account }
        let nulls = Set(extras.fieldNotes.keys)
        func pair(_ name: String, _ e: Double, _ c: Double) -> Figure {
            let value: Double? = nulls.contains(name) ? nil : c
            let ratio = value.flatMap { e == 0 ? nil : MetricsAnalyzer.round($0 / e) }
            return Figure(figure: name, embedded: e, cloudflare: value, ratio: ratio)
        }
        let figures = [
            pair("requests", Double(embedded.requests), Double(cloud.requests)),
            pair("requestsPerSecond", embedded.requestsPerSecond, cloud.requestsPerSecond),
            pair("peakRequestsPerSecond", embedded.peakRequestsPerSecond, cloud.peakRequestsPerSecond),
            pair("activeObjects", Double(embedded.activeObjects), Double(cloud.activeObjects)),
            pair("cpuTimeP95", embedded.cpuTimeP95, cloud.cpuTimeP95),
            pair("stateOperations", Double(embedded.stateOperations), Double(cloud.stateOperations)),
            pair("errorRate", embedded.errorRate, cloud.errorRate),
            pair("storedBytes", Double(embedded.storedBytes), Double(cloud.storedBytes)),
            pair("estimatedMonthlyCost", embedded.estimatedMonthlyCost.totalUSD, cloud.estimatedMonthlyCost.totalUSD),
        ]
        joined.report.source = "compare"
        joined.report.note = "The namespace \(namespace) measured on the runtime embedded in this server (first entry) next to the Cloudflare account's figures for \(cloud.namespace) (second entry: the namespace the wrangler config binds to \(namespace), else the one of the same class); totals are the account's."
        joined.report.namespaces = [embedded, cloud]
        joined.extras = [
            .init(namespaceId: nil, scriptName: nil, fieldNotes: [:], cpuTimeMeanMs: nil, seriesNulls: [], source: "embedded"),
            { var e = extras; e.source = "cloudflare"; return e }(),
        ]
        joined.comparison = MetricsComparison(namespace: namespace, figures: figures, notes: [
            "Ratios are the account's figure divided by the embedded one.",
            "Local CPU times are relative: the embedded runtime runs built-in Swift classes on this machine, not your Worker on Cloudflare, so compare CPU across local runs, not against production.",
            "The embedded side is the built-in namespace with the same binding name (until a Worker of yours is loaded); its window is the last windowSeconds, the account's is aligned to whole buckets.",
            "The account has no CPU percentiles, so cpuTimeP95 has no ratio; see the account entry's cpuTimeMeanMs.",
        ])
        return joined
    }
}
