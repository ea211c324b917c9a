import Advisor
import ArchitectServer
import ArgumentParser
import DurableObjects
import Foundation
import Patterns

struct BenchMetrics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "getDOMetrics latency with many objects known (the metrics store of a fresh runtime).")

    @Option(help: "Distinct COUNTER objects to create and write once each before measuring.")
    var objects: Int = 10_000

    @Option(help: "Object databases kept open (default: the runtime's automatic size, from the open-file limit).")
    var maxOpenDatabases: Int?

    func run() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let limit = maxOpenDatabases
        let patterns = try PatternRuntime(dataDirectory: folder) { if let limit { $0.maxOpenDatabases = limit } }
        let runtime = patterns.runtime
        let counters = try patterns.namespace("COUNTER")
        // Every object is created and written once (a uniform workload of N requests touches only 63 % of N
        // names), with the runtime's loop running meanwhile: eviction of idle instances, the metrics flush.
        let start = ContinuousClock.now
        let count = objects
        try await incrementEachObjectOnce(counters, count: count, prefix: "metrics-", runtime: runtime)
        let seconds = milliseconds(since: start) / 1000
        print("do-architect bench metrics — \(count) COUNTER objects created and written once in \(format(seconds, 1)) s (\(format(Double(count) / seconds, 0))/s)")
        print("  RSS now \(residentMegabytes()) MB, peak \(peakResidentMegabytes()) MB (target < 500 MB with 100,000 objects); \(counters.objectsInMemory) instances in memory")
        runtime.flushMetrics()
        try await Task.sleep(for: .milliseconds(1_100))
        runtime.flushMetrics()
        let source = EmbeddedMetricsSource(store: try require(runtime.metricsStore), runtime: nil)
        var times: [Double] = []
        var known = 0
        for _ in 0..<10 {
            let begin = ContinuousClock.now
            let report = try await MetricsAnalyzer().report(
                from: source, namespace: nil, windowSeconds: 300, includeSeries: false, now: Int64(Date().timeIntervalSince1970))
            times.append(milliseconds(since: begin))
            known = report.namespaces.map(\.activeObjects).reduce(0, +)
        }
        let p = Percentiles(times)
        print("  getDOMetrics (all namespaces, 300 s window) with \(known) active objects known: median \(format(p.median, 1)) ms, max \(format(p.at(1), 1)) ms (target < 50 ms with 100,000)")
        print("  peak RSS \(peakResidentMegabytes()) MB")
        await runtime.shutdown()
    }
}

private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw ValidationError("the runtime has no metrics store") }
    return value
}
