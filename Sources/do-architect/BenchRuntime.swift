import ArgumentParser
import DurableObjects
import Foundation
import GRDBSQLite
import JSONModel

/// `do-architect bench runtime`: figures for the embedded Durable Objects runtime. Prints; never fails on timing.
struct BenchRuntime: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runtime", abstract: "Benchmark the embedded Durable Objects runtime (run in release).")

    @Option(help: "Increments per measurement of benchmark 1.")
    var increments = 50_000

    @Option(help: "Distinct objects of benchmark 2.")
    var objects = 100_000

    @Option(help: "Calls of benchmark 3.")
    var calls = 100_000

    @Option(help: "Directory for the data (default: a temporary directory, removed afterwards).")
    var dataDirectory: String?

    @Flag(help: "Skip benchmark 2 (distinct objects).")
    var skipManyObjects = false

    @Option(help: "Run only these benchmarks (comma-separated): increments, calls, metrics, objects.")
    var only: String?

    @Flag(help: "Keep the data directory (to inspect the files).")
    var keep = false

    mutating func run() async throws {
        let root = URL(fileURLWithPath: dataDirectory ?? NSTemporaryDirectory())
            .appendingPathComponent("do-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(at: root) } else { say("data kept in \(root.path)") } }
        say("do-architect bench runtime — \(ProcessInfo.processInfo.activeProcessorCount) cores")

        let selected = Set((only ?? "increments,calls,metrics,objects").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        if selected.contains("increments") {
            say("\n1. One object, durable counter increments (target ≥ 50,000/s coalesced at concurrency 64)")
            for mode in DurabilityMode.allCases {
                let label =
                    mode == .processCrash
                    ? "process-crash (synchronous=OFF; survives a killed process)" : "power-loss (synchronous=FULL)"
                say("  \(label)")
                for concurrency in [1, 64] {
                    let n = concurrency == 1 ? max(1, increments / 5) : increments
                    let rate = try await Self.counterRate(
                        root: root, mode: mode, concurrency: concurrency, total: n, metrics: true)
                    say("    runtime, concurrency \(concurrency):".padded(44) + "\(Self.format(rate)) increments/s")
                }
                let perCommit = try Self.rawSQLite(root: root, mode: mode, total: max(1, increments / 5), batch: 1)
                say("    raw SQLite, one commit per write:".padded(44) + "\(Self.format(perCommit)) writes/s")
                let batched = try Self.rawSQLite(root: root, mode: mode, total: increments, batch: 64)
                say("    raw SQLite, 64 writes per commit:".padded(44) + "\(Self.format(batched)) writes/s")
            }
        }

        if selected.contains("calls") || selected.contains("metrics") {
            say("\n3. Empty handler call through a stub (target < 20 µs); median of 5 runs")
            var on: [Double] = [], off: [Double] = []
            for _ in 0..<5 {
                on.append(try await Self.emptyCall(root: root, calls: calls, metrics: true))
                off.append(try await Self.emptyCall(root: root, calls: calls, metrics: false))
            }
            let callOn = Percentiles(on).median, callOff = Percentiles(off).median
            say(String(format: "    metrics on:  %.2f µs/call\n    metrics off: %.2f µs/call", callOn, callOff))
            say(String(format: "    metrics cost: %+.2f µs per event (target < 1 µs beyond the CPU clock reads)", callOn - callOff))
        }

        if selected.contains("calls") || selected.contains("metrics") {
            let (record, cpuClock) = Self.recordingCost(events: max(calls, 100_000))
            say(String(format: "    of which: recording one event %.3f µs (lock, counters, 3 histograms; no clock read)", record))
            say(String(format: "    one read of the thread CPU clock: %.3f µs (2 per executor slice, 2 per event)", cpuClock))
        }

        if selected.contains("metrics") {
            say("\n4. Metrics recording overhead (counter, concurrency 64, process-crash durability)")
            let on = try await Self.counterRate(root: root, mode: .processCrash, concurrency: 64, total: increments, metrics: true)
            let off = try await Self.counterRate(root: root, mode: .processCrash, concurrency: 64, total: increments, metrics: false)
            say("    metrics on:  \(Self.format(on)) increments/s\n    metrics off: \(Self.format(off)) increments/s")
        }

        if !skipManyObjects && selected.contains("objects") {
            say("\n2. \(Self.format(Double(objects))) distinct objects, each created and written once (target ≥ 5,000/s, peak RSS < 500 MB)")
            let dir = root.appendingPathComponent("many")
            let cpu0 = Self.processCPUSeconds()
            let (rate, seconds) = try await Self.manyObjects(root: dir, count: objects)
            let cpu = Self.processCPUSeconds() - cpu0
            say("    \(Self.format(rate)) objects/s (\(String(format: "%.1f", seconds)) s)")
            say(String(format: "    CPU of the process: %.0f µs per object (user + system, all threads; independent of the machine's load)", cpu * 1e6 / Double(objects)))
            say("    peak RSS of the process: \(peakResidentMegabytes()) MB")
            say("    disk used: \(Self.diskUsage(dir) / 1_048_576) MB")
        }
    }

    // MARK: Benchmarks

    static func counterClass() -> DurableObjectClass {
        DurableObjectClass(name: "Counter") { _ in BenchCounter() }
    }

    static func counterRate(root: URL, mode: DurabilityMode, concurrency: Int, total: Int, metrics: Bool) async throws
        -> Double
    {
        var config = RuntimeConfiguration(dataDirectory: root.appendingPathComponent(UUID().uuidString))
        config.durability = mode
        config.metricsEnabled = metrics
        config.maxQueuedEvents = 10_000
        let runtime = try DurableObjectsRuntime(configuration: config)
        let ns = try runtime.register(binding: "COUNTER", counterClass())
        let stub = ns.getByName("bench")
        _ = try await stub.call("increment")
        let perTask = max(1, total / concurrency)
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask { for _ in 0..<perTask { _ = try await stub.call("increment") } }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        let final = try await stub.call("get").integer ?? 0
        if final != perTask * concurrency + 1 { say("    !! lost increments: \(final)") }
        await runtime.shutdown()
        return Double(perTask * concurrency) / elapsed.seconds
    }

    static func emptyCall(root: URL, calls: Int, metrics: Bool) async throws -> Double {
        var config = RuntimeConfiguration(dataDirectory: root.appendingPathComponent(UUID().uuidString))
        config.metricsEnabled = metrics
        let runtime = try DurableObjectsRuntime(configuration: config)
        let ns = try runtime.register(binding: "COUNTER", counterClass())
        let stub = ns.getByName("empty")
        for _ in 0..<1_000 { _ = try await stub.call("noop") }
        let start = ContinuousClock.now
        for _ in 0..<calls { _ = try await stub.call("noop") }
        let elapsed = ContinuousClock.now - start
        await runtime.shutdown()
        return elapsed.seconds * 1e6 / Double(calls)
    }

    /// Microseconds per `NamespaceMetrics.event` call (median of 5 runs, one thread, one object, clock reads
    /// excluded) and per read of the thread CPU clock.
    static func recordingCost(events: Int) -> (record: Double, cpuClock: Double) {
        let metrics = NamespaceMetrics(binding: "B", enabled: true, clock: SystemClock(), hotPerSecond: 20, retention: 60)
        let slot = metrics.slot(NamespaceKey(uniqueKey: "bench").idFromName("a"))
        var before = StorageCounters(), after = StorageCounters()
        before.kvReads = 1
        after.kvReads = 2
        after.kvWrites = 1
        var runs: [Double] = []
        for _ in 0..<5 {
            let start = ContinuousClock.now
            for i in 0..<events {
                metrics.event(
                    slot, kind: .rpc, wallNanos: UInt64(20_000 + i & 1023), cpuNanos: UInt64(5_000 + i & 511),
                    gateWaitNanos: UInt64(i & 255), failed: false, before: before, after: after, billableNanos: 20_000)
            }
            runs.append((ContinuousClock.now - start).seconds * 1e6 / Double(events))
        }
        var clockRuns: [Double] = []
        var sink: UInt64 = 0
        for _ in 0..<5 {
            let start = ContinuousClock.now
            for _ in 0..<events { sink &+= MeasuredTime.threadCPUNanos() }
            clockRuns.append((ContinuousClock.now - start).seconds * 1e6 / Double(events))
        }
        if sink == 42 { say("") }
        return (Percentiles(runs).median, Percentiles(clockRuns).median)
    }

    static func manyObjects(root: URL, count: Int) async throws -> (Double, Double) {
        var config = RuntimeConfiguration(dataDirectory: root)
        config.maxQueuedEvents = 10_000
        config.evictionTimeout = .seconds(2)
        let runtime = try DurableObjectsRuntime(configuration: config)
        let ns = try runtime.register(binding: "COUNTER", counterClass())
        let start = ContinuousClock.now
        try await incrementEachObjectOnce(ns, count: count, prefix: "object-", runtime: runtime)
        let elapsed = (ContinuousClock.now - start).seconds
        await runtime.shutdown()
        return (Double(count) / elapsed, elapsed)
    }

    /// The counter's write (`INSERT … ON CONFLICT DO UPDATE` of one key) in a raw SQLite loop.
    static func rawSQLite(root: URL, mode: DurabilityMode, total: Int, batch: Int) throws -> Double {
        let path = root.appendingPathComponent("raw-\(UUID().uuidString).sqlite").path
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw ValidationError("cannot open \(path)") }
        defer { sqlite3_close(db) }
        sqlite3_exec(db, "PRAGMA journal_mode=WAL", nil, nil, nil)
        sqlite3_exec(db, mode == .powerLoss ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=OFF", nil, nil, nil)
        sqlite3_exec(db, "CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID", nil, nil, nil)
        var stmt: OpaquePointer?
        sqlite3_prepare_v2(
            db, "INSERT INTO kv VALUES ('n', ?) ON CONFLICT DO UPDATE SET value = excluded.value", -1, &stmt, nil)
        defer { sqlite3_finalize(stmt) }
        let start = ContinuousClock.now
        var i = 0
        while i < total {
            sqlite3_exec(db, "BEGIN", nil, nil, nil)
            for _ in 0..<batch where i < total {
                i += 1
                let text = Array(String(i).utf8)
                text.withUnsafeBytes { _ = sqlite3_bind_blob(stmt, 1, $0.baseAddress, Int32($0.count), nil) }
                sqlite3_step(stmt)
                sqlite3_reset(stmt)
            }
            sqlite3_exec(db, "COMMIT", nil, nil, nil)
        }
        return Double(total) / (ContinuousClock.now - start).seconds
    }

    // MARK: Measurement helpers

    /// User + system CPU time of the process so far, in seconds.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Bytes allocated on disk (`st_blocks` × 512) for every file and directory under `url`, like `du`.
    static func diskUsage(_ url: URL) -> Int {
        var total = 0
        let paths = [url.path] + ((FileManager.default.subpaths(atPath: url.path) ?? []).map { url.path + "/" + $0 })
        for path in paths {
            var st = stat()
            if lstat(path, &st) == 0 { total += Int(st.st_blocks) * 512 }
        }
        return total
    }

    static func format(_ v: Double) -> String {
        var s = String(Int(v.rounded()))
        var i = s.count - 3
        while i > 0 {
            s.insert(",", at: s.index(s.startIndex, offsetBy: i))
            i -= 3
        }
        return s
    }
}

/// The benchmark's counter object: `increment` reads and writes one key; `noop` does nothing.
final class BenchCounter: DurableObject {
    func call(_ method: String, _ args: JSON, context: isolated ObjectContext) async throws -> JSON {
        switch method {
        case "noop": return .null
        case "get": return try context.storage.get("n") ?? 0
        default:
            let v = (try context.storage.get("n")?.integer ?? 0) + 1
            try context.storage.put("n", .number(Double(v)))
            return .number(Double(v))
        }
    }
}

/// Prints a line at once (stdout may be a file).
private func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

extension Duration {
    fileprivate var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}

extension String {
    func padded(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
