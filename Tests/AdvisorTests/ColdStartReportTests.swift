import Advisor
import DurableObjects
import Testing

/// `getDOMetrics` reports cold starts per namespace, apart from the events' CPU time.
struct ColdStartReportTests {
    @Test func coldStartsAndTheirPercentilesAreReportedApartFromCPU() throws {
        var seconds: [MetricsSecond] = []
        for s in Int64(100)..<Int64(110) {
            var second = MetricsSecond(second: s)
            second.requests = 10
            for _ in 0..<10 { second.cpuHistogram.record(200_000) }
            second.coldStarts = 2
            second.coldStartHistogram.record(3_000_000)
            second.coldStartHistogram.record(s >= 108 ? 40_000_000 : 3_000_000)
            second.coldStartNanos = 6_000_000
            seconds.append(second)
        }
        let snapshot = NamespaceSnapshot(
            namespace: "RATE_LIMITER", className: "RateLimiter", seconds: seconds, activeObjects: 20, hotObjects: [],
            objectsInMemory: 20, storedBytes: 0, storedObjects: 20)
        let report = MetricsAnalyzer().report(
            [snapshot], source: "embedded", windowSeconds: 10, from: 100, to: 109, includeSeries: false)
        let ns = try #require(report.namespaces.first)
        #expect(ns.coldStarts == 20)
        #expect(abs(ns.coldStartMs.p50 - 3) < 0.3, "\(ns.coldStartMs)")
        #expect(ns.coldStartMs.p95 > 30, "two starts in twenty took 40 ms: \(ns.coldStartMs)")
        #expect(ns.cpuTimeP95 < 0.3, "cold starts are not in the CPU time")
    }

    @Test func aNamespaceWithoutColdStartsReportsZeros() throws {
        var second = MetricsSecond(second: 5)
        second.requests = 1
        let snapshot = NamespaceSnapshot(
            namespace: "COUNTER", className: "Counter", seconds: [second], activeObjects: 1, hotObjects: [],
            objectsInMemory: 1, storedBytes: 0, storedObjects: 0)
        let ns = try #require(
            MetricsAnalyzer().report([snapshot], source: "embedded", windowSeconds: 1, from: 5, to: 5, includeSeries: false)
                .namespaces.first)
        #expect(ns.coldStarts == 0)
        #expect(ns.coldStartMs.p50 == 0 && ns.coldStartMs.p95 == 0)
    }
}
