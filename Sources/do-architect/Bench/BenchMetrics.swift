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

    @Option(help: "Distinct objects to create with a COUNTER workload before measuring.")
    var objects: Int = 10_000

    func run() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let patterns = try PatternRuntime(dataDirectory: folder)
        var options = WorkloadOptions(namespace: "COUNTER", requests: objects)
        options.objects = objects
        options.distribution = .uniform
        options.concurrency = 64
        options.objectPrefix = "metrics-"
        let start = ContinuousClock.now
        let result = try await patterns.runWorkload(options)
        print("do-architect bench metrics — COUNTER workload over \(objects) names: \(result.objectsTouched) objects touched in \(format(milliseconds(since: start) / 1000, 1)) s")
        patterns.runtime.flushMetrics()
        try await Task.sleep(for: .milliseconds(1_100))
        patterns.runtime.flushMetrics()
        let source = EmbeddedMetricsSource(store: try require(patterns.runtime.metricsStore), runtime: nil)
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
        print("getDOMetrics (all namespaces, 300 s window) with \(known) active objects known: median \(format(p.median, 1)) ms, max \(format(p.at(1), 1)) ms (target < 50 ms with 100,000)")
        await patterns.runtime.shutdown()
    }
}

private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw ValidationError("the runtime has no metrics store") }
    return value
}
