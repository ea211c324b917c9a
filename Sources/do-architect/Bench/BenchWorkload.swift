import ArgumentParser
import DurableObjects
import Foundation
import Patterns

/// `do-architect bench workload`: `runWorkload` on COUNTER (100,000 requests, concurrency 64, 1,000 objects).
/// Prints figures; never fails on timing.
struct BenchWorkload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workload", abstract: "Benchmark runWorkload on COUNTER (run in release).")

    @Option(help: "Requests per run.")
    var requests = 100_000

    @Option(help: "Requests in flight.")
    var concurrency = 64

    @Option(help: "Distinct objects.")
    var objects = 1_000

    @Option(help: "Measured runs (after one warm-up run).")
    var runs = 3

    @Option(help: "Directory for the data (default: a temporary directory, removed afterwards).")
    var dataDirectory: String?

    mutating func run() async throws {
        let root = URL(fileURLWithPath: dataDirectory ?? NSTemporaryDirectory())
            .appendingPathComponent("do-bench-workload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        print("do-architect bench workload — \(ProcessInfo.processInfo.activeProcessorCount) cores")
        print("runWorkload COUNTER.increment: \(requests) requests, concurrency \(concurrency), \(objects) objects (target ≥ 30,000 requests/s)")
        let patterns = try PatternRuntime(dataDirectory: root)
        var options = WorkloadOptions(namespace: "COUNTER", requests: requests)
        options.concurrency = concurrency
        options.objects = objects
        options.seed = 1
        let warm = try await patterns.runWorkload(options)
        print("  warm-up (objects created):".padding(toLength: 34, withPad: " ", startingAt: 0) + "\(format(warm.throughput, 0)) requests/s")
        var rates: [Double] = []
        for i in 1...max(1, runs) {
            let r = try await patterns.runWorkload(options)
            rates.append(r.throughput)
            print(
                "  run \(i):".padding(toLength: 34, withPad: " ", startingAt: 0) + "\(format(r.throughput, 0)) requests/s  p50 \(format(r.latencyMs.p50)) ms  p99 \(format(r.latencyMs.p99)) ms  checks \(r.allChecksPassed ? "pass" : "FAIL")")
        }
        let p = Percentiles(rates)
        print("  median:".padding(toLength: 34, withPad: " ", startingAt: 0) + "\(format(p.median, 0)) requests/s")
        await patterns.runtime.shutdown()
    }
}
