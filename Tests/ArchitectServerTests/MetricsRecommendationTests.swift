import Advisor
import ArchitectServer
import DurableObjects
import Foundation
import JSONModel
import Patterns
import Testing
import TestSupport

/// Each `getDOMetrics` recommendation rule with a workload on the embedded runtime that triggers it and one that
/// must not. Every test runs on its own runtime and data directory.
@Suite(.serialized)
struct MetricsRecommendationTests {
    /// A runtime on a fresh folder, its maintenance loop running for the duration of `body`.
    func withRuntime(
        configure: @escaping @Sendable (inout RuntimeConfiguration) -> Void = { _ in },
        _ body: @Sendable (PatternRuntime) async throws -> Void
    ) async throws {
        let patterns = try PatternRuntime(dataDirectory: TestPaths.temporaryFolder("metrics"), configure: configure)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await patterns.runtime.run() }
            try await body(patterns)
            group.cancelAll()
        }
        await patterns.runtime.shutdown()
    }

    func recommendations(_ patterns: PatternRuntime, _ namespace: String) async throws -> (ids: [String], report: NamespaceReport) {
        let source = EmbeddedMetricsSource(store: try #require(patterns.runtime.metricsStore), runtime: patterns.runtime)
        let report = try await MetricsAnalyzer().report(
            from: source, namespace: namespace, windowSeconds: 120, includeSeries: false, now: Int64(Date().timeIntervalSince1970))
        let namespaceReport = try #require(report.namespaces.first)
        return (namespaceReport.recommendations.map(\.id), namespaceReport)
    }

    func workload(_ namespace: String, _ requests: Int, concurrency: Int = 16, objects: Int = 1, distribution: ObjectDistribution = .single,
                  method: String? = nil, args: JSON? = nil) -> WorkloadOptions {
        var options = WorkloadOptions(namespace: namespace, requests: requests)
        options.concurrency = concurrency
        options.objects = objects
        options.distribution = distribution
        options.method = method
        options.args = args
        options.seed = 7
        return options
    }

    func lab(_ patterns: PatternRuntime, _ requests: Int, _ knobs: JSON, concurrency: Int = 4) async throws {
        _ = try await patterns.runWorkload(workload("LAB", requests, concurrency: concurrency, method: "work", args: knobs))
    }

    @Test func aHotObjectIsToldToShardWithTheCountComputed() async throws {
        try await withRuntime { patterns in
            _ = try await patterns.runWorkload(workload("COUNTER", 6_000, concurrency: 64))
            let (ids, report) = try await recommendations(patterns, "COUNTER")
            #expect(ids.contains("shard-hot-object"), "peak \(report.hottestObjects.first?.peakRequestsPerSecond ?? 0)/s")
            let shard = report.recommendations.first { $0.id == "shard-hot-object" }
            #expect((shard?.evidence["shards"] ?? 0) >= 2)
            #expect(shard?.evidence["budgetRequestsPerSecond"] == 200, "a counter writes, so the 200–500 range applies")
        }
    }

    @Test func trafficSpreadOverManyObjectsIsNotToldToShard() async throws {
        try await withRuntime { patterns in
            _ = try await patterns.runWorkload(workload("COUNTER", 2_000, objects: 500, distribution: .uniform))
            #expect(try await !recommendations(patterns, "COUNTER").ids.contains("shard-hot-object"))
        }
    }

    @Test func manyObjectsDoingSimpleWritesAreToldAboutWorkersKV() async throws {
        try await withRuntime { patterns in
            _ = try await patterns.runWorkload(workload("COUNTER", 4_000, concurrency: 32, objects: 2_000, distribution: .uniform))
            let (ids, report) = try await recommendations(patterns, "COUNTER")
            #expect(ids.contains("consider-workers-kv"), "\(report.activeObjects) active objects")
            let kv = report.recommendations.first { $0.id == "consider-workers-kv" }
            #expect((kv?.evidence["durableObjectsMonthlyUSD"] ?? 0) > 0, "the Durable Objects cost is given")
        }
    }

    @Test func oneCoordinatingObjectIsNotToldAboutWorkersKV() async throws {
        try await withRuntime { patterns in
            _ = try await patterns.runWorkload(workload("COUNTER", 500))
            #expect(try await !recommendations(patterns, "COUNTER").ids.contains("consider-workers-kv"))
        }
    }

    @Test func cpuHeavyRequestsAreFlagged() async throws {
        try await withRuntime { patterns in
            try await lab(patterns, 20, ["cpuMs": 15])
            let (ids, report) = try await recommendations(patterns, "LAB")
            #expect(ids.contains("high-cpu"), "cpu p95 \(report.cpuTimeP95) ms")
        }
        try await withRuntime { patterns in
            try await lab(patterns, 20, ["cpuMs": 0])
            #expect(try await !recommendations(patterns, "LAB").ids.contains("high-cpu"))
        }
    }

    @Test func manyStorageCallsPerRequestAreToldToBatch() async throws {
        try await withRuntime { patterns in
            try await lab(patterns, 20, ["stateOps": 20])
            #expect(try await recommendations(patterns, "LAB").ids.contains("batch-state-operations"))
        }
        try await withRuntime { patterns in
            try await lab(patterns, 20, ["stateOps": 2])
            #expect(try await !recommendations(patterns, "LAB").ids.contains("batch-state-operations"))
        }
    }

    @Test func blockConcurrencyWhilePerRequestShowsAsGateContention() async throws {
        try await withRuntime { patterns in
            try await lab(patterns, 40, ["blockConcurrency": true, "cpuMs": 4], concurrency: 16)
            let (ids, report) = try await recommendations(patterns, "LAB")
            #expect(ids.contains("input-gate-contention"), "gate wait p95 \(report.inputGateWaitP95) ms")
        }
        try await withRuntime { patterns in
            try await lab(patterns, 40, ["cpuMs": 0], concurrency: 1)
            #expect(try await !recommendations(patterns, "LAB").ids.contains("input-gate-contention"))
        }
    }

    @Test func failingAlarmsAreReported() async throws {
        try await withRuntime(configure: { $0.alarmBackoffScale = 0.001 }) { patterns in
            _ = try await patterns.invoke(namespace: "LAB", object: .name("alarm"), method: "armFailingAlarm", args: ["delayMs": 0])
            let deadline = Date().addingTimeInterval(10)
            var ids: [String] = []
            while Date() < deadline {
                try await Task.sleep(for: .milliseconds(200))
                ids = try await recommendations(patterns, "LAB").ids
                if ids.contains("alarm-retries") { break }
            }
            #expect(ids.contains("alarm-retries"))
        }
        try await withRuntime { patterns in
            try await lab(patterns, 10, ["cpuMs": 0])
            #expect(try await !recommendations(patterns, "LAB").ids.contains("alarm-retries"))
        }
    }

    @Test func standardWebSocketsKeepingObjectsAwakeAreReported() async throws {
        try await withRuntime { patterns in
            for index in 0..<10 {
                _ = try await patterns.invoke(namespace: "LAB", object: .name("socket-\(index)"), method: "openStandardSocket")
            }
            try await Task.sleep(for: .milliseconds(2_500))
            let (ids, report) = try await recommendations(patterns, "LAB")
            #expect(ids.contains("objects-held-awake"), "billable \(report.billableActiveSeconds) s")
        }
        try await withRuntime { patterns in
            for index in 0..<10 {
                _ = try await patterns.invoke(namespace: "CHAT_ROOM", object: .name("room-\(index)"), method: "join", args: ["user": "u"])
            }
            try await Task.sleep(for: .milliseconds(2_500))
            #expect(try await !recommendations(patterns, "CHAT_ROOM").ids.contains("objects-held-awake"))
        }
    }

    @Test func overloadIsReported() async throws {
        try await withRuntime(configure: { $0.maxQueuedEvents = 4 }) { patterns in
            try await lab(patterns, 64, ["blockConcurrency": true, "cpuMs": 5], concurrency: 32)
            #expect(try await recommendations(patterns, "LAB").ids.contains("overloaded"))
        }
        try await withRuntime(configure: { $0.maxQueuedEvents = 4 }) { patterns in
            try await lab(patterns, 20, ["cpuMs": 1], concurrency: 1)
            #expect(try await !recommendations(patterns, "LAB").ids.contains("overloaded"))
        }
    }

    @Test func aHighErrorRateIsReported() async throws {
        try await withRuntime { patterns in
            try await lab(patterns, 30, ["fail": true])
            #expect(try await recommendations(patterns, "LAB").ids.contains("high-error-rate"))
        }
        try await withRuntime { patterns in
            try await lab(patterns, 30, ["fail": false])
            #expect(try await !recommendations(patterns, "LAB").ids.contains("high-error-rate"))
        }
    }
}
