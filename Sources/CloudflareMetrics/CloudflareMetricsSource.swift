import Advisor
import CodeReview
import Foundation

/// `getDOMetrics {source: "cloudflare"}`: the account's Durable Objects analytics, mapped to the report of the
/// embedded source with the same price model and rules.
///
/// The only part of do-architect that uses the network. Credentials come from the environment and the wrangler
/// config, never from tool arguments.
package struct CloudflareMetricsSource: Sendable {
    package let credentials: CloudflareCredentials
    package let config: WranglerAccount?
    package let client: CloudflareHTTPClient

    package init(credentials: CloudflareCredentials, config: WranglerAccount?, client: CloudflareHTTPClient) {
        self.credentials = credentials
        self.config = config
        self.client = client
    }

    /// A source from the process environment (`CLOUDFLARE_API_TOKEN`, `CLOUDFLARE_ACCOUNT_ID`,
    /// `CLOUDFLARE_API_BASE_URL`) and the config `lookup` finds. Sources with the same token and base URL share one
    /// client (its rate limit and cache) through `registry`.
    package static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, lookup: WorkerConfigLookup = WorkerConfigLookup(),
        settings: HTTPSettings = HTTPSettings(), registry: ClientRegistry = .shared
    ) throws -> CloudflareMetricsSource {
        let config = try lookup.config()
        let credentials = try CloudflareCredentials.resolve(environment: environment, config: config)
        let base = try CloudflareEndpoint.resolve(environment: environment)
        let client = registry.client(baseURL: base, token: credentials.token, settings: settings)
        return CloudflareMetricsSource(credentials: credentials, config: config, client: client)
    }

    /// The account's namespaces, named after the config's bindings where they match.
    package func namespaces() async throws -> NamespaceDirectory {
        try await NamespaceDirectory.load(client: client, accountId: credentials.accountId, config: config, cacheFor: 60)
    }

    /// Bucket size for a window: minutes up to 6 hours, hours beyond.
    package static func window(windowSeconds: Int, now: Int64) -> AccountWindow {
        let g: Int64 = windowSeconds <= 6 * 3600 ? 60 : 3600
        let to = (now / g) * g - 1
        let buckets = max(1, (Int64(windowSeconds) + g - 1) / g)
        return AccountWindow(from: to + 1 - buckets * g, to: to, granularitySeconds: Int(g))
    }

    /// The report for `namespace` (all of the account's namespaces when nil) over the last `windowSeconds`.
    package func report(namespace: String?, windowSeconds: Int, includeSeries: Bool, now: Int64) async throws -> SourcedMetricsReport {
        let directory = try await namespaces()
        let chosen = try namespace.map { [try directory.resolve($0)] } ?? directory.namespaces
        let window = Self.window(windowSeconds: windowSeconds, now: now)
        var caveats = Self.caveats(window)
        guard !chosen.isEmpty else {
            return MetricsAnalyzer().accountReport([], window: window, includeSeries: includeSeries, caveats: caveats, skippedFields: [])
        }
        var query = AnalyticsQuery(window: window, namespaceIds: chosen.map(\.id))
        var skipped: [SourcedMetricsReport.SkippedField] = []
        var response: AnalyticsResponse
        while true {
            let data = try await client.send(
                "POST", "graphql", body: try query.body(accountId: credentials.accountId),
                cacheFor: Double(window.granularitySeconds), permission: .accountAnalyticsRead)
            response = try AnalyticsResponse(data: data)
            let found = AnalyticsResponse.rejections(in: response.errors, query: query)
            let newFields = found.fields.subtracting(query.rejected)
            let newDatasets = found.datasets.subtracting(query.rejectedDatasets)
            guard !newFields.isEmpty || !newDatasets.isEmpty else { break }
            for field in newFields.sorted(by: { ($0.dataset.rawValue, $0.name) < ($1.dataset.rawValue, $1.name) }) {
                skipped.append(.init(
                    dataset: field.dataset.rawValue, field: "\(field.block == "dimensions" ? "dimensions" : field.block).\(field.name)",
                    documented: field.documented,
                    message: credentials.token.redact(found.byMessage["\(field.dataset.rawValue).\(field.name)"] ?? "")))
            }
            for dataset in newDatasets.sorted(by: { $0.rawValue < $1.rawValue }) {
                skipped.append(.init(dataset: dataset.rawValue, field: "*", documented: dataset.documented,
                                     message: credentials.token.redact(found.byMessage[dataset.rawValue] ?? "")))
            }
            query.rejected.formUnion(newFields)
            query.rejectedDatasets.formUnion(newDatasets)
            guard query.groups.contains(where: { $0.alias == "byBucket" }) else {
                throw CloudflareError(.queryFailed, "The Cloudflare GraphQL API rejected fields the report cannot do without (\(skipped.map { "\($0.dataset).\($0.field)" }.joined(separator: ", "))); nothing to report.")
            }
        }
        if response.groups.isEmpty, let first = response.errors.first {
            let text = credentials.token.redact(String(first.prefix(300)))
            if Self.isPermissionError(first) {
                throw CloudflareError(.forbidden, "The token lacks Account Analytics: Read on this account (GraphQL: \(text)). Edit the token to add Account Analytics: Read for the account.")
            }
            throw CloudflareError(.queryFailed, "The Cloudflare GraphQL API returned no data: \(text).")
        }
        for message in response.errors {
            let text = credentials.token.redact(String(message.prefix(300)))
            caveats.append(Self.isPermissionError(message)
                ? "Part of the query was refused (the token may lack Account Analytics: Read for it); the rest is reported: \(text)"
                : "The API reported an error and returned partial data: \(text)")
        }
        let figures = Self.figures(chosen, response: response, query: query, caveats: &caveats)
        return MetricsAnalyzer().accountReport(figures, window: window, includeSeries: includeSeries, caveats: caveats, skippedFields: skipped)
    }

    static func isPermissionError(_ message: String) -> Bool {
        let lower = message.lowercased()
        return lower.contains("not authorized") || lower.contains("unauthorized") || lower.contains("permission")
            || lower.contains("access denied") || lower.contains("authentication") || lower.contains("does not have access")
    }

    static func caveats(_ window: AccountWindow) -> [String] {
        [
            "Sampled: Cloudflare's adaptive datasets may sample events at high volume, so counts are estimates scaled from a sample.",
            "Delayed: analytics arrive after a short ingestion delay (usually under a few minutes); the last \(window.granularitySeconds) s bucket of the window may still be incomplete.",
            "Aligned: the window queried is \(window.seconds) s of whole \(window.granularitySeconds) s buckets ending at the last complete bucket, not the exact windowSeconds asked for.",
            "WebSockets: a connection is counted in invocations when it closes; hibernated incoming messages are invocations, standard-API messages are in the periodic dataset; the API applies no 20:1 ratio.",
            "Fields not in Cloudflare's documentation (third-party, see docs/metrics-sources.md) are used where the API accepts them.",
        ]
    }

    /// Maps the groups' rows to figures per namespace.
    static func figures(
        _ namespaces: [CloudflareNamespace], response: AnalyticsResponse, query: AnalyticsQuery, caveats: inout [String]
    ) -> [AccountNamespaceFigures] {
        let t = query.timeDimension
        func rows(_ alias: String) -> [[String: Any]]? { query.groups.contains { $0.alias == alias } ? response.groups[alias] ?? [] : nil }
        let has = { (d: AnalyticsDataset, n: String) in query.asks(d, n) }
        var result: [AccountNamespaceFigures] = []
        for ns in namespaces {
            var f = AccountNamespaceFigures(
                namespace: ns.label, className: ns.className, namespaceId: ns.id, scriptName: ns.scriptName, useSqlite: ns.useSqlite)
            let mine = { (rows: [[String: Any]]) in rows.filter { $0.dimension("namespaceId") == ns.id } }
            var buckets: [Int64: AccountNamespaceFigures.Bucket] = [:]
            if let byBucket = rows("byBucket").map(mine) {
                var errors = 0, wall = 0.0
                for row in byBucket {
                    let requests = Int(row.number("sum", "requests") ?? 0)
                    let e = row.number("sum", "errors").map { Int($0) }
                    f.requests += requests
                    errors += e ?? 0
                    wall += row.number("sum", "wallTime") ?? 0
                    guard let start = row.dimension(t).flatMap(AnalyticsQuery.seconds) else { continue }
                    var bucket = buckets[start] ?? .init(start: start, requests: 0, errors: has(.invocations, "errors") ? 0 : nil, stateOperations: nil)
                    bucket.requests += requests
                    if let e { bucket.errors = (bucket.errors ?? 0) + e }
                    buckets[start] = bucket
                }
                f.errors = has(.invocations, "errors") ? errors : nil
                f.wallTimeMicroseconds = has(.invocations, "wallTime") ? wall : nil
            }
            if let byObject = rows("byObject").map(mine) {
                f.activeObjects = byObject.count
                if (response.groups["byObject"]?.count ?? 0) >= AnalyticsQuery.rowLimit {
                    f.activeObjectsIsLowerBound = true
                    caveats.append("\(ns.label): more than \(AnalyticsQuery.rowLimit) objects were active; activeObjects counts the first \(byObject.count) (a lower bound).")
                }
                let perBucket = rows("byObjectBucket").map(mine) ?? []
                f.hotObjects = byObject.prefix(5).compactMap { row in
                    guard let id = row.dimension("objectId") else { return nil }
                    let own = perBucket.filter { $0.dimension("objectId") == id }
                    let busiest = own.compactMap { $0.number("sum", "requests") }.max() ?? 0
                    return .init(id: id, requests: Int(row.number("sum", "requests") ?? 0),
                                 busiestBucketRequests: Int(busiest), activeBuckets: max(1, own.count))
                }
            }
            if let byType = rows("byType").map(mine) {
                f.alarms = byType.filter { $0.dimension("type") == "alarm" }.map { Int($0.number("sum", "requests") ?? 0) }.reduce(0, +)
            }
            if let periodic = rows("periodic").map(mine) {
                func total(_ name: String) -> Double? {
                    has(.periodic, name) ? periodic.map { $0.number("sum", name) ?? 0 }.reduce(0, +) : nil
                }
                f.cpuTimeMicroseconds = total("cpuTime")
                f.activeTimeMicroseconds = total("activeTime")
                f.rowsRead = total("rowsRead").map { Int($0) }
                f.rowsWritten = total("rowsWritten").map { Int($0) }
                f.storageReadUnits = total("storageReadUnits").map { Int($0) }
                f.storageWriteUnits = total("storageWriteUnits").map { Int($0) }
                f.storageDeletes = total("storageDeletes").map { Int($0) }
                f.webSocketMessagesIn = total("inboundWebsocketMsgCount").map { Int($0) }
                let operations = ["rowsRead", "rowsWritten", "storageReadUnits", "storageWriteUnits", "storageDeletes"].filter { has(.periodic, $0) }
                if !operations.isEmpty {
                    for row in periodic {
                        guard let start = row.dimension(t).flatMap(AnalyticsQuery.seconds) else { continue }
                        var bucket = buckets[start] ?? .init(start: start, requests: 0, errors: has(.invocations, "errors") ? 0 : nil, stateOperations: nil)
                        bucket.stateOperations = (bucket.stateOperations ?? 0) + Int(operations.map { row.number("sum", $0) ?? 0 }.reduce(0, +))
                        buckets[start] = bucket
                    }
                    for key in buckets.keys where buckets[key]?.stateOperations == nil { buckets[key]?.stateOperations = 0 }
                }
            }
            let stored = ["storage", "sqlStorage"].compactMap { alias in
                rows(alias).map(mine)?.compactMap { $0.number("max", "storedBytes") }.max()
            }
            if !stored.isEmpty { f.storedBytes = Int64(stored.max()!) }
            else if rows("storage") != nil || rows("sqlStorage") != nil { f.storedBytes = 0 }
            f.buckets = buckets.values.sorted { $0.start < $1.start }
            result.append(f)
        }
        return result
    }
}
