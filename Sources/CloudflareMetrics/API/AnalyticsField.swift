/// The GraphQL Analytics datasets read for Durable Objects.
package enum AnalyticsDataset: String, Sendable, CaseIterable {
    case invocations = "durableObjectsInvocationsAdaptiveGroups"
    case periodic = "durableObjectsPeriodicGroups"
    case storage = "durableObjectsStorageGroups"
    /// Seen only in third-party code, not in Cloudflare's documentation.
    case sqlStorage = "durableObjectsSqlStorageGroups"

    /// Whether Cloudflare's Durable Objects metrics page lists the dataset.
    package var documented: Bool { self != .sqlStorage }
}

/// One field the queries ask for, and whether Cloudflare documents it.
///
/// Documented (developers.cloudflare.com/durable-objects/observability/metrics-and-analytics/): invocations
/// `sum.requests`, periodic `sum.cpuTime`, storage `max.storedBytes`. Every other field here comes from third-party
/// code only (`../shared/reference/do-facts.md` §9): the queries ask for it, and when the API rejects it the report
/// names it in `skippedFields` and carries on without it.
package struct AnalyticsField: Sendable, Hashable {
    package var dataset: AnalyticsDataset
    /// `sum`, `max` or `dimensions`.
    package var block: String
    package var name: String
    package var documented: Bool

    package static let catalogue: [AnalyticsField] = {
        func f(_ d: AnalyticsDataset, _ block: String, _ names: [String], documented: Bool = false) -> [AnalyticsField] {
            names.map { AnalyticsField(dataset: d, block: block, name: $0, documented: documented) }
        }
        let time = ["namespaceId", "datetimeMinute", "datetimeHour"]
        return f(.invocations, "sum", ["requests"], documented: true)
            + f(.invocations, "sum", ["errors", "wallTime"])
            + f(.invocations, "dimensions", time + ["objectId", "type"])
            + f(.periodic, "sum", ["cpuTime"], documented: true)
            + f(.periodic, "sum", [
                "activeTime", "rowsRead", "rowsWritten", "storageReadUnits", "storageWriteUnits", "storageDeletes",
                "inboundWebsocketMsgCount",
            ])
            + f(.periodic, "dimensions", time)
            + f(.storage, "max", ["storedBytes"], documented: true)
            + f(.storage, "dimensions", ["namespaceId"])
            + f(.sqlStorage, "max", ["storedBytes"])
            + f(.sqlStorage, "dimensions", ["namespaceId"])
    }()

    /// The catalogue entry, if any.
    package static func find(_ dataset: AnalyticsDataset, _ name: String) -> AnalyticsField? {
        catalogue.first { $0.dataset == dataset && $0.name == name }
    }
}
