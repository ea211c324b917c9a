import ArgumentParser
import DurableObjects
import Foundation

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print figures (run a release build: swift build -c release).",
        subcommands: [BenchSearch.self, BenchTransport.self, BenchReview.self, BenchReviewCorpus.self, BenchRuntime.self, BenchWorkload.self, BenchMetrics.self, BenchWorker.self])
}

/// Figures for a list of durations.
struct Percentiles {
    var sorted: [Double]

    init(_ values: [Double]) { sorted = values.sorted() }

    func at(_ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let index = min(sorted.count - 1, max(0, Int((fraction * Double(sorted.count)).rounded(.up)) - 1))
        return sorted[index]
    }

    var median: Double { at(0.5) }
}

/// This program's own executable, to start servers from.
func currentExecutable() -> URL {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
}

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("do-architect-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func milliseconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}

func format(_ value: Double, _ digits: Int = 3) -> String {
    String(format: "%.\(digits)f", value)
}

/// Resident set size of the process now (Linux: /proc/self/statm; elsewhere the peak).
func residentMegabytes() -> Int {
    #if os(Linux)
    if let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
        let fields = text.split(separator: " ")
        if fields.count > 1, let pages = Int(fields[1]) { return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576 }
    }
    #endif
    return peakResidentMegabytes()
}

/// Peak resident set size of the process.
func peakResidentMegabytes() -> Int {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Int(usage.ru_maxrss) / 1024
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Int(usage.ru_maxrss) / 1_048_576
    #endif
}

/// Calls `increment` once on each of `count` objects named `<prefix><i>`, 64 at a time, with the runtime's loop
/// (eviction of idle instances, the metrics flush) running meanwhile: every object is created and written once.
func incrementEachObjectOnce(
    _ namespace: DurableObjectNamespace, count: Int, prefix: String, runtime: DurableObjectsRuntime
) async throws {
    let concurrency = 64
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await runtime.run() }
        try await withThrowingTaskGroup(of: Void.self) { writers in
            for worker in 0..<concurrency {
                writers.addTask {
                    var i = worker
                    while i < count {
                        _ = try await namespace.getByName("\(prefix)\(i)").call("increment")
                        i += concurrency
                    }
                }
            }
            try await writers.waitForAll()
        }
        group.cancelAll()
    }
}
