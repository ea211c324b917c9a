import Advisor
import Foundation

/// The one GraphQL request that reads a window: several aliased groups over the Durable Objects datasets, minus the
/// fields the API has rejected.
package struct AnalyticsQuery: Sendable {
    /// One aliased selection of a dataset.
    package struct Group: Sendable {
        package var alias: String
        package var dataset: AnalyticsDataset
        /// `sum.requests`, `max.storedBytes`, …
        package var measures: [(block: String, name: String)]
        package var dimensions: [String]
        package var orderBy: String?
        package var limit: Int
    }

    package var window: AccountWindow
    package var namespaceIds: [String]
    /// Fields the API rejected, by dataset.
    package var rejected: Set<AnalyticsField> = []
    /// Datasets the API rejected as a whole.
    package var rejectedDatasets: Set<AnalyticsDataset> = []

    /// Rows per group; a group that returns this many was cut off.
    package static let rowLimit = 10_000

    package init(window: AccountWindow, namespaceIds: [String]) {
        self.window = window
        self.namespaceIds = namespaceIds
    }

    var timeDimension: String { window.granularitySeconds >= 3600 ? "datetimeHour" : "datetimeMinute" }

    /// The groups as specified, before rejections.
    var allGroups: [Group] {
        let t = timeDimension
        return [
            Group(alias: "byBucket", dataset: .invocations, measures: [("sum", "requests"), ("sum", "errors"), ("sum", "wallTime")],
                  dimensions: ["namespaceId", t], orderBy: nil, limit: Self.rowLimit),
            Group(alias: "byObject", dataset: .invocations, measures: [("sum", "requests")],
                  dimensions: ["namespaceId", "objectId"], orderBy: "sum_requests_DESC", limit: Self.rowLimit),
            Group(alias: "byObjectBucket", dataset: .invocations, measures: [("sum", "requests")],
                  dimensions: ["namespaceId", "objectId", t], orderBy: "sum_requests_DESC", limit: 1_000),
            Group(alias: "byType", dataset: .invocations, measures: [("sum", "requests")],
                  dimensions: ["namespaceId", "type"], orderBy: nil, limit: 1_000),
            Group(alias: "periodic", dataset: .periodic,
                  measures: ["cpuTime", "activeTime", "rowsRead", "rowsWritten", "storageReadUnits", "storageWriteUnits",
                             "storageDeletes", "inboundWebsocketMsgCount"].map { ("sum", $0) },
                  dimensions: ["namespaceId", t], orderBy: nil, limit: Self.rowLimit),
            Group(alias: "storage", dataset: .storage, measures: [("max", "storedBytes")],
                  dimensions: ["namespaceId"], orderBy: nil, limit: 1_000),
            Group(alias: "sqlStorage", dataset: .sqlStorage, measures: [("max", "storedBytes")],
                  dimensions: ["namespaceId"], orderBy: nil, limit: 1_000),
        ]
    }

    func isRejected(_ dataset: AnalyticsDataset, _ name: String) -> Bool {
        rejectedDatasets.contains(dataset) || rejected.contains { $0.dataset == dataset && $0.name == name }
    }

    /// The groups still asked for: a group goes when its dataset or one of its dimensions was rejected, or when no
    /// measure is left.
    package var groups: [Group] {
        allGroups.compactMap { group in
            guard !rejectedDatasets.contains(group.dataset),
                  !group.dimensions.contains(where: { isRejected(group.dataset, $0) }) else { return nil }
            var kept = group
            kept.measures = group.measures.filter { !isRejected(group.dataset, $0.name) }
            return kept.measures.isEmpty ? nil : kept
        }
    }

    /// Whether the query still asks for `name` of `dataset` in some group.
    package func asks(_ dataset: AnalyticsDataset, _ name: String) -> Bool {
        groups.contains { $0.dataset == dataset && ($0.measures.contains { $0.name == name } || $0.dimensions.contains(name)) }
    }

    /// The JSON body of `POST /graphql`.
    package func body(accountId: String) throws -> Data {
        var selections: [String] = []
        for group in groups {
            var blocks: [String: [String]] = [:]
            for measure in group.measures { blocks[measure.block, default: []].append(measure.name) }
            let measures = blocks.keys.sorted().map { "\($0) { \(blocks[$0]!.joined(separator: " ")) }" }.joined(separator: " ")
            let order = group.orderBy.map { ", orderBy: [\($0)]" } ?? ""
            selections.append("""
                      \(group.alias): \(group.dataset.rawValue)(limit: \(group.limit), filter: {datetime_geq: $from, datetime_leq: $to, namespaceId_in: $ids}\(order)) {
                        \(measures) dimensions { \(group.dimensions.joined(separator: " ")) }
                      }
                """)
        }
        let query = """
            query DurableObjectsMetrics($accountTag: string!, $from: Time!, $to: Time!, $ids: [string!]) {
              viewer {
                accounts(filter: {accountTag: $accountTag}) {
            \(selections.joined(separator: "\n"))
                }
              }
            }
            """
        let variables: [String: Any] = [
            "accountTag": accountId, "from": Self.iso(window.from), "to": Self.iso(window.to), "ids": namespaceIds,
        ]
        return try JSONSerialization.data(withJSONObject: ["query": query, "variables": variables], options: [.sortedKeys])
    }

    static func iso(_ seconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// Unix seconds of an ISO-8601 time from a dimension, or nil.
    static func seconds(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970) }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text).map { Int64($0.timeIntervalSince1970) }
    }
}
