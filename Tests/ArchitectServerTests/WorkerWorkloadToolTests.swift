import ArchitectServer
import Foundation
import JSONModel
import Logging
import Testing
import TestSupport

/// runWorkload on the loaded Worker: `call` on one of its namespaces, `request` to its fetch handler, the
/// placeholders, errors from its code counted and sampled, and the runtime tools on the objects it made.
@Suite(.serialized)
struct WorkerWorkloadToolTests {
    let server: ArchitectServer
    let project: URL

    init() throws {
        let directory = try DataDirectory.acquire(TestPaths.temporaryFolder("worker-workload"))
        server = try ArchitectServer.bundled(dataDirectory: directory, logger: Logger(label: "test"))
        project = TestPaths.temporaryFolder("worker-workload-project")
        try FileManager.default.createDirectory(at: project.appendingPathComponent("src"), withIntermediateDirectories: true)
        try """
            { "name": "tally", "main": "src/index.ts",
              "durable_objects": { "bindings": [{ "name": "TALLY", "class_name": "Tally" }] },
              "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Tally"] }] }
            """.write(to: project.appendingPathComponent("wrangler.jsonc"), atomically: true, encoding: .utf8)
        try """
            import { DurableObject } from "cloudflare:workers";
            export class Tally extends DurableObject {
              // Adds `by` under `key` and remembers the last request number and random value it saw.
              async add(key: string, by: number, seen: { i: number; random: number; label: string }): Promise<number> {
                if (typeof by !== "number" || typeof seen.i !== "number" || typeof seen.random !== "number") {
                  throw new TypeError(`expected numbers, got ${typeof by}, ${typeof seen.i}, ${typeof seen.random}`);
                }
                const total = ((await this.ctx.storage.get<number>(key)) ?? 0) + by;
                await this.ctx.storage.put(key, total);
                await this.ctx.storage.put("last", seen);
                return total;
              }
              async total(key: string): Promise<number> {
                return (await this.ctx.storage.get<number>(key)) ?? 0;
              }
              async last(): Promise<unknown> {
                return (await this.ctx.storage.get("last")) ?? null;
              }
              async flaky(i: number): Promise<number> {
                if (i % 4 === 0) throw new RangeError(`request ${i} refused`);
                return i;
              }
            }
            export default {
              async fetch(request: Request, env: any): Promise<Response> {
                const url = new URL(request.url);
                const [, room, n] = url.pathname.split("/");
                if (room === "boom") throw new Error("no room " + n);
                if (room === "down") return new Response("unavailable", { status: 503 });
                const body = request.method === "POST" ? await request.json() : { by: 1 };
                const total = await env.TALLY.getByName(room).add("hits", body.by, { i: Number(n), random: 0, label: request.headers.get("x-label") ?? "" });
                return Response.json({ room, total });
              },
            };
            """.write(to: project.appendingPathComponent("src/index.ts"), atomically: true, encoding: .utf8)
    }

    func call(_ name: String, _ arguments: JSONObject) async throws -> ToolResult {
        let context = ToolContext(progress: { _, _, _ in }, log: { _, _ in }, roots: { [project] })
        return try await server.callTool(name, arguments: arguments, context: context)
    }

    func valid(_ name: String, _ arguments: JSONObject) async throws -> JSONObject {
        let result = try await call(name, arguments)
        #expect(result.isError != true, "\(name): \(result.text)")
        let structured = try #require(result.structuredContent)
        let violations = try #require(server.schemas.tools[name]).outputValidator.violations(of: structured)
        #expect(violations.isEmpty, "\(name): \(violations)")
        return try #require(structured.objectValue)
    }

    func refused(_ arguments: JSONObject, saying words: [String]) async throws {
        let result = try await call("runWorkload", arguments)
        #expect(result.isError == true, "\(arguments) was accepted: \(result.text)")
        for word in words { #expect(result.text.contains(word), "\(arguments): \(result.text)") }
    }

    func load() async throws {
        _ = try await valid("loadWorker", ["path": .string(project.path)])
    }

    @Test func callDrivesAnRPCMethodWithPlaceholdersAndTheRuntimeToolsSeeItsObjects() async throws {
        try await load()
        let result = try await valid("runWorkload", [
            "namespace": "TALLY", "requests": 60, "concurrency": 8, "objects": 3, "seed": 11,
            "call": ["method": "add", "args": ["hits-{{object}}", 2, ["i": "{{i}}", "random": "{{random}}", "label": "r{{i}}-{{object}}"]]],
        ])
        #expect(result["completed"] == .int(60) && result["errors"] == .object([:]), "\(result)")
        #expect(result["namespace"]?.stringValue == "TALLY" && result["method"]?.stringValue == "add")
        #expect(result["objectsTouched"] == .int(3))
        #expect(result["checks"]?.arrayValue?.allSatisfy { $0.objectValue?["passed"] == .bool(true) } == true)
        #expect(result["errorSamples"] == nil)
        // Each object's total is twice the requests it got: 120 in all.
        var sum = 0
        for object in 0..<3 {
            let name = "workload-\(object)"
            let total = try await valid("invokeObject", ["namespace": "TALLY", "name": .string(name), "method": "total", "args": [.string("hits-\(name)")]])
            sum += total["result"]?.intValue ?? 0
            let inspected = try await valid("inspectObject", ["namespace": "TALLY", "name": .string(name)])
            #expect(inspected["keyCount"] == .int(2), "\(inspected)")
        }
        #expect(sum == 120)
        let metrics = try await valid("getDOMetrics", ["namespace": "TALLY", "windowSeconds": 60])
        let namespaces = metrics["namespaces"]?.arrayValue ?? []
        #expect(namespaces.count == 1 && "\(namespaces)".contains("TALLY"), "\(metrics)")
        let reset = try await valid("resetObjects", ["namespace": "TALLY"])
        #expect(reset["total"] == .int(3), "\(reset)")
    }

    @Test func theSameSeedSendsTheSameRandomValues() async throws {
        try await load()
        var lasts: [JSON] = []
        for seed in [99, 99, 100] {
            _ = try await valid("resetObjects", ["namespace": "TALLY"])
            let run = try await valid("runWorkload", [
                "namespace": "TALLY", "requests": 5, "concurrency": 1, "objects": 1, "seed": .int(seed),
                "call": ["method": "add", "args": ["k", 1, ["i": "{{i}}", "random": "{{random}}", "label": "{{object}}#{{i}}"]]],
            ])
            #expect(run["completed"] == .int(5), "seed \(seed), run \(lasts.count): \(run)")
            let total = try await valid("invokeObject", ["namespace": "TALLY", "name": "workload-0", "method": "total", "args": ["k"]])
            #expect(total["result"] == .int(5), "seed \(seed), run \(lasts.count)")
            let last = try await valid("invokeObject", ["namespace": "TALLY", "name": "workload-0", "method": "last", "args": []])
            let seen = try #require(last["result"]?.objectValue)
            #expect(seen["i"] == .int(4) && seen["label"]?.stringValue == "workload-0#4", "\(seen)")
            #expect((seen["random"]?.intValue ?? -1) >= 0, "\(seen)")
            lasts.append(seen["random"] ?? .null)
        }
        #expect(lasts[0] == lasts[1] && lasts[0] != lasts[2], "\(lasts)")
    }

    @Test func errorsFromTheWorkersCodeAreCountedAndSampledWithTheirStack() async throws {
        try await load()
        let result = try await valid("runWorkload", [
            "namespace": "TALLY", "requests": 40, "concurrency": 4, "objects": 2, "call": ["method": "flaky", "args": ["{{i}}"]],
        ])
        #expect(result["errors"] == .object(["RangeError": .int(10)]), "\(result)")
        #expect(result["completed"] == .int(30))
        let samples = try #require(result["errorSamples"]?.arrayValue)
        #expect(samples.count == 5, "distinct messages are kept up to 5: \(samples)")
        let first = try #require(samples.first?.objectValue)
        #expect(first["kind"]?.stringValue == "RangeError")
        #expect(first["message"]?.stringValue?.hasSuffix("refused") == true, "\(first)")
        #expect(first["stack"]?.stringValue?.contains("src/index.ts") == true, "\(first)")
        #expect(result["checks"]?.arrayValue?.first { $0.objectValue?["name"] == "no_errors" }?.objectValue?["passed"] == .bool(false))
    }

    @Test func requestDrivesTheFetchHandlerWithPlaceholdersAndCountsStatuses() async throws {
        try await load()
        let result = try await valid("runWorkload", [
            "requests": 30, "concurrency": 6, "objects": 5, "distribution": "zipf",
            "request": ["method": "POST", "url": "https://tally.test/room-{{object}}/{{i}}", "headers": ["x-label": "n{{i}}"], "body": #"{"by": 3}"#],
        ])
        #expect(result["completed"] == .int(30) && result["errors"] == .object([:]), "\(result)")
        #expect(result["namespace"]?.stringValue == "tally" && result["method"]?.stringValue == "fetch")
        #expect(result["statuses"] == .object(["200": .int(30)]))
        var sum = 0
        for object in 0..<5 {
            let total = try await valid("invokeObject", ["namespace": "TALLY", "name": .string("room-workload-\(object)"), "method": "total", "args": ["hits"]])
            sum += total["result"]?.intValue ?? 0
        }
        #expect(sum == 90)

        let get = try await valid("runWorkload", ["requests": 8, "concurrency": 2, "objects": 2, "seed": 1, "request": ["url": "https://tally.test/{{object}}/{{i}}"]])
        #expect(get["completed"] == .int(8) && get["objectsTouched"] == .int(2), "\(get)")
        let thrown = try await valid("runWorkload", ["requests": 6, "concurrency": 2, "request": ["url": "https://tally.test/boom/{{i}}"]])
        #expect(thrown["errors"] == .object(["user_error": .int(6)]), "\(thrown)")
        let message = thrown["errorSamples"]?.arrayValue?.first?.objectValue?["message"]?.stringValue ?? ""
        #expect(message.contains("no room"), "\(thrown)")
        let down = try await valid("runWorkload", ["requests": 4, "concurrency": 2, "request": ["url": "https://tally.test/down/{{i}}"]])
        #expect(down["errors"] == .object(["http_503": .int(4)]) && down["statuses"] == .object(["503": .int(4)]), "\(down)")
    }

    @Test func misuseIsRefusedClearly() async throws {
        try await refused(["requests": 5, "request": ["url": "https://tally.test/a"]], saying: ["no Worker is loaded", "loadWorker"])
        try await refused(["namespace": "TALLY", "requests": 5, "call": ["method": "add"]], saying: ["no Worker is loaded"])
        try await load()
        try await refused(["namespace": "COUNTER", "requests": 5, "call": ["method": "increment"]], saying: ["COUNTER is built in", "method and args"])
        try await refused(["namespace": "TALLY", "requests": 5, "call": ["method": "nope"]], saying: ["no RPC method \"nope\"", "add, flaky, last, total"])
        try await refused(["namespace": "TALLY", "requests": 5, "call": ["method": "fetch"]], saying: ["no RPC method \"fetch\""])
        try await refused(["namespace": "TALLY", "requests": 5], saying: ["give call: {method, args}", "add, flaky, last, total"])
        try await refused(["namespace": "NOPE", "requests": 5, "call": ["method": "add"]], saying: ["NOPE is not a namespace", "TALLY"])
        try await refused(["namespace": "TALLY", "requests": 5, "call": ["method": "add"], "method": "add"], saying: ["method and args are for built-in classes"])
        try await refused(["namespace": "TALLY", "requests": 5, "request": ["url": "https://tally.test/a"]], saying: ["leave namespace out"])
        try await refused(["requests": 5, "request": ["url": "https://a/", "method": "GET", "body": "x"]], saying: ["cannot go with GET"])
        try await refused(["requests": 5, "call": ["method": "add"], "request": ["url": "https://a/"]], saying: ["not both"])
        try await refused(["requests": 5], saying: ["namespace"])
        try await refused(["namespace": "TALLY", "requests": 5, "call": ["method": "add", "args": "x"]], saying: ["args"])
    }
}
