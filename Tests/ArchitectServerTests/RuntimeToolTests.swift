import ArchitectServer
import Foundation
import Logging
import JSONModel
import Testing
import TestSupport

/// The runtime tools through the MCP layer, in-process, on a fresh data directory.
@Suite(.serialized)
struct RuntimeToolTests {
    let server: ArchitectServer

    init() throws {
        let directory = try DataDirectory.acquire(TestPaths.temporaryFolder("runtime-tools"))
        server = try ArchitectServer.bundled(dataDirectory: directory, logger: Logger(label: "test"))
    }

    func call(_ name: String, _ arguments: JSONObject) async throws -> ToolResult {
        try await server.callTool(name, arguments: arguments, context: .silent)
    }

    func text(_ result: ToolResult) -> String {
        result.text
    }

    @discardableResult
    func expectValid(_ name: String, _ result: ToolResult) throws -> JSONObject {
        #expect(result.isError != true, "\(text(result))")
        let structured = try #require(result.structuredContent)
        let violations = try #require(server.schemas.tools[name]).outputValidator.violations(of: structured)
        #expect(violations.isEmpty, "\(name): \(violations)")
        return try #require(structured.objectValue)
    }

    @Test func listNamespacesShowsEveryBuiltInClassWithItsMethods() async throws {
        let output = try expectValid("listNamespaces", try await call("listNamespaces", [:]))
        let namespaces = output["namespaces"]?.arrayValue?.compactMap { $0.objectValue?["namespace"]?.stringValue } ?? []
        #expect(namespaces.sorted() == ["BANK_ACCOUNT", "CHAT_ROOM", "COUNTER", "LAB", "RATE_LIMITER", "SHARDED_COUNTER", "TASK_RUNNER", "USER_SESSION", "WEBHOOK_PROCESSOR"])
    }

    /// A tool result carries no `null` member where its schema expects a value: the runtime's `null` members
    /// (WebhookProcessor's `nextAttemptAt` with no alarm set) are left out at the tool layer.
    @Test func nullMembersOfAResultAreLeftOut() async throws {
        let output = try expectValid("invokeObject", try await call("invokeObject", ["namespace": "WEBHOOK_PROCESSOR", "name": "null-members", "method": "status"]))
        let result = try #require(output["result"]?.objectValue)
        #expect(result["pending"] == 0)
        #expect(result["nextAttemptAt"] == nil)
    }

    @Test func invokeInspectAndResetOneObject() async throws {
        let first = try expectValid("invokeObject", try await call("invokeObject", ["namespace": "COUNTER", "name": "tool-test", "method": "increment", "args": ["by": 5]]))
        #expect(first["result"]?.objectValue?["value"]?.intValue == 5)
        let id = try #require(first["id"]?.stringValue)
        let again = try expectValid("invokeObject", try await call("invokeObject", ["namespace": "COUNTER", "id": .string(id), "method": "increment"]))
        #expect(again["result"]?.objectValue?["value"]?.intValue == 6)

        let inspection = try expectValid("inspectObject", try await call("inspectObject", ["namespace": "COUNTER", "name": "tool-test"]))
        #expect(inspection["exists"] == .bool(true))
        #expect(inspection["id"]?.stringValue == id)

        let reset = try expectValid("resetObjects", try await call("resetObjects", ["namespace": "COUNTER", "name": "tool-test"]))
        #expect(reset["total"]?.intValue == 1)
        let after = try expectValid("invokeObject", try await call("invokeObject", ["namespace": "COUNTER", "name": "tool-test", "method": "get"]))
        #expect(after["result"]?.objectValue?["value"]?.intValue == 0)
    }

    static let badCalls: [(JSONObject, String)] = [
        (["namespace": "NOPE", "name": "a", "method": "get"], "COUNTER"),
        (["namespace": "COUNTER", "name": "a", "method": "explode"], "increment"),
        (["namespace": "COUNTER", "method": "get"], "exactly one of `name`"),
        (["namespace": "COUNTER", "name": "a", "id": .string(String(repeating: "a", count: 64)), "method": "get"], "not both"),
        (["namespace": "COUNTER", "name": "a", "method": "increment", "args": ["by": "two"]], "by"),
    ]

    @Test(arguments: badCalls)
    func badCallsSayWhatExists(arguments: JSONObject, fragment: String) async throws {
        let result = try await call("invokeObject", arguments)
        #expect(result.isError == true)
        #expect(text(result).contains(fragment), "\(text(result))")
    }

    @Test func objectErrorsCarryCloudflaresFlags() async throws {
        let result = try await call("invokeObject", ["namespace": "BANK_ACCOUNT", "name": "bank", "method": "withdraw", "args": ["account": "a", "amount": 5]])
        #expect(result.isError == true)
        #expect(text(result).contains("remote: true"))
    }

    @Test func aWorkloadPassesItsChecksAndShowsInTheMetrics() async throws {
        let run = try expectValid("runWorkload", try await call("runWorkload", ["namespace": "BANK_ACCOUNT", "requests": 300, "concurrency": 8, "objects": 4]))
        #expect(run["completed"]?.intValue == 300)
        let checks = run["checks"]?.arrayValue?.compactMap(\.objectValue) ?? []
        #expect(!checks.isEmpty && checks.allSatisfy { $0["passed"] == .bool(true) }, "\(checks)")

        let metrics = try expectValid("getDOMetrics", try await call("getDOMetrics", ["namespace": "BANK_ACCOUNT", "includeSeries": true]))
        #expect(metrics["source"]?.stringValue == "embedded")
        let namespace = try #require(metrics["namespaces"]?.arrayValue?.first?.objectValue)
        #expect(namespace["requests"]?.intValue ?? 0 >= 300)
        #expect(namespace["activeObjects"]?.intValue ?? 0 >= 1)
        #expect((namespace["estimatedMonthlyCost"]?.objectValue?["totalUSD"]?.doubleValue ?? 0) > 0)
    }

    @Test func workloadCapsAreClearErrors() async throws {
        let tooMany = try await call("runWorkload", ["namespace": "COUNTER", "requests": 2_000_000])
        #expect(tooMany.isError == true)
        #expect(text(tooMany).contains("1000000"))
    }

    @Test func verifyRunsTheDesignOnTheEmbeddedRuntime() async throws {
        let output = try expectValid("recommendArchitecture", try await call("recommendArchitecture", ["description": "a counter of page views per article, 200 articles", "verify": true]))
        let verification = try #require(output["verification"]?.objectValue)
        #expect(verification["status"]?.stringValue == "ran", "\(verification)")
    }
}
