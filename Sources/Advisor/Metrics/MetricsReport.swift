/// What `getDOMetrics` returns: per namespace figures over a window, their monthly cost, and recommendations.
///
/// The same shape whatever the ``MetricsSource``: the runtime embedded in this server today, Cloudflare's GraphQL
/// Analytics for deployed objects later. Field names of the seed's headline figures are kept exactly:
/// `activeObjects`, `requestsPerSecond`, `cpuTimeP95` (milliseconds), `stateOperations`.
package struct MetricsReport: Sendable, Codable, Equatable {
    /// `embedded` for the runtime inside this server.
    package var source: String
    /// Where the numbers come from, in words.
    package var note: String
    package var windowSeconds: Int
    /// The window, in Unix seconds, inclusive.
    package var from: Int64
    package var to: Int64
    package var namespaces: [NamespaceReport]
    package var totals: Totals
    /// The earlier window compared with (`baselineWindowSeconds`), absent otherwise.
    package var baselineWindow: BaselineWindow? = nil

    package struct Totals: Sendable, Codable, Equatable {
        package var requests: Int
        package var errors: Int
        package var requestsPerSecond: Double
        package var activeObjects: Int
        package var stateOperations: Int
        /// The account's month: included amounts deducted and the plan's minimum applied.
        package var estimatedMonthlyCost: CostEstimate
        /// The same figures over the baseline window, and each one's ratio (window ÷ baseline).
        package var baseline: [String: Double]? = nil
        package var change: [String: Double]? = nil
    }
}

/// One namespace's figures over the window.
package struct NamespaceReport: Sendable, Codable, Equatable {
    package var namespace: String
    package var className: String?
    /// Distinct objects that handled at least one event in the window.
    package var activeObjects: Int
    /// Mean over the window's seconds that had traffic.
    package var requestsPerSecond: Double
    package var peakRequestsPerSecond: Double
    /// Milliseconds of CPU per event, 95th percentile.
    package var cpuTimeP95: Double
    /// KV reads, writes, deletes and lists plus SQL rows read and written.
    package var stateOperations: Int
    /// Instances in memory now.
    package var objectsInMemory: Int
    package var requests: Int
    package var errors: Int
    package var errorRate: Double
    package var overloadedErrors: Int
    package var cpuTimeP50: Double
    package var cpuTimeP99: Double
    package var wallTimeMs: Percentiles
    package var inputGateWaitP95: Double
    package var stateOperationsByKind: StateOperations
    package var storedBytes: Int64
    package var storedObjects: Int
    /// The largest object's database among the window's busiest objects, in bytes; absent when the namespace's
    /// stored bytes in all are under half an object's limit (no object can be near it) and no object is hot.
    package var largestObjectBytes: Int64?
    package var alarms: Alarms
    package var webSockets: WebSockets
    package var evictions: Int
    /// Instances constructed in the window (constructor, `blockConcurrencyWhile`, opening the database).
    package var coldStarts = 0
    /// Milliseconds of wall time per cold start; not counted in the CPU time of the events.
    package var coldStartMs = ColdStartPercentiles(p50: 0, p95: 0)
    /// Seconds during which objects were billable (an event in flight, or held awake by a standard WebSocket).
    package var billableActiveSeconds: Double
    package var hottestObjects: [HotObjectReport]
    package var series: [SecondReport]?
    /// This namespace's month at list prices (no included amounts, no plan minimum).
    package var estimatedMonthlyCost: CostEstimate
    package var recommendations: [MetricsRecommendation]
    /// With `baselineWindowSeconds`: the headline figures over the earlier window, the ids of its
    /// recommendations, and each figure's ratio (window ÷ baseline; absent where the baseline is 0).
    package var baseline: [String: Double]? = nil
    package var baselineRecommendations: [String]? = nil
    package var change: [String: Double]? = nil

    package struct Percentiles: Sendable, Codable, Equatable {
        package var p50: Double
        package var p95: Double
        package var p99: Double
    }

    package struct ColdStartPercentiles: Sendable, Codable, Equatable {
        package var p50: Double
        package var p95: Double
    }

    package struct StateOperations: Sendable, Codable, Equatable {
        package var kvReads: Int
        package var kvWrites: Int
        package var kvDeletes: Int
        package var kvLists: Int
        package var sqlRowsRead: Int
        package var sqlRowsWritten: Int
    }

    package struct Alarms: Sendable, Codable, Equatable {
        package var set: Int
        package var fired: Int
        package var retried: Int
        package var dropped: Int
    }

    package struct WebSockets: Sendable, Codable, Equatable {
        package var open: Int
        package var hibernated: Int
        package var messagesIn: Int
        package var messagesOut: Int
    }

    package struct HotObjectReport: Sendable, Codable, Equatable {
        package var id: String
        package var name: String?
        package var requests: Int
        /// Mean over the seconds it had traffic in the window.
        package var requestsPerSecond: Double
        package var peakRequestsPerSecond: Int
        /// Rows and keys it wrote per request (over its life), when known.
        package var writesPerRequest: Double?
    }

    package struct SecondReport: Sendable, Codable, Equatable {
        package var second: Int64
        package var requests: Int
        package var errors: Int
        package var cpuTimeP95: Double
        package var stateOperations: Int
        package var activeObjects: Int
    }
}

/// A judgement drawn from the figures, with the numbers that triggered it.
package struct MetricsRecommendation: Sendable, Codable, Equatable {
    /// Stable id (listed in the README).
    package var id: String
    /// `info`, `warning` or `error`.
    package var severity: String
    package var title: String
    /// The figures that triggered it, by name.
    package var evidence: [String: Double]
    package var action: String
    /// Knowledge-base doc ids to read.
    package var docs: [String]
    /// What is given up and what is gained by following it, by aspect (`exactness`, `consistency`, `cost`, …);
    /// only where the action trades one property for another.
    package var tradeoffs: [String: String]?

    package init(
        id: String, severity: String, title: String, evidence: [String: Double], action: String, docs: [String],
        tradeoffs: [String: String]? = nil
    ) {
        self.id = id
        self.severity = severity
        self.title = title
        self.evidence = evidence
        self.action = action
        self.docs = docs
        self.tradeoffs = tradeoffs
    }
}
