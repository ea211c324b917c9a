import ArchitectServer
import Logging
import JSONModel
import Testing

struct ToolCallTests {
    let server = try! ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "test"))

    func call(_ name: String, _ arguments: JSONObject) async throws -> ToolResult {
        try await server.callTool(name, arguments: arguments, context: .silent)
    }

    func text(_ result: ToolResult) -> String {
        result.text
    }

    func expectValidOutput(_ name: String, _ result: ToolResult) throws {
        #expect(result.isError != true, "\(text(result))")
        let structured = try #require(result.structuredContent)
        let violations = try #require(server.schemas.tools[name]).outputValidator.violations(of: structured)
        #expect(violations.isEmpty, "\(violations)")
        #expect(text(result).hasPrefix("{"), "the structured result is mirrored as JSON text")
    }

    @Test func searchDocsReturnsRankedResultsThatMatchTheOutputSchema() async throws {
        let result = try await call("searchDocs", ["query": "what happens if my alarm throws", "limit": 3])
        try expectValidOutput("searchDocs", result)
        let results = result.structuredContent?.objectValue?["results"]?.arrayValue ?? []
        #expect(results.count == 3)
        #expect(results.first?.objectValue?["uri"]?.stringValue?.hasPrefix("kb://docs/") == true)
    }

    @Test func theDottedAliasRunsTheSameTool() async throws {
        let result = try await call("docs.search", ["query": "hibernation"])
        try expectValidOutput("searchDocs", result)
    }

    @Test(arguments: [
        (["limit": 3], "`query` is required"),
        (["query": "x", "limit": 0], "`limit` must be at least 1"),
        (["query": "x", "limit": "5"], "`limit` must be an integer"),
        (["query": "x", "colour": "red"], "Unknown property `colour`"),
        (["query": "x", "tags": "alarms"], "`tags` must be an array"),
    ] as [(JSONObject, String)])
    func invalidArgumentsComeBackAsToolErrorsNamingTheField(arguments: JSONObject, fragment: String) async throws {
        let result = try await call("searchDocs", arguments)
        #expect(result.isError == true)
        #expect(text(result).contains(fragment), "\(text(result))")
    }

    @Test func aJunkQueryIsAClearToolError() async throws {
        let result = try await call("searchDocs", ["query": "!!! ??? ..."])
        #expect(result.isError == true)
        #expect(text(result).contains("no words to search for"))
    }

    @Test func aSearchWithNoResultsSuggestsWhereToLook() async throws {
        let result = try await call("searchDocs", ["query": "alarms", "tags": ["no-such-tag"]])
        try expectValidOutput("searchDocs", result)
        let output = try #require(result.structuredContent?.objectValue)
        #expect(output["results"]?.arrayValue?.isEmpty == true)
        #expect((output["suggestions"]?.arrayValue?.count ?? 0) > 0)
        #expect(output["message"]?.stringValue?.contains("alarms") == true)
    }

    @Test func getDocReadsASectionInParts() async throws {
        let search = try await call("searchDocs", ["query": "alarm retries backoff", "limit": 1])
        let first = try #require(search.structuredContent?.objectValue?["results"]?.arrayValue?.first?.objectValue)
        let id = try #require(first["id"]?.stringValue)
        let section = try #require(first["section"]?.stringValue)

        let part = try await call("getDoc", ["id": .string(id), "section": .string(section), "maxChars": 200])
        try expectValidOutput("getDoc", part)
        let output = try #require(part.structuredContent?.objectValue)
        #expect(output["section"]?.stringValue == section)
        #expect(output["markdown"]?.stringValue?.count == 200)
        let next = try #require(output["nextOffset"]?.intValue)
        let rest = try await call("getDoc", ["id": .string(id), "section": .string(section), "offset": .int(next), "maxChars": 50000])
        try expectValidOutput("getDoc", rest)
        #expect(rest.structuredContent?.objectValue?["nextOffset"] == nil)
    }

    @Test func getDocOfAnUnknownIdSaysWhatToDo() async throws {
        let result = try await call("getDoc", ["id": "alarmz"])
        #expect(result.isError == true)
        #expect(text(result).contains("No doc has the id \"alarmz\""))
    }
}
