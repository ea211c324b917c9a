import ArchitectServer
import Foundation
import JSONModel
import Logging
import Testing
import TestSupport

/// The Worker's hiding of built-in namespaces, reloads, console output and fetch mocks through the MCP layer.
@Suite(.serialized)
struct WorkerAPIToolTests {
    let server: ArchitectServer
    let project: URL

    static let source = """
        import { DurableObject } from "cloudflare:workers";
        export class Counter extends DurableObject {
          async bump(by: number): Promise<number> {
            const n = ((await this.ctx.storage.get<number>("n")) ?? 0) + by;
            await this.ctx.storage.put("n", n);
            console.log("bumped to", n);
            return n;
          }
          nothing(): void { console.warn("returning nothing"); }
          async ask(name: string): Promise<string> { return await (this.env as any).COUNTER.getByName(name).fail(); }
          fail(): never { console.error("about to fail"); throw new TypeError("refused by the callee"); }
          async downstream(): Promise<string> { const r = await fetch("https://api.test/v1/items"); return `${r.status} ${await r.text()}`; }
        }
        export default {
          async fetch(request: Request, env: any): Promise<Response> {
            console.info("request", new URL(request.url).pathname);
            return new Response(String(await env.COUNTER.getByName("web").bump(1)));
          },
        };
        """

    init() throws {
        let directory = try DataDirectory.acquire(TestPaths.temporaryFolder("worker-api-tools"))
        server = try ArchitectServer.bundled(dataDirectory: directory, logger: Logger(label: "test"))
        project = TestPaths.temporaryFolder("worker-api-project")
        try FileManager.default.createDirectory(at: project.appendingPathComponent("src"), withIntermediateDirectories: true)
        try Self.config(binding: "COUNTER").write(to: project.appendingPathComponent("wrangler.jsonc"), atomically: true, encoding: .utf8)
        try Self.source.write(to: project.appendingPathComponent("src/index.ts"), atomically: true, encoding: .utf8)
    }

    static func config(binding: String) -> String {
        """
        { "name": "api-tools", "main": "src/index.ts",
          "durable_objects": { "bindings": [{ "name": "\(binding)", "class_name": "Counter" }] },
          "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }] }
        """
    }

    func call(_ name: String, _ arguments: JSONObject) async throws -> ToolResult {
        let roots = [project]
        let context = ToolContext(progress: { _, _, _ in }, log: { _, _ in }, roots: { roots })
        return try await server.callTool(name, arguments: arguments, context: context)
    }

    func valid(_ name: String, _ result: ToolResult) throws -> JSONObject {
        #expect(result.isError != true, "\(result.text)")
        let structured = try #require(result.structuredContent)
        let violations = try #require(server.schemas.tools[name]).outputValidator.violations(of: structured)
        #expect(violations.isEmpty, "\(name): \(violations)")
        return try #require(structured.objectValue)
    }

    @Test func aWorkerBindingHidesTheBuiltInInEveryRuntimeToolUntilAReloadDropsIt() async throws {
        // Data of the built-in COUNTER first.
        _ = try valid("invokeObject", try await call("invokeObject", ["namespace": "COUNTER", "name": "c", "method": "increment", "args": ["by": 5]]))
        let loaded = try valid("loadWorker", try await call("loadWorker", ["path": .string(project.path)]))
        #expect(loaded["changes"]?.objectValue?["hiddenBuiltins"] == ["COUNTER"])

        let listed = try valid("listNamespaces", try await call("listNamespaces", [:]))
        let counters = (listed["namespaces"]?.arrayValue ?? []).compactMap(\.objectValue).filter { $0["namespace"] == "COUNTER" }
        #expect(counters.count == 1 && counters.first?["kind"] == "worker" && counters.first?["className"] == "Counter")

        let bumped = try valid("invokeObject", try await call("invokeObject", ["namespace": "COUNTER", "name": "c", "method": "bump", "args": [2]]))
        #expect(bumped["result"] == 2)  // the Worker's own storage, not the built-in's 5
        #expect(bumped["logs"] == [["level": "log", "message": "bumped to 2"]] && bumped["logsTruncated"] == false)
        let inspected = try valid("inspectObject", try await call("inspectObject", ["namespace": "COUNTER", "name": "c"]))
        #expect(inspected["sampleKeys"]?.arrayValue?.first?.objectValue?["key"] == "n")
        let metrics = try await call("getDOMetrics", ["namespace": "COUNTER", "windowSeconds": 60])
        #expect(metrics.isError != true, "\(metrics.text)")
        // runWorkload reaches the Worker's class too: the built-in's call shape is refused, `call` drives it.
        let builtInShape = try await call("runWorkload", ["namespace": "COUNTER", "requests": 10])
        #expect(builtInShape.isError == true && builtInShape.text.contains("namespace of your Worker"), "\(builtInShape.text)")
        let workload = try valid("runWorkload", try await call("runWorkload", ["namespace": "COUNTER", "requests": 10, "call": ["method": "bump", "args": [1]]]))
        #expect(workload["completed"] == 10, "\(workload)")

        // Loading again under another binding shows the built-in again, with its data.
        try Self.config(binding: "MY_COUNTER").write(to: project.appendingPathComponent("wrangler.jsonc"), atomically: true, encoding: .utf8)
        let reloaded = try valid("loadWorker", try await call("loadWorker", ["path": .string(project.path)]))
        let changes = try #require(reloaded["changes"]?.objectValue)
        #expect(changes["restoredBuiltins"] == ["COUNTER"] && changes["removed"] == ["COUNTER"])
        #expect(changes["added"] == ["MY_COUNTER"] && changes["previousWorker"] == "api-tools")
        let builtIn = try valid("invokeObject", try await call("invokeObject", ["namespace": "COUNTER", "name": "c", "method": "increment", "args": ["by": 1]]))
        #expect(builtIn["result"]?.objectValue?["value"] == 6)
        #expect(builtIn["logs"] == nil)
        let mine = try valid("invokeObject", try await call("invokeObject", ["namespace": "MY_COUNTER", "name": "c", "method": "bump", "args": [1]]))
        #expect(mine["result"] == 3)  // the same class under the same Worker name keeps its objects' data
    }

    @Test func consoleOutputUndefinedResultsAndErrorsAcrossStubs() async throws {
        _ = try valid("loadWorker", try await call("loadWorker", ["path": .string(project.path)]))
        let nothing = try valid("invokeObject", try await call("invokeObject", ["namespace": "COUNTER", "name": "u", "method": "nothing", "args": []]))
        #expect(nothing["result"] == .null)
        #expect(nothing["logs"] == [["level": "warn", "message": "returning nothing"]])

        let response = try valid("invokeWorker", try await call("invokeWorker", ["request": ["url": "https://w.test/hello"]]))
        #expect(response["body"] == "1")
        #expect(response["logs"] == [["level": "info", "message": "request /hello"], ["level": "log", "message": "bumped to 1"]])

        let failed = try await call("invokeObject", ["namespace": "COUNTER", "name": "a", "method": "ask", "args": ["b"]])
        #expect(failed.isError == true)
        #expect(failed.text.contains("TypeError: refused by the callee"), "\(failed.text)")
        #expect(failed.text.contains("src/index.ts:11"), "\(failed.text)")
        #expect(failed.text.contains("[error] about to fail"), "\(failed.text)")
    }

    @Test func fetchMocksAnswerOutboundRequests() async throws {
        let loaded = try valid("loadWorker", try await call("loadWorker", [
            "path": .string(project.path),
            "fetchMocks": [["url": "https://api.test/v1/*", "status": 202, "body": "mocked", "latencyMs": 5]],
            "maxLiveObjects": 50,
        ]))
        #expect(loaded["fetchMocks"] == 1 && loaded["maxLiveObjects"] == 50)
        let answered = try valid("invokeObject", try await call("invokeObject", ["namespace": "COUNTER", "name": "f", "method": "downstream", "args": []]))
        #expect(answered["result"] == "202 mocked")
        // A mock's status and body default to what its schema says (200, empty).
        _ = try valid("loadWorker", try await call("loadWorker", ["path": .string(project.path), "fetchMocks": [["url": "https://api.test/v1/*"]]]))
        let defaulted = try valid("invokeObject", try await call("invokeObject", ["namespace": "COUNTER", "name": "f", "method": "downstream", "args": []]))
        #expect(defaulted["result"] == "200 ")
        _ = try valid("loadWorker", try await call("loadWorker", ["path": .string(project.path)]))
        let refused = try await call("invokeObject", ["namespace": "COUNTER", "name": "f", "method": "downstream", "args": []])
        #expect(refused.isError == true && refused.text.contains("was refused") && refused.text.contains("fetchMocks"), "\(refused.text)")
        let invalid = try await call("loadWorker", ["path": .string(project.path), "fetchMocks": [["status": 200]]])
        #expect(invalid.isError == true && invalid.text.contains("url"), "\(invalid.text)")
    }
}
