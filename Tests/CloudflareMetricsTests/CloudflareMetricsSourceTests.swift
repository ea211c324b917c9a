import Advisor
import Foundation
import Testing
@testable import CloudflareMetrics

/// The account report against the replay server: mapping, nulls with notes, cost, rules, skipped fields.
struct CloudflareMetricsSourceTests {
    typealias F = AccountFixture

    func report(_ server: ReplayServer, namespace: String? = "COUNTER", series: Bool = true) async throws -> SourcedMetricsReport {
        try await F.source(server).report(namespace: namespace, windowSeconds: 600, includeSeries: series, now: F.now)
    }

    @Test func windowIsWholeMinutesEndingAtTheLastCompleteOne() {
        let window = CloudflareMetricsSource.window(windowSeconds: 600, now: F.now)
        #expect(window.to == 1_796_399_999 && window.from == 1_796_399_400 && window.granularitySeconds == 60)
        let day = CloudflareMetricsSource.window(windowSeconds: 86_400, now: F.now)
        #expect(day.granularitySeconds == 3600 && day.seconds == 86_400 && (day.to + 1) % 3600 == 0)
    }

    @Test func normalWindowMapsEveryHeadlineFigure() async throws {
        let server = try ReplayServer(handler: F.normal)
        let sourced = try await report(server)
        let ns = try #require(sourced.report.namespaces.first)
        #expect(sourced.report.source == "cloudflare")
        #expect(sourced.report.from == F.window.from && sourced.report.to == F.window.to && sourced.report.windowSeconds == 600)
        #expect(sourced.granularitySeconds == 60)
        #expect(ns.namespace == "COUNTER" && ns.className == "Counter")
        #expect(ns.requests == 600_000 && ns.errors == 6_000 && ns.errorRate == 0.01)
        #expect(ns.requestsPerSecond == 1_000 && ns.peakRequestsPerSecond == 1_000)
        #expect(ns.activeObjects == 3)
        #expect(ns.hottestObjects.first?.peakRequestsPerSecond == 900 && ns.hottestObjects.first?.requests == 540_000)
        #expect(ns.stateOperations == 10 * (F.rowsReadPerMinute + F.rowsWrittenPerMinute))
        #expect(ns.storedBytes == Int64(F.storedBytes))
        #expect(ns.billableActiveSeconds == 550)
        #expect(ns.alarms.fired == F.alarms)
        #expect(sourced.extras.first?.cpuTimeMeanMs == 1.5)
        #expect(sourced.extras.first?.namespaceId == F.counterId)
        #expect(ns.series?.count == 10 && ns.series?.first?.second == F.window.from)
        #expect(sourced.skippedFields.isEmpty)
    }

    @Test func costUsesTheSharedPriceModelOnTheAccountsUsage() async throws {
        let server = try ReplayServer(handler: F.normal)
        let ns = try #require(try await report(server).report.namespaces.first)
        let month = 30.0 * 86_400 / 600
        var expected = Usage(
            requests: Double(600_000 - F.alarms) * month, alarmInvocations: Double(F.alarms) * month, activeSeconds: 550 * month,
            rowsRead: Double(10 * F.rowsReadPerMinute) * month, rowsWritten: Double(10 * F.rowsWrittenPerMinute) * month)
        expected.storedGigabytes = 2.5
        #expect(ns.estimatedMonthlyCost.totalUSD == PriceModel().estimate(expected, scope: .namespaceShare).totalUSD)
        #expect(ns.estimatedMonthlyCost.totalUSD > 0)
    }

    @Test func theSameRulesFireOnAccountFigures() async throws {
        let server = try ReplayServer(handler: F.normal)
        let ns = try #require(try await report(server).report.namespaces.first)
        let hot = try #require(ns.recommendations.first { $0.id == "shard-hot-object" })
        #expect(hot.evidence["peakRequestsPerSecond"] == 900)
        // Figures the account does not measure are zeros to the rules: none fires on them.
        #expect(!ns.recommendations.contains { ["high-cpu", "input-gate-contention", "overloaded", "alarm-retries"].contains($0.id) })
    }

    @Test func unmeasuredFieldsAreNullWithANoteAndP95IsNeverAMean() async throws {
        let server = try ReplayServer(handler: F.normal)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(try await report(server))) as! [String: Any]
        let ns = try #require((json["namespaces"] as? [[String: Any]])?.first)
        let notes = try #require(ns["fieldNotes"] as? [String: String])
        for field in ["cpuTimeP95", "cpuTimeP50", "cpuTimeP99", "wallTimeMs", "inputGateWaitP95", "objectsInMemory", "evictions", "storedObjects"] {
            #expect(ns[field] is NSNull, "\(field) should be null")
            #expect(notes[field]?.isEmpty == false, "\(field) needs a note")
        }
        #expect((ns["alarms"] as? [String: Any])?["set"] is NSNull)
        #expect((ns["alarms"] as? [String: Any])?["fired"] as? Int == F.alarms)
        #expect((ns["cpuTimeMeanMs"] as? Double) == 1.5)
        let first = try #require((ns["series"] as? [[String: Any]])?.first)
        #expect(first["cpuTimeP95"] is NSNull && first["requests"] as? Int == F.requestsPerMinute)
        #expect(json["granularitySeconds"] as? Int == 60)
        #expect((json["caveats"] as? [String])?.contains { $0.hasPrefix("Sampled") } == true)
        #expect((json["caveats"] as? [String])?.contains { $0.hasPrefix("Delayed") } == true)
    }

    @Test func emptyWindowReportsZerosAndNoRecommendations() async throws {
        let server = try ReplayServer { request, _ in
            F.route(request) { .init(status: 200, body: F.json(["data": F.data(for: $0, empty: true)])) }
        }
        let sourced = try await report(server, namespace: nil)
        #expect(sourced.report.namespaces.map(\.namespace) == ["COUNTER", "CHAT_ROOM"])
        for ns in sourced.report.namespaces {
            #expect(ns.requests == 0 && ns.requestsPerSecond == 0 && ns.activeObjects == 0 && ns.recommendations.isEmpty)
        }
        #expect(sourced.report.totals.requests == 0)
        #expect(sourced.report.totals.estimatedMonthlyCost.totalUSD == 5)
    }

    @Test func unknownFieldIsNamedSkippedAndTheRestQueried() async throws {
        let server = try ReplayServer { request, _ in
            F.route(request) { body in
                if body.contains("inboundWebsocketMsgCount") {
                    return .init(status: 200, body: F.json(["data": NSNull(), "errors": [
                        ["message": "Cannot query field \"inboundWebsocketMsgCount\" on type \"AccountDurableObjectsPeriodicGroupsSum\".",
                         "path": NSNull(), "extensions": ["code": "GRAPHQL_VALIDATION_FAILED"]],
                    ]]))
                }
                return .init(status: 200, body: F.json(["data": F.data(for: body)]))
            }
        }
        let sourced = try await report(server)
        #expect(sourced.skippedFields.map(\.field) == ["sum.inboundWebsocketMsgCount"])
        #expect(sourced.skippedFields.first?.dataset == "durableObjectsPeriodicGroups" && sourced.skippedFields.first?.documented == false)
        #expect(sourced.extras.first?.fieldNotes["webSockets.messagesIn"]?.contains("skippedFields") == true)
        #expect(sourced.report.namespaces.first?.requests == 600_000)
        #expect(server.requests.filter { $0.method == "POST" }.count == 2)
    }

    @Test func rejectedDatasetIsSkippedAsAWhole() async throws {
        let server = try ReplayServer { request, _ in
            F.route(request) { body in
                if body.contains("durableObjectsSqlStorageGroups") {
                    return .init(status: 200, body: F.json(["errors": [["message": "unknown field \"durableObjectsSqlStorageGroups\""]]]))
                }
                return .init(status: 200, body: F.json(["data": F.data(for: body)]))
            }
        }
        let sourced = try await report(server)
        #expect(sourced.skippedFields.map(\.field) == ["*"] && sourced.skippedFields.first?.dataset == "durableObjectsSqlStorageGroups")
        #expect(sourced.report.namespaces.first?.storedBytes == Int64(F.storedBytes))
    }

    @Test func errorsWithPartialDataKeepTheDataAndSaySo() async throws {
        let server = try ReplayServer { request, _ in
            F.route(request) { body in
                var data = F.data(for: body)
                var viewer = data["viewer"] as! [String: Any]
                var account = (viewer["accounts"] as! [[String: Any]])[0]
                account["storage"] = NSNull()
                viewer["accounts"] = [account]
                data["viewer"] = viewer
                return .init(status: 200, body: F.json(["data": data, "errors": [["message": "storage: time range too large for this dataset", "path": ["viewer", "accounts", 0, "storage"]]]]))
            }
        }
        let sourced = try await report(server)
        #expect(sourced.report.namespaces.first?.requests == 600_000)
        #expect(sourced.caveats.contains { $0.contains("partial data") && $0.contains("time range too large") })
    }

    @Test func cachedForTheGranularity() async throws {
        let server = try ReplayServer(handler: F.normal)
        let source = try F.source(server)
        _ = try await source.report(namespace: "COUNTER", windowSeconds: 600, includeSeries: false, now: F.now)
        _ = try await source.report(namespace: "COUNTER", windowSeconds: 600, includeSeries: false, now: F.now)
        #expect(server.requests.filter { $0.method == "POST" }.count == 1)
        #expect(server.requests.filter { $0.method == "GET" }.count == 1)
    }

    @Test func queryCarriesTheAccountTheWindowAndTheToken() async throws {
        let server = try ReplayServer(handler: F.normal)
        _ = try await report(server)
        let post = try #require(server.requests.first { $0.method == "POST" })
        #expect(post.headers["authorization"] == "Bearer \(F.token)")
        let body = try JSONSerialization.jsonObject(with: Data(post.body.utf8)) as! [String: Any]
        let variables = body["variables"] as! [String: Any]
        #expect(variables["accountTag"] as? String == F.accountId)
        #expect(variables["ids"] as? [String] == [F.counterId])
        #expect(variables["from"] as? String == AnalyticsQuery.iso(F.window.from))
        #expect((body["query"] as? String)?.contains("durableObjectsInvocationsAdaptiveGroups") == true)
        let get = try #require(server.requests.first { $0.method == "GET" })
        #expect(get.path.hasPrefix("/client/v4/accounts/\(F.accountId)/workers/durable_objects/namespaces"))
    }
}

/// Sources made per tool call share one client, so the cache and the rate limit hold across calls.
struct ClientRegistryTests {
    typealias F = AccountFixture

    @Test func sourcesFromTheSameEnvironmentShareTheCache() async throws {
        let server = try ReplayServer(handler: F.normal)
        let registry = ClientRegistry()
        let environment = ["CLOUDFLARE_API_TOKEN": F.token, "CLOUDFLARE_ACCOUNT_ID": F.accountId, "CLOUDFLARE_API_BASE_URL": server.baseURL]
        let lookup = WorkerConfigLookup(loaded: F.config)
        for _ in 0..<2 {
            let source = try CloudflareMetricsSource.fromEnvironment(environment, lookup: lookup, registry: registry)
            _ = try await source.report(namespace: "COUNTER", windowSeconds: 600, includeSeries: false, now: F.now)
        }
        #expect(server.requests.filter { $0.method == "POST" }.count == 1)
        var other = environment
        other["CLOUDFLARE_API_TOKEN"] = F.token + "2"
        let a = try CloudflareMetricsSource.fromEnvironment(environment, lookup: lookup, registry: registry).client
        let b = try CloudflareMetricsSource.fromEnvironment(other, lookup: lookup, registry: registry).client
        #expect(a !== b)
    }
}
