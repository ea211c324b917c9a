import Advisor
import Foundation
import Testing

/// The seed's story in full: `getDOMetrics("RATE_LIMITER")` on many simple rate-limit objects recommends Workers
/// KV with approximate limits, states what that trades away, and gives the cost of both sides as far as it is
/// sourced.
struct SeedRateLimiterStoryTests {
    static let story = MetricsStory.all.first { $0.id == "seed-rate-limiter-per-key" }!

    @Test func theRecommendationNamesWorkersKVWithApproximateLimitsAndItsTradeOffs() async throws {
        let report = try await Self.story.report()
        if ProcessInfo.processInfo.environment["PRINT_STORY"] != nil {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
        let kv = try #require(report.recommendations.first { $0.id == "consider-workers-kv" })
        #expect(kv.title.contains("Workers KV with approximate limits"))
        #expect(kv.action.contains("If exact limits are not critical"))
        // The trade-off: exactness and consistency, each side named.
        let tradeoffs = try #require(kv.tradeoffs)
        #expect(tradeoffs["exactness"]?.contains("approximate") == true)
        #expect(tradeoffs["consistency"]?.contains("eventually consistent") == true)
        #expect(tradeoffs["consistency"]?.contains("strongly consistent") == true)
        // Both sides' cost: the Durable Objects month priced, Workers KV's quantities given without a price.
        let monthly = try #require(kv.evidence["durableObjectsMonthlyUSD"])
        #expect(abs(monthly - report.estimatedMonthlyCost.totalUSD) < 0.01)
        #expect(monthly > 0)
        #expect(kv.action.contains(String(format: "$%.2f", report.estimatedMonthlyCost.totalUSD)))
        #expect(tradeoffs["cost"]?.contains("no sourced figure") == true)
        #expect(kv.action.contains("https://developers.cloudflare.com/kv/platform/pricing/"))
        let month = 30.0 * 86_400 / Double(10)
        #expect(kv.evidence["workersKVReadsPerMonth"] == (Double(report.requests) * month).rounded())
        #expect((kv.evidence["workersKVWritesPerMonthAtMost"] ?? 0) <= kv.evidence["workersKVReadsPerMonth"] ?? 0)
        // The figures that triggered it.
        #expect(kv.evidence["activeObjects"] == Double(report.activeObjects))
        #expect(report.activeObjects >= 1_000)
        #expect(report.alarms.set > 0, "the rate limiter arms its purge alarm, and that no longer rules Workers KV out")
    }
}
