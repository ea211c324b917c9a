import ArchitectServer
import Logging
import JSONModel
import Testing

struct RecommendArchitectureToolTests {
    let server = try! ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "test"))

    func call(_ arguments: JSONObject) async throws -> ToolResult {
        try await server.callTool("recommendArchitecture", arguments: arguments, context: .silent)
    }

    func expectValid(_ result: ToolResult) throws -> JSONObject {
        #expect(result.isError != true)
        let structured = try #require(result.structuredContent)
        let violations = try #require(server.schemas.tools["recommendArchitecture"]).outputValidator.violations(of: structured)
        #expect(violations.isEmpty, "\(violations)")
        return try #require(structured.objectValue)
    }

    @Test func aChatAppGetsOneObjectPerRoom() async throws {
        let output = try expectValid(try await call(["description": "real-time chat with rooms, 5000 rooms, 200 users per room"]))
        #expect(output["primitive"]?.stringValue == "durable-objects")
        #expect(output["granularity"]?.objectValue?["nameScheme"]?.stringValue?.contains("room") == true)
    }

    @Test func readMostlyConfigurationGoesToWorkersKV() async throws {
        let output = try expectValid(try await call(["description": "feature flags read on every request worldwide, changed a few times a day"]))
        #expect(output["primitive"]?.stringValue == "workers-kv")
    }

    @Test func badArgumentsAreToolErrors() async throws {
        for arguments: JSONObject in [[:], ["description": ""], ["description": "x", "requirements": ["totalPeakRps": -1]]] {
            #expect(try await call(arguments).isError == true)
        }
    }
}
