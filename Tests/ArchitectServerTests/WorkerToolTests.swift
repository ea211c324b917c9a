import ArchitectServer
import Foundation
import Logging
import JSONModel
import Testing
import TestSupport

/// loadWorker and invokeWorker through the MCP layer, in-process, on a fresh data directory.
@Suite(.serialized)
struct WorkerToolTests {
    let server: ArchitectServer
    let project: URL

    init() throws {
        let directory = try DataDirectory.acquire(TestPaths.temporaryFolder("worker-tools"))
        server = try ArchitectServer.bundled(dataDirectory: directory, logger: Logger(label: "test"))
        project = TestPaths.temporaryFolder("worker-project")
        try FileManager.default.createDirectory(at: project.appendingPathComponent("src"), withIntermediateDirectories: true)
        try """
            { "name": "visits", "main": "src/index.ts",
              "durable_objects": { "bindings": [{ "name": "VISITS", "class_name": "Visits" }] },
              "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Visits"] }] }
            """.write(to: project.appendingPathComponent("wrangler.jsonc"), atomically: true, encoding: .utf8)
        try """
            import { DurableObject } from "cloudflare:workers";
            export class Visits extends DurableObject {
              async visit(): Promise<number> {
                const n = ((await this.ctx.storage.get<number>("n")) ?? 0) + 1;
                await this.ctx.storage.put("n", n);
                return n;
              }
            }
            export default {
              async fetch(request: Request, env: any): Promise<Response> {
                if (new URL(request.url).pathname === "/throw") throw new Error("no such page");
                const n = await env.VISITS.getByName("home").visit();
                return new Response(`visit ${n}`, { headers: { "x-visits": String(n) } });
              },
            };
            """.write(to: project.appendingPathComponent("src/index.ts"), atomically: true, encoding: .utf8)
    }

    func call(_ name: String, _ arguments: JSONObject, roots: [URL]) async throws -> ToolResult {
        let context = ToolContext(progress: { _, _, _ in }, log: { _, _ in }, roots: { roots })
        return try await server.callTool(name, arguments: arguments, context: context)
    }

    func text(_ result: ToolResult) -> String {
        result.text
    }

    func valid(_ name: String, _ result: ToolResult) throws -> JSONObject {
        #expect(result.isError != true, "\(text(result))")
        let structured = try #require(result.structuredContent)
        let violations = try #require(server.schemas.tools[name]).outputValidator.violations(of: structured)
        #expect(violations.isEmpty, "\(name): \(violations)")
        return try #require(structured.objectValue)
    }

    @Test func loadThenRequestThroughTheWorker() async throws {
        let loaded = try valid("loadWorker", try await call("loadWorker", ["path": .string(project.path)], roots: [project]))
        #expect(loaded["name"]?.stringValue == "visits")
        #expect(loaded["namespaces"]?.arrayValue?.first?.objectValue?["methods"] == .array([.string("visit")]))
        for expected in 1...2 {
            let response = try valid("invokeWorker", try await call("invokeWorker", ["request": .object(["url": .string("https://v.test/")])], roots: [project]))
            #expect(response["status"] == .int(200))
            #expect(response["body"]?.stringValue == "visit \(expected)")
            #expect(response["headers"]?.objectValue?["x-visits"]?.stringValue == "\(expected)")
        }
        let failed = try await call("invokeWorker", ["request": .object(["url": .string("https://v.test/throw")])], roots: [project])
        #expect(failed.isError == true)
        #expect(text(failed).contains("no such page") && text(failed).contains("src/index.ts:11"))
    }

    @Test func invokeObjectReachesTheWorkersNamespacesWithPositionalArgs() async throws {
        _ = try valid("loadWorker", try await call("loadWorker", ["path": .string(project.path)], roots: [project]))
        let output = try valid("invokeObject", try await call(
            "invokeObject", ["namespace": "VISITS", "name": "direct", "method": "visit", "args": .array([])], roots: [project]))
        #expect(output["result"] == .int(1))
        #expect(output["id"]?.stringValue?.count == 64)
        let missing = try await call("invokeObject", ["namespace": "VISITS", "name": "direct", "method": "nope"], roots: [project])
        #expect(missing.isError == true)
        #expect(text(missing).contains("does not implement the method \"nope\""))
        let listed = try valid("listNamespaces", try await call("listNamespaces", [:], roots: [project]))
        let entries = listed["namespaces"]?.arrayValue?.compactMap(\.objectValue) ?? []
        let visits = entries.first { $0["namespace"]?.stringValue == "VISITS" }
        #expect(visits?["kind"]?.stringValue == "worker" && visits?["storage"]?.stringValue == "sqlite")
        #expect(visits?["objects"] == .int(1))
        #expect(entries.first { $0["namespace"]?.stringValue == "COUNTER" }?["kind"]?.stringValue == "builtin")
        let evicted = try valid("controlObject", try await call("controlObject", ["namespace": "VISITS", "name": "direct", "action": "evict"], roots: [project]))
        #expect(evicted["wasInMemory"] == .bool(true))
        let notLoaded = try valid("controlObject", try await call("controlObject", ["namespace": "VISITS", "name": "direct", "action": "evict"], roots: [project]))
        #expect(notLoaded["wasInMemory"] == .bool(false))
        let inspected = try valid("inspectObject", try await call("inspectObject", ["namespace": "VISITS", "name": "direct"], roots: [project]))
        #expect(inspected["keyCount"] == .int(1), "\(inspected)")
        let reset = try valid("resetObjects", try await call("resetObjects", ["namespace": "VISITS", "name": "direct"], roots: [project]))
        #expect(reset["total"] == .int(1))
        let again = try valid("invokeObject", try await call(
            "invokeObject", ["namespace": "VISITS", "name": "direct", "method": "visit", "args": .array([])], roots: [project]))
        #expect(again["result"] == .int(1))
        let metrics = try await call("getDOMetrics", ["namespace": "VISITS", "windowSeconds": .int(60)], roots: [project])
        #expect(metrics.isError != true, "\(text(metrics))")
        let builtIn = try valid("invokeObject", try await call(
            "invokeObject", ["namespace": "COUNTER", "name": "c", "method": "increment", "args": .object(["by": .int(2)])], roots: [project]))
        #expect(builtIn["result"]?.objectValue?["value"] == .int(2))
    }

    @Test func loadOutsideTheRootsIsRefused() async throws {
        let result = try await call("loadWorker", ["path": .string(project.path)], roots: [TestPaths.temporaryFolder("elsewhere")])
        #expect(result.isError == true)
        #expect(text(result).contains("outside the folders"))
    }

    @Test func serveWorkerLoadsTheWorkerAtStart() throws {
        let child = try TestServer.started(arguments: ["--worker", project.path])
        let result = try child.callTool(2, "invokeWorker", #"{"request":{"url":"https://v.test/"}}"#)
        let structured = result["structuredContent"] as? [String: Any]
        #expect(structured?["body"] as? String == "visit 1", "\(result) \(child.standardError)")
    }

    @Test func serveWorkerWithABindingNamedLikeABuiltInHidesIt() throws {
        let child = try TestServer.started(arguments: ["--worker", TestPaths.packageRoot.appendingPathComponent("Tests/JSHostTests/Fixtures/counter").path])
        let result = try child.callTool(2, "invokeObject", #"{"namespace":"COUNTER","name":"x","method":"increment","args":[3]}"#)
        let structured = result["structuredContent"] as? [String: Any]
        #expect(structured?["result"] as? Int == 3, "\(result) \(child.standardError)")
    }
}
