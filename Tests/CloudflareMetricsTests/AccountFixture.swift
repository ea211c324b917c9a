import Advisor
import CodeReview
import Foundation
@testable import CloudflareMetrics

/// A replayed account in the documented response shapes: two namespaces, one with ten minutes of traffic.
enum AccountFixture {
    static let token = "cfTEST-tok3n-5ecret-9f8e7d6c5b4a3210"
    static let accountId = "0123456789abcdef0123456789abcdef"
    static let counterId = String(repeating: "a1", count: 16)
    static let chatId = String(repeating: "c2", count: 16)
    /// 30 s into a minute: the window ends at the last complete minute.
    static let now: Int64 = 1_796_400_030
    static let window = CloudflareMetricsSource.window(windowSeconds: 600, now: now)
    static let config = try! WranglerAccount.parse("""
        { "name": "app", "account_id": "\(accountId)",
          "durable_objects": { "bindings": [ { "name": "COUNTER", "class_name": "Counter" }, { "name": "CHAT_ROOM", "class_name": "ChatRoom" } ] } }
        """, path: "wrangler.jsonc")

    // Per minute, in the COUNTER namespace.
    static let requestsPerMinute = 60_000
    static let errorsPerMinute = 600
    static let hotPerMinute = 54_000
    static let alarms = 10_000
    static let cpuMicrosPerMinute = 60_000.0 * 1_500
    static let activeMicrosPerMinute = 55_000_000.0
    static let rowsReadPerMinute = 120_000
    static let rowsWrittenPerMinute = 6_000
    static let storedBytes = 2_500_000_000

    static var namespacesBody: String {
        """
        {"success":true,"errors":[],"messages":[],"result":[
          {"id":"\(counterId)","name":"app_Counter","class":"Counter","script":"app","use_sqlite":true},
          {"id":"\(chatId)","name":"app_ChatRoom","class":"ChatRoom","script":"app","use_sqlite":true}
        ],"result_info":{"page":1,"per_page":1000,"count":2,"total_count":2}}
        """
    }

    static func iso(_ seconds: Int64) -> String { AnalyticsQuery.iso(seconds) }

    /// The `data` of an answer to `body`, with every group the query asks for; `empty` gives a quiet window.
    static func data(for body: String, empty: Bool = false) -> [String: Any] {
        // Buckets start where the query's window starts (the CLI asks for the real clock's window).
        let variables = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["variables"] as? [String: Any]
        let from = (variables?["from"] as? String).flatMap(AnalyticsQuery.seconds) ?? window.from
        let minutes = empty ? [] : (0..<10).map { from + Int64($0 * 60) }
        func bucket(_ start: Int64) -> [String: Any] { ["namespaceId": counterId, "datetimeMinute": iso(start)] }
        var account: [String: Any] = [:]
        if body.contains("byBucket:") {
            account["byBucket"] = minutes.map { start -> [String: Any] in
                var sum: [String: Any] = ["requests": requestsPerMinute]
                if body.contains("errors") { sum["errors"] = errorsPerMinute }
                if body.contains("wallTime") { sum["wallTime"] = Double(requestsPerMinute) * 2_000 }
                return ["sum": sum, "dimensions": bucket(start)]
            }
        }
        if body.contains("byObject:") {
            let objects = [("hot", hotPerMinute), ("warm", 4_000), ("cold", 2_000)]
            account["byObject"] = empty ? [] : objects.map { ["sum": ["requests": $0.1 * 10], "dimensions": ["namespaceId": counterId, "objectId": $0.0 + String(repeating: "0", count: 61)]] }
            account["byObjectBucket"] = empty ? [] : objects.flatMap { object in
                minutes.map { ["sum": ["requests": object.1], "dimensions": ["namespaceId": counterId, "objectId": object.0 + String(repeating: "0", count: 61), "datetimeMinute": iso($0)]] }
            }
        }
        if body.contains("byType:") {
            account["byType"] = empty ? [] : [
                ["sum": ["requests": alarms], "dimensions": ["namespaceId": counterId, "type": "alarm"]],
                ["sum": ["requests": requestsPerMinute * 10 - alarms], "dimensions": ["namespaceId": counterId, "type": "rpc"]],
            ]
        }
        if body.contains("periodic:") {
            account["periodic"] = minutes.map { start -> [String: Any] in
                var sum: [String: Any] = ["cpuTime": cpuMicrosPerMinute, "activeTime": activeMicrosPerMinute,
                                          "rowsRead": rowsReadPerMinute, "rowsWritten": rowsWrittenPerMinute,
                                          "storageReadUnits": 0, "storageWriteUnits": 0, "storageDeletes": 0]
                if body.contains("inboundWebsocketMsgCount") { sum["inboundWebsocketMsgCount"] = 0 }
                return ["sum": sum, "dimensions": bucket(start)]
            }
        }
        if body.contains("storage:") {
            account["storage"] = [["max": ["storedBytes": storedBytes], "dimensions": ["namespaceId": counterId]]]
        }
        if body.contains("sqlStorage:") {
            account["sqlStorage"] = [["max": ["storedBytes": storedBytes], "dimensions": ["namespaceId": counterId]]]
        }
        return ["viewer": ["accounts": [account]]]
    }

    static func json(_ object: Any) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The namespaces list for GETs, `graphql` for POSTs.
    static func route(_ request: ReplayServer.Request, graphql: (String) -> ReplayServer.Response) -> ReplayServer.Response {
        if request.method == "GET", request.path.contains("/workers/durable_objects/namespaces") {
            return .init(status: 200, body: namespacesBody)
        }
        if request.method == "POST", request.path.hasSuffix("/graphql") { return graphql(request.body) }
        return .init(status: 404, body: #"{"success":false,"errors":[{"code":7003,"message":"No route"}]}"#)
    }

    /// An account that answers every query with ten busy minutes.
    static let normal: ReplayServer.Handler = { request, _ in
        route(request) { .init(status: 200, body: json(["data": data(for: $0), "errors": NSNull()])) }
    }

    static var fastSettings: HTTPSettings {
        var settings = HTTPSettings()
        settings.requestTimeout = 10
        settings.maxAttempts = 3
        settings.baseDelay = 0.01
        settings.maxDelay = 0.02
        return settings
    }

    /// A source reading the replay server, recording the pauses it asks for instead of sleeping them.
    static func source(
        _ server: ReplayServer, settings: HTTPSettings = fastSettings, sleeps: SleepLog = SleepLog(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> CloudflareMetricsSource {
        let credentials = try CloudflareCredentials.resolve(environment: ["CLOUDFLARE_API_TOKEN": token], config: config)
        let base = try CloudflareEndpoint.resolve(environment: ["CLOUDFLARE_API_BASE_URL": server.baseURL])
        let client = CloudflareHTTPClient(baseURL: base, token: credentials.token, settings: settings, sleep: { await sleeps.record($0) }, now: now)
        return CloudflareMetricsSource(credentials: credentials, config: config, client: client)
    }
}

/// The pauses a client asked for.
actor SleepLog {
    private(set) var pauses: [Double] = []
    func record(_ seconds: Double) { pauses.append(seconds) }
}
