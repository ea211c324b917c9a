import ArchitectServer
import Foundation
import Testing
import TestSupport

/// MCP behaviour over the real stdio transport of the built binary.
@Suite(.serialized)
struct ProtocolEndToEndTests {
    func error(_ response: [String: Any]) -> [String: Any]? { response["error"] as? [String: Any] }

    @Test func protocolErrorsCarryTheRightCodesAndIds() throws {
        let server = try TestServer.started()
        try server.send("{not json")
        let parse = try #require(server.readMessage())
        #expect(error(parse)?["code"] as? Int == -32700)
        #expect(parse.keys.contains("id") == false, "an unreadable id is left out, never null (MCP schema)")

        try server.send(#"{"jsonrpc":"2.0","id":2,"params":{}}"#)
        #expect(error(try #require(server.readMessage()))?["code"] as? Int == -32600)
        #expect(error(try server.request(3, "no/such/method"))?["code"] as? Int == -32601)
        #expect(error(try server.request(4, "tools/call", #"{"name":"noSuchTool","arguments":{}}"#))?["code"] as? Int == -32602)
        #expect(error(try server.request(5, "tools/call", #"{"arguments":{}}"#))?["code"] as? Int == -32602)
        let missing = try server.request(6, "resources/read", #"{"uri":"kb://docs/no-such-doc"}"#)
        #expect(error(missing)?["code"] as? Int == -32002)
        #expect((error(missing)?["data"] as? [String: Any])?["uri"] as? String == "kb://docs/no-such-doc")
    }

    @Test func argumentsThatBreakTheSchemaComeBackAsToolErrorsNamingTheField() throws {
        let server = try TestServer.started()
        let result = try server.callTool(2, "searchDocs", #"{"query":"alarms","limit":99}"#)
        #expect(result["isError"] as? Bool == true)
        let text = ((result["content"] as? [[String: Any]])?.first?["text"] as? String) ?? ""
        #expect(text.contains("`limit` must be at most 20"))
    }

    @Test func experimentalCapabilityObjectsAreAccepted() throws {
        let server = try TestServer.start()
        try server.send(ServerProcess.initializeLine(capabilities: #"{"experimental":{"codex/auth-change":{}},"roots":{"listChanged":true}}"#))
        let response = try #require(server.readMessage())
        #expect(response["result"] != nil, "\(response)")
    }

    @Test(arguments: [("2025-11-25", "2025-11-25"), ("2025-06-18", "2025-06-18"), ("2025-03-26", "2025-03-26"), ("2024-11-05", "2024-11-05"), ("1999-01-01", "2025-11-25")])
    func protocolVersionsNegotiate(asked: String, expected: String) throws {
        let server = try TestServer.start()
        try server.send(ServerProcess.initializeLine(version: asked))
        let response = try #require(server.readMessage())
        let result = try #require(response["result"] as? [String: Any])
        #expect(result["protocolVersion"] as? String == expected)
    }

    @Test func toolListHasNoNullWhereTheSpecWantsAString() throws {
        let server = try TestServer.started()
        try server.send(#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#)
        let line = try #require(server.readLine())
        #expect(!String(decoding: line, as: UTF8.self).contains(":null"))
        let tools = try #require((try JSONSerialization.jsonObject(with: line) as? [String: Any])?["result"] as? [String: Any])["tools"] as? [[String: Any]]
        #expect(tools?.map { $0["name"] as? String ?? "" }.sorted() == ["closeWebSocket", "controlObject", "getDOMetrics", "getDoc", "inspectObject", "invokeObject", "invokeWorker", "listNamespaces", "loadWorker", "openWebSocket", "receiveWebSocket", "recommendArchitecture", "resetObjects", "reviewCode", "runWorkload", "searchDocs", "sendWebSocket"])
    }

    @Test func logMessagesFollowTheLevelTheClientSets() throws {
        let server = try TestServer.started()
        _ = try server.request(2, "logging/setLevel", #"{"level":"debug"}"#)
        try server.send(#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"searchDocs","arguments":{"query":"alarms"}}}"#)
        var methods: [String] = []
        while let message = server.readMessage(), message["id"] as? Int != 3 { methods.append(message["method"] as? String ?? "") }
        #expect(methods.contains("notifications/message"))

        _ = try server.request(4, "logging/setLevel", #"{"level":"error"}"#)
        try server.send(#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"searchDocs","arguments":{"query":"alarms"}}}"#)
        methods = []
        while let message = server.readMessage(), message["id"] as? Int != 5 { methods.append(message["method"] as? String ?? "") }
        #expect(methods.isEmpty)
    }

    @Test func progressIsReportedOnlyWhenAskedFor() throws {
        let server = try TestServer.started()
        try server.send(#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"searchDocs","arguments":{"query":"alarms"},"_meta":{"progressToken":"p-1"}}}"#)
        var notes: [[String: Any]] = []
        while let message = server.readMessage(), message["id"] as? Int != 2 { notes.append(message) }
        let progress = notes.filter { $0["method"] as? String == "notifications/progress" }
        #expect(!progress.isEmpty)
        #expect((progress.first?["params"] as? [String: Any])?["progressToken"] as? String == "p-1")

        try server.send(#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"searchDocs","arguments":{"query":"alarms"}}}"#)
        let next = try #require(server.readMessage())
        #expect(next["id"] as? Int == 3, "no progress without a token")
    }

    @Test func aCancelledRequestGetsNoResponse() throws {
        let server = try TestServer.start(environment: ["DO_ARCHITECT_DEBUG_TOOL_DELAY_MS": "1500"])
        try server.send(ServerProcess.initializeLine())
        _ = server.readLine()
        try server.send(ServerProcess.initializedLine)
        try server.send(#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"searchDocs","arguments":{"query":"alarms"}}}"#)
        Thread.sleep(forTimeInterval: 0.2)
        try server.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":5,"reason":"test"}}"#)
        try server.send(#"{"jsonrpc":"2.0","id":6,"method":"ping"}"#)
        var ids: [Int] = []
        let deadline = Date().addingTimeInterval(3)
        while Date() < deadline, let message = server.readMessage(timeout: deadline.timeIntervalSinceNow) {
            if let id = message["id"] as? Int { ids.append(id) }
        }
        #expect(ids == [6])
    }

    @Test func resourcesAndPromptsAreListedAndReadable() throws {
        let server = try TestServer.started()
        let list = try #require(try server.request(2, "resources/list")["result"] as? [String: Any])
        let resources = try #require(list["resources"] as? [[String: Any]])
        #expect(resources.count > 10)
        let uri = try #require(resources.first?["uri"] as? String)
        let read = try #require(try server.request(3, "resources/read", #"{"uri":"\#(uri)"}"#)["result"] as? [String: Any])
        let contents = try #require(read["contents"] as? [[String: Any]])
        #expect(contents.first?["mimeType"] as? String == "text/markdown")
        let templates = try #require(try server.request(4, "resources/templates/list")["result"] as? [String: Any])
        #expect((templates["resourceTemplates"] as? [[String: Any]])?.first?["uriTemplate"] as? String == "kb://docs/{id}")

        let prompts = try #require(try server.request(5, "prompts/list")["result"] as? [String: Any])
        #expect((prompts["prompts"] as? [[String: Any]])?.map { $0["name"] as? String ?? "" }.sorted() == ["design-durable-object", "review-durable-object"])
        let prompt = try server.request(6, "prompts/get", #"{"name":"design-durable-object","arguments":{"useCase":"a chat app"}}"#)
        #expect(((prompt["result"] as? [String: Any])?["messages"] as? [[String: Any]])?.count == 1)
        #expect(error(try server.request(7, "prompts/get", #"{"name":"design-durable-object"}"#))?["code"] as? Int == -32602)
    }
}
