#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import DurableObjects
import Foundation
import JSHost
import Patterns

/// `do-architect bench worker`: figures for a user's Worker on JavaScriptCore (issue 11's targets). Prints; never
/// fails on timing.
struct BenchWorker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Benchmark a user's Worker on the embedded runtime and JavaScriptCore (run in release).")

    @Option(help: "Sequential empty RPC calls measured (after 500 to warm up).")
    var calls = 5_000

    @Option(help: "Increments of the counter benchmark, per class.")
    var increments = 40_000

    @Option(help: "New objects measured one after the other.")
    var newObjects = 500

    @Option(help: "Live JavaScript objects held in memory at once.")
    var liveObjects = 10_000

    @Option(help: "Loads of the generated ~200 KB Worker.")
    var loads = 5

    @Option(help: "What the live objects' first call does: born (one put, so each opens its database) or ping (no storage).")
    var liveMethod = "born"

    @Option(help: "Run only these benchmarks (comma-separated): rpc, counter, new, live, load.")
    var only: String?

    mutating func run() async throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let selected = Set((only ?? "rpc,counter,new,live,load").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        var load = [0.0, 0.0, 0.0]
        _ = getloadavg(&load, 3)
        out("do-architect bench worker — \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(String(format: "%.2f %.2f %.2f", load[0], load[1], load[2]))")

        let project = try Self.writeProject(in: root.appendingPathComponent("bench-worker"))
        let patterns = try PatternRuntime(dataDirectory: root.appendingPathComponent("data"))
        let host = WorkerHost(runtime: patterns.runtime)
        let loaded = try await host.load(path: project.path, config: nil, main: nil, allowedRoots: nil)
        out("Worker loaded: \(loaded.bundleBytes) bytes of bundle in \(format(loaded.loadMs, 1)) ms")
        guard let js = patterns.runtime.namespace("JS_COUNTER"), let swift = patterns.runtime.namespace("COUNTER") else {
            throw ValidationError("the benchmark's namespaces are missing")
        }

        if selected.contains("rpc") {
            out("\n1. Empty RPC into a JavaScript object, in-process, one at a time (target p50 < 30 µs)")
            let jsObject = js.getByName("rpc")
            let swiftObject = swift.getByName("rpc")
            let jsTimes = try await Self.sequential(calls) { _ in _ = try await jsObject.call("ping", .array([])) }
            let swiftTimes = try await Self.sequential(calls) { _ in _ = try await swiftObject.call("get", .object([:])) }
            out("   JavaScript ping():".padded(46) + Self.summary(jsTimes))
            out("   built-in Swift COUNTER get (for scale):".padded(46) + Self.summary(swiftTimes))
        }

        if selected.contains("counter") {
            out("\n2. Durable counter increments on one object at concurrency 64 (target JavaScript ≥ 20,000/s)")
            // One stub per object, as runWorkload keeps (a stub per call would add an id derivation to each).
            let jsHot = js.getByName("hot")
            let swiftHot = swift.getByName("hot")
            let jsRate = try await Self.rate(increments, concurrency: 64) { _ in
                _ = try await jsHot.call("increment", .array([]))
            }
            let swiftRate = try await Self.rate(increments, concurrency: 64) { _ in
                _ = try await swiftHot.call("increment", .object([:]))
            }
            let value = try await js.getByName("hot").call("value", .array([]))
            out("   JavaScript counter:".padded(46) + "\(Self.thousands(jsRate)) increments/s (stored value \(value.intValue.map(String.init) ?? "\(value)"))")
            out("   built-in Swift COUNTER:".padded(46) + "\(Self.thousands(swiftRate)) increments/s")
            out("   ratio JavaScript / Swift:".padded(46) + String(format: "%.2f", jsRate / swiftRate))
        }

        if selected.contains("new") {
            out("\n3. A new JavaScript object: context, bundle evaluated, constructor, its database opened (target p50 < 3 ms)")
            let times = try await Self.sequential(newObjects, warmup: 20) { i in
                _ = try await js.getByName("new-\(i)").call("born", .array([]))
            }
            out("   first call to a new object (born: one put):".padded(46) + Self.summary(times))
            let cold = try await Self.sequential(newObjects, warmup: 0) { i in
                _ = try await js.getByName("new-\(i + 100_000)").call("ping", .array([]))
            }
            out("   first call, no storage touched (ping):".padded(46) + Self.summary(cold))
        }

        if selected.contains("live") {
            out("\n4. \(Self.thousands(Double(liveObjects))) live JavaScript objects, first call \(liveMethod)() (target RSS < 4 GB, open files bounded)")
            let swiftBefore = residentMegabytes()
            let swiftCount = min(liveObjects, 3_000)
            _ = try await Self.rate(swiftCount, concurrency: 16) { i in
                _ = try await swift.getByName("live-\(i)").call("get", .object([:]))
            }
            let swiftAfter = residentMegabytes()
            out("   for scale, \(Self.thousands(Double(swiftCount))) built-in Swift COUNTER objects:".padded(46) + "\(format(Double(swiftAfter - swiftBefore) * 1024 / Double(swiftCount), 1)) KB per object")
            let before = residentMegabytes()
            let start = ContinuousClock.now
            let method = liveMethod
            _ = try await Self.rate(liveObjects, concurrency: 16) { i in
                _ = try await js.getByName("live-\(i)").call(method, .array([]))
            }
            let seconds = Double((ContinuousClock.now - start).components.attoseconds) / 1e18 + Double((ContinuousClock.now - start).components.seconds)
            out("   made in:".padded(46) + "\(format(seconds, 1)) s")
            out("   in memory:".padded(46) + "\(Self.thousands(Double(js.objectsInMemory))) objects")
            let after = residentMegabytes()
            out("   RSS:".padded(46) + "\(after) MB (\(before) MB before; \(format(Double(after - before) * 1024 / Double(max(1, liveObjects)), 1)) KB per object)")
            out("   open file descriptors:".padded(46) + "\(Self.openFiles()) (connection pool capacity \(patterns.runtime.pool.capacity))")
            if let worker = host.worker {
                let heap = worker.heapStatistics(collect: false)
                out("   JavaScriptCore heaps:".padded(46) + "\(heap.heapSize >> 20) MB live of \(heap.heapCapacity >> 20) MB capacity, \(heap.extraMemory >> 20) MB extra, \(Self.thousands(Double(heap.objects))) cells, \(heap.globals) globals")
                let collected = worker.heapStatistics(collect: true)
                out("   after a full collection:".padded(46) + "\(collected.heapSize >> 20) MB live of \(collected.heapCapacity >> 20) MB capacity; RSS \(residentMegabytes()) MB")
                #if os(Linux)
                _ = glibcMallocTrim(0)
                out("   after malloc_trim(0):".padded(46) + "RSS \(residentMegabytes()) MB")
                #endif
            }
            let sqlite = patterns.runtime.pool.idleMemoryUse
            let perConnection = { (bytes: Int) in format(Double(bytes) / 1024 / Double(max(1, sqlite.connections)), 1) }
            out("   SQLite per idle connection (\(Self.thousands(Double(sqlite.connections)))):".padded(46)
                + "pages \(perConnection(sqlite.cache)) KB, schema \(perConnection(sqlite.schema)) KB, statements \(perConnection(sqlite.statements)) KB")
        }
        await patterns.runtime.shutdown()

        if selected.contains("load") {
            out("\n5. loadWorker of a generated ~200 KB Worker (target < 150 ms)")
            let big = try Self.writeLargeProject(in: root.appendingPathComponent("big-worker"))
            var times: [Double] = []
            var bytes = 0
            for i in 0..<loads {
                let runtime = try DurableObjectsRuntime(configuration: RuntimeConfiguration(dataDirectory: root.appendingPathComponent("load-\(i)")))
                let result = try await WorkerHost(runtime: runtime).load(path: big.path, config: nil, main: nil, allowedRoots: nil)
                times.append(result.loadMs)
                bytes = result.bundleBytes
                await runtime.shutdown()
            }
            let p = Percentiles(times)
            out("   bundle \(Self.thousands(Double(bytes))) bytes:".padded(46) + "p50 \(format(p.median, 1)) ms, min \(format(p.at(0), 1)) ms, max \(format(p.at(1), 1)) ms (esbuild, evaluation, class check)")
        }
    }

    // MARK: - Measurements

    /// Latencies in microseconds of `count` calls one after the other, after `warmup` unmeasured ones.
    static func sequential(_ count: Int, warmup: Int = 500, _ body: (Int) async throws -> Void) async throws -> [Double] {
        for i in 0..<warmup { try await body(count + i) }
        var times: [Double] = []
        times.reserveCapacity(count)
        for i in 0..<count {
            let start = ContinuousClock.now
            try await body(i)
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12)
        }
        return times
    }

    /// Calls per second of `count` calls, `concurrency` at a time.
    static func rate(_ count: Int, concurrency: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var i = worker
                    while i < count {
                        try await body(i)
                        i += concurrency
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    static func summary(_ micros: [Double]) -> String {
        let p = Percentiles(micros)
        return "p50 \(format(p.median, 1)) µs, p90 \(format(p.at(0.9), 1)) µs, p99 \(format(p.at(0.99), 1)) µs"
    }

    static func thousands(_ v: Double) -> String {
        let f = NumberFormatter()
        f.numberStyle = .decimal
        f.maximumFractionDigits = 0
        return f.string(from: NSNumber(value: v.rounded())) ?? String(Int(v))
    }

    static func openFiles() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }

    // MARK: - Projects

    static func writeProject(in folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("src"), withIntermediateDirectories: true)
        try """
            { "name": "bench-worker", "main": "src/index.ts",
              "durable_objects": { "bindings": [{ "name": "JS_COUNTER", "class_name": "JsCounter" }] },
              "migrations": [{ "tag": "v1", "new_sqlite_classes": ["JsCounter"] }] }
            """.write(to: folder.appendingPathComponent("wrangler.jsonc"), atomically: true, encoding: .utf8)
        try """
            import { DurableObject } from "cloudflare:workers";
            export class JsCounter extends DurableObject {
              ping(): void {}
              async increment(): Promise<number> {
                const n = ((await this.ctx.storage.get<number>("n")) ?? 0) + 1;
                await this.ctx.storage.put("n", n);
                return n;
              }
              async value(): Promise<number> {
                return (await this.ctx.storage.get<number>("n")) ?? 0;
              }
              async born(): Promise<void> {
                await this.ctx.storage.put("born", Date.now());
              }
            }
            export default { async fetch(): Promise<Response> { return new Response("bench"); } };
            """.write(to: folder.appendingPathComponent("src/index.ts"), atomically: true, encoding: .utf8)
        return folder
    }

    /// A Worker whose bundle is about 200 KB: one class and 700 generated helper functions in a second module.
    static func writeLargeProject(in folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("src"), withIntermediateDirectories: true)
        try """
            { "name": "big-worker", "main": "src/index.ts",
              "durable_objects": { "bindings": [{ "name": "BIG", "class_name": "Big" }] },
              "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Big"] }] }
            """.write(to: folder.appendingPathComponent("wrangler.jsonc"), atomically: true, encoding: .utf8)
        var helpers = ""
        for i in 0..<700 {
            helpers += """
                export function helper\(i)(input: { id: string; values: number[] }): { id: string; total: number; label: string } {
                  let total = 0;
                  for (const value of input.values) total += value * \(i % 7 + 1);
                  const label = `helper\(i):${input.id}:${total.toFixed(2)}`;
                  return { id: input.id, total, label: label.length > \(40 + i % 13) ? label.slice(0, 40) : label };
                }

                """
        }
        try helpers.write(to: folder.appendingPathComponent("src/helpers.ts"), atomically: true, encoding: .utf8)
        let table = (0..<700).map { "helper\($0)" }.joined(separator: ", ")
        try """
            import { DurableObject } from "cloudflare:workers";
            import { \(table) } from "./helpers";
            const table = [\(table)];
            export class Big extends DurableObject {
              run(n: number, id: string): unknown {
                return table[n % table.length]({ id, values: [1, 2, 3] });
              }
            }
            export default { async fetch(): Promise<Response> { return new Response("big"); } };
            """.write(to: folder.appendingPathComponent("src/index.ts"), atomically: true, encoding: .utf8)
        return folder
    }
}

/// Prints a line at once (stdout may be a file).
private func out(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

#if os(Linux)
/// glibc's `malloc_trim` (not in the Glibc module): gives free heap pages back to the system.
@_silgen_name("malloc_trim") private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
