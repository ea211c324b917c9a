import ArgumentParser
import DurableObjects
import Foundation
import JSONModel
import Patterns

/// `do-architect bench workload`: `runWorkload` on COUNTER (100,000 requests, concurrency 64, 1,000 objects) by
/// default; `--namespace RATE_LIMITER --objects 10000` gives the rate-limiter figure. Prints figures; never fails on
/// timing.
struct BenchWorkload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workload", abstract: "Benchmark runWorkload, on COUNTER by default (run in release).")

    @Option(help: "The namespace to drive.")
    var namespace = "COUNTER"

    @Option(help: "The method (default: the class's workload method).")
    var method: String?

    @Option(help: "Arguments of each call, as JSON (default: the class's workload arguments).")
    var args: String?

    @Option(help: "Requests per run.")
    var requests = 100_000

    @Option(help: "Requests in flight.")
    var concurrency = 64

    @Option(help: "Distinct objects.")
    var objects = 1_000

    @Option(help: "Measured runs (after one warm-up run).")
    var runs = 3

    @Option(help: "Object databases kept open (default: the runtime's automatic size, from the open-file limit).")
    var maxOpenDatabases: Int?

    @Option(help: "Directory for the data (default: a temporary directory, removed afterwards).")
    var dataDirectory: String?

    mutating func run() async throws {
        let root = URL(fileURLWithPath: dataDirectory ?? NSTemporaryDirectory())
            .appendingPathComponent("do-bench-workload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        print("do-architect bench workload — \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let target =
            switch namespace {
            case "COUNTER": " (target ≥ 30,000 requests/s)"
            case "RATE_LIMITER": " (target ≥ 10,000 requests/s, p50 < 8 ms)"
            default: ""
            }
        print("runWorkload \(namespace).\(method ?? "default method"): \(requests) requests, concurrency \(concurrency), \(objects) objects\(target)")
        let limit = maxOpenDatabases
        let patterns = try PatternRuntime(dataDirectory: root) { if let limit { $0.maxOpenDatabases = limit } }
        var options = WorkloadOptions(namespace: namespace, requests: requests)
        options.method = method
        if let args { options.args = try JSON(parsing: args) }
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
