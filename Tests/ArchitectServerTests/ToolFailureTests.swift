@testable import ArchitectServer
import JSONModel
import KnowledgeBase
import Logging
import Patterns
import Testing

struct ToolFailureTests {
    @Test(arguments: [
        ("unknown_namespace", "unknownNamespace"), ("empty-description", "emptyDescription"),
        ("unknownDocument", "unknownDocument"), ("sql_error", "sqlError"), ("", "toolFailed"),
    ])
    func engineCodesBecomeCamelCase(code: String, expected: String) {
        #expect(ToolFailure.camelCase(code) == expected)
    }

    @Test func everyEngineErrorMapsToACodeAndItsMessage() {
        let pattern = ToolFailure(PatternError(.unknownNamespace, "No namespace NOPE."))
        #expect(pattern?.code == "unknownNamespace")
        #expect(pattern?.message == "No namespace NOPE.")
        #expect(ToolFailure(KnowledgeBaseError(code: .unknownDocument, message: "x"))?.code == "unknownDocument")
        #expect(ToolFailure(ToolError("x"))?.code == "invalidArguments")
        #expect(ToolFailure(CancellationError()) == nil, "not a tool failure")
    }

    @Test func aFailedCallCarriesItsCodeBesideTheMessage() async throws {
        let server = try ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "test"))
        let missing = try await server.callTool("getDoc", arguments: ["id": "no-such-doc"], context: .silent)
        #expect(missing.isError)
        #expect(missing.errorCode == "unknownDocument")
        #expect(missing.structuredContent?["message"]?.stringValue == missing.text)
        let invalid = try await server.callTool("searchDocs", arguments: ["limit": 3], context: .silent)
        #expect(invalid.errorCode == "invalidArguments")
        let noRuntime = try await server.callTool("listNamespaces", arguments: [:], context: .silent)
        #expect(noRuntime.errorCode == "runtimeUnavailable")
    }

    @Test func aResultOverTheCapBecomesAFailureThatSaysHowToAskForLess() {
        let big = ToolResult(structured: ["items": .array(Array(repeating: "0123456789", count: 10_000))])
        let capped = big.capped(tool: "example")
        #expect(capped.errorCode == "resultTooLarge")
        #expect(capped.text.contains("Ask for less"))
        let small = ToolResult(structured: ["items": ["a"]])
        #expect(small.capped(tool: "example").isError == false)
    }
}
