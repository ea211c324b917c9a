import Advisor
import Foundation
import Testing

/// `getDOMetrics` tells each story: the recommendations it exists for appear, the others do not.
@Suite(.serialized)
struct MetricsStoryTests {
    @Test func thereAreAtLeastTwentyStoriesWithDistinctIds() {
        #expect(MetricsStory.all.count >= 20)
        #expect(Set(MetricsStory.all.map(\.id)).count == MetricsStory.all.count)
    }

    @Test(arguments: MetricsStory.all)
    func theStoryGetsItsRecommendations(_ story: MetricsStory) async throws {
        let started = ContinuousClock.now
        let report = try await story.report()
        if ProcessInfo.processInfo.environment["PRINT_STORY"] != nil { print("STORY \(story.id) \(ContinuousClock.now - started)") }
        let ids = report.recommendations.map(\.id)
        let figures = "objects \(report.activeObjects), rps \(report.requestsPerSecond), peak \(report.peakRequestsPerSecond), cpu p95 \(report.cpuTimeP95), gate p95 \(report.inputGateWaitP95), ops \(report.stateOperations)/\(report.requests), alarms \(report.alarms), billable \(report.billableActiveSeconds), largest \(report.largestObjectBytes ?? 0), $\(report.estimatedMonthlyCost.totalUSD)"
        for id in story.expected {
            #expect(ids.contains(id), "\(story.id): \(id) missing; got \(ids); \(figures)")
        }
        for id in story.forbidden {
            #expect(!ids.contains(id), "\(story.id): \(id) should not appear; \(figures)")
        }
        for recommendation in report.recommendations {
            #expect(!recommendation.evidence.isEmpty && !recommendation.action.isEmpty && !recommendation.docs.isEmpty)
        }
    }
}
