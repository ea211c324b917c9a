import Advisor
import Foundation
import Testing
import TestSupport

/// `getDOMetrics {baselineWindowSeconds: N}`: the effect of a change on measured numbers.
struct BaselineComparisonTests {
    @Test func addingShardsShowsAsChangeAgainstTheBaseline() async throws {
        try await StoryStage.run { stage in
            // Before: one global counter at 500 increments a second. After: the same load over 8 objects.
            try await stage.seconds(4, "COUNTER", perSecond: 500, concurrency: 32)
            try await stage.seconds(4, "COUNTER", perSecond: 500, objects: 8, distribution: .uniform, concurrency: 32)
            let report = try await stage.metrics("COUNTER", windowSeconds: 4, baselineWindowSeconds: 4)
            let counter = try #require(report.namespaces.first)
            let window = try #require(report.baselineWindow)
            #expect(window.windowSeconds == 4 && window.to == report.from - 1 && window.from == report.from - 4)

            let baseline = try #require(counter.baseline)
            let change = try #require(counter.change)
            #expect(baseline["activeObjects"] == 1)
            #expect(counter.activeObjects == 8, "the headline figures stay plain numbers")
            #expect(change["activeObjects"] == 8)
            #expect(counter.baselineRecommendations?.contains("shard-hot-object") == true)
            #expect(!counter.recommendations.contains { $0.id == "shard-hot-object" })
            // The hot object's share fell: the busiest object took every request before, an eighth or so after.
            #expect((baseline["requests"] ?? 0) > 0)
            #expect(abs((change["requests"] ?? 0) - Double(counter.requests) / (baseline["requests"] ?? 1)) < 0.001)
            #expect(report.totals.baseline?["activeObjects"] == 1)
            #expect(report.totals.change?["activeObjects"] == 8)
        }
    }

    @Test func aWindowWithoutBaselineHasNoComparison() async throws {
        try await StoryStage.run { stage in
            try await stage.seconds(2, "COUNTER", perSecond: 20)
            let report = try await stage.metrics("COUNTER")
            #expect(report.baselineWindow == nil)
            #expect(report.namespaces.first?.baseline == nil && report.namespaces.first?.change == nil)
            #expect(report.totals.baseline == nil)
        }
    }

    @Test(arguments: [
        (["a": 2.0, "b": 0.0, "c": 4.0], ["a": 4.0, "b": 3.0, "c": 4.0], ["a": 2.0, "c": 1.0]),
        ([:], ["a": 1.0], [:]),
    ])
    func changeIsTheRatioAndLeavesOutAZeroBaseline(_ baseline: [String: Double], _ current: [String: Double], _ expected: [String: Double]) {
        #expect(MetricsReport.change(current, over: baseline) == expected)
    }

    @Test func theCommandLineComparesTwoWindows() throws {
        let folder = TestPaths.temporaryFolder("metrics-baseline")
        let (status, output) = try runProcess(["metrics", "--data-dir", folder.path, "--window", "30", "--baseline", "60", "--json"])
        #expect(status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let window = try #require(json["baselineWindow"] as? [String: Any])
        #expect(window["windowSeconds"] as? Int == 60)
        #expect((json["totals"] as? [String: Any])?["baseline"] != nil)
        let refused = try runProcess(["metrics", "--data-dir", folder.path, "--baseline", "0"])
        #expect(refused.status != 0)
    }
}
