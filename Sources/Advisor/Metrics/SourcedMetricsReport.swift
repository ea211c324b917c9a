/// A ``MetricsReport`` from a source that cannot measure every figure (a Cloudflare account), as `getDOMetrics`
/// returns it: the same keys, with the figures the source cannot measure encoded as `null` and a note for each
/// (`fieldNotes`), plus the bucket size of its series, the caveats of the data and the fields the API rejected.
///
/// `report` holds zeros where the output shows `null`: that is what the recommendation rules saw, so a rule never
/// fires on a figure the source did not measure.
package struct SourcedMetricsReport: Sendable, Encodable {
    package var report: MetricsReport
    /// Size of each series bucket and of the window's alignment, in seconds.
    package var granularitySeconds: Int
    /// What to keep in mind when reading the figures (sampling, ingestion delay, WebSocket counting).
    package var caveats: [String]
    /// Fields the API rejected: named, skipped, and the rest of the query run without them.
    package var skippedFields: [SkippedField]
    /// One per entry of `report.namespaces`, in the same order.
    package var extras: [NamespaceExtras]
    /// Set for `source: "compare"`.
    package var comparison: MetricsComparison?

    package init(
        report: MetricsReport, granularitySeconds: Int, caveats: [String], skippedFields: [SkippedField],
        extras: [NamespaceExtras], comparison: MetricsComparison? = nil
    ) {
        self.report = report
        self.granularitySeconds = granularitySeconds
        self.caveats = caveats
        self.skippedFields = skippedFields
        self.extras = extras
        self.comparison = comparison
    }

    package struct SkippedField: Sendable, Encodable, Equatable {
        package var dataset: String
        package var field: String
        /// Whether Cloudflare's documentation lists the field (false: seen only in third-party code).
        package var documented: Bool
        /// The API's message, with any credential removed.
        package var message: String

        package init(dataset: String, field: String, documented: Bool, message: String) {
            self.dataset = dataset
            self.field = field
            self.documented = documented
            self.message = message
        }
    }

    package struct NamespaceExtras: Sendable, Equatable {
        package var namespaceId: String?
        package var scriptName: String?
        /// Output fields (dotted for nested ones, e.g. `alarms.set`) shown as `null`, with why.
        package var fieldNotes: [String: String]
        /// Mean CPU milliseconds per invocation (total CPU time ÷ invocations); never a percentile.
        package var cpuTimeMeanMs: Double?
        /// Series fields shown as `null` in every bucket.
        package var seriesNulls: [String]
        /// Where this namespace's figures come from (set in a comparison).
        package var source: String?
    }

    package func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: FieldKey.self)
        try container.encode(granularitySeconds, forKey: FieldKey("granularitySeconds"))
        try container.encode(caveats, forKey: FieldKey("caveats"))
        try container.encode(skippedFields, forKey: FieldKey("skippedFields"))
        let namespaces = zip(report.namespaces, extras).map { NamespaceOutput(report: $0, extras: $1) }
        try container.encode(namespaces, forKey: FieldKey("namespaces"))
        try container.encodeIfPresent(comparison, forKey: FieldKey("comparison"))
    }

    /// One namespace: its report with `fieldNotes`' fields as `null`, and the extra figures.
    struct NamespaceOutput: Encodable {
        var report: NamespaceReport
        var extras: NamespaceExtras

        func encode(to encoder: any Encoder) throws {
            var plain = report
            plain.series = nil
            try Nulling(plain, nulls: extras.fieldNotes.keys.sorted()).encode(to: encoder)
            var container = encoder.container(keyedBy: FieldKey.self)
            if let series = report.series {
                try container.encode(series.map { Nulling($0, nulls: extras.seriesNulls) }, forKey: FieldKey("series"))
            }
            try container.encodeIfPresent(extras.source, forKey: FieldKey("source"))
            try container.encodeIfPresent(extras.namespaceId, forKey: FieldKey("namespaceId"))
            try container.encodeIfPresent(extras.scriptName, forKey: FieldKey("scriptName"))
            try container.encode(extras.cpuTimeMeanMs, forKey: FieldKey("cpuTimeMeanMs"))
            try container.encode(extras.fieldNotes, forKey: FieldKey("fieldNotes"))
        }
    }
}

/// Encodes a value, then writes `null` over the given keys; `a.b` reaches one level down.
struct Nulling<Value: Encodable>: Encodable {
    var value: Value
    var nulls: [String]

    init(_ value: Value, nulls: [String]) {
        self.value = value
        self.nulls = nulls
    }

    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
        guard !nulls.isEmpty else { return }
        var container = encoder.container(keyedBy: FieldKey.self)
        var nested: [String: [String]] = [:]
        for path in nulls {
            let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 { nested[parts[0], default: []].append(parts[1]) } else { try container.encodeNil(forKey: FieldKey(path)) }
        }
        guard !nested.isEmpty else { return }
        // Re-encode each parent with its own nulls: read it back through Mirror by its key.
        for child in Mirror(reflecting: value).children {
            guard let label = child.label, let inner = nested[label], let encodable = child.value as? any Encodable else { continue }
            try container.encode(AnyNulling(encodable, nulls: inner), forKey: FieldKey(label))
        }
    }
}

/// ``Nulling`` over an existential value.
struct AnyNulling: Encodable {
    var value: any Encodable
    var nulls: [String]

    init(_ value: any Encodable, nulls: [String]) {
        self.value = value
        self.nulls = nulls
    }

    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
        var container = encoder.container(keyedBy: FieldKey.self)
        for key in nulls { try container.encodeNil(forKey: FieldKey(key)) }
    }
}

/// A coding key made from a string.
struct FieldKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
