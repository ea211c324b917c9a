import ArchitectServer
import Foundation
import JSONModel
import Logging
import Testing
import TestSupport

/// openWebSocket, sendWebSocket, receiveWebSocket, closeWebSocket and controlObject's hibernate and runAlarm through
/// the MCP layer, on the chat fixture of the JavaScript host's tests.
@Suite(.serialized)
struct WebSocketToolTests {
    let server: ArchitectServer
    let chat = Fixtures.url("JSHostTests", "chat")

    init() throws {
        let directory = try DataDirectory.acquire(TestPaths.temporaryFolder("socket-tools"))
        server = try ArchitectServer.bundled(dataDirectory: directory, logger: Logger(label: "test"))
    }

    func call(_ name: String, _ arguments: JSONObject) async throws -> ToolResult {
        let context = ToolContext(progress: { _, _, _ in }, log: { _, _ in }, roots: { [chat] })
        return try await server.callTool(name, arguments: arguments, context: context)
    }

    /// A successful result, checked against the tool's output schema.
    func ok(_ name: String, _ arguments: JSONObject) async throws -> JSONObject {
        let result = try await call(name, arguments)
        #expect(result.isError != true, "\(name): \(result.text)")
        let structured = try #require(result.structuredContent)
        let violations = try #require(server.schemas.tools[name]).outputValidator.violations(of: structured)
        #expect(violations.isEmpty, "\(name): \(violations)")
        return try #require(structured.objectValue)
    }

    /// A failed result's `code` and message.
    func failure(_ name: String, _ arguments: JSONObject) async throws -> (code: String, message: String) {
        let result = try await call(name, arguments)
        #expect(result.isError == true, "\(name) should fail: \(result.text)")
        return (result.structuredContent?["code"]?.text ?? "", result.text)
    }

    @Test func aChatThroughTheWorkerHibernatesWakesAndCloses() async throws {
        _ = try await ok("loadWorker", ["path": .string(chat.path)])
        let opened = try await ok("openWebSocket", ["url": "https://chat.test/rooms/tools/join?user=ann"])
        #expect(opened["socket"] == "ws-1" && opened["namespace"] == "ROOMS")
        let welcome = try await ok("receiveWebSocket", ["socket": "ws-1", "waitMs": 1000])
        #expect(welcome["messages"] == [#"{"type":"welcome","members":1}"#])
        _ = try await ok("sendWebSocket", ["socket": "ws-1", "data": "hello"])
        #expect(try await ok("receiveWebSocket", ["socket": "ws-1"])["messages"] == [#"{"from":"ann","text":"hello","n":1}"#])

        let hibernated = try await ok("controlObject", ["namespace": "ROOMS", "name": "tools", "action": "hibernate"])
        #expect(hibernated["wasInMemory"] == true && hibernated["webSockets"] == 1)
        _ = try await ok("sendWebSocket", ["socket": "ws-1", "data": "ping"])
        #expect(try await ok("receiveWebSocket", ["socket": "ws-1"])["messages"] == ["pong"])
        _ = try await ok("sendWebSocket", ["socket": "ws-1", "data": ["base64": "AQID"]])
        #expect(try await ok("receiveWebSocket", ["socket": "ws-1"])["messages"] == [["base64": "AwIB"]])

        _ = try await ok("sendWebSocket", ["socket": "ws-1", "data": "bye"])
        let closed = try await ok("receiveWebSocket", ["socket": "ws-1"])
        #expect(closed["closed"] == ["code": 4000, "reason": "bye ann"])
        let gone = try await failure("sendWebSocket", ["socket": "ws-1", "data": "again"])
        #expect(gone.code == "unknownSocket")
    }

    @Test func aBuiltInChatRoomTakesSocketsToo() async throws {
        let opened = try await ok("openWebSocket", ["namespace": "CHAT_ROOM", "name": "tools", "url": "/join?user=bob"])
        let socket = try #require(opened["socket"])
        _ = try await ok("sendWebSocket", ["socket": socket, "data": "hi"])
        let received = try await ok("receiveWebSocket", ["socket": socket, "waitMs": 1000])
        #expect(received["messages"]?.arrayValue?.first?.text?.contains(#""text":"hi""#) == true)
        #expect(try await ok("closeWebSocket", ["socket": socket, "code": 1000, "reason": "done"])["wasOpen"] == true)
        #expect(try await failure("receiveWebSocket", ["socket": socket]).code == "unknownSocket")
    }

    @Test func badCallsFailWithWhatToFix() async throws {
        #expect(try await failure("openWebSocket", [:]).message.contains("Give url"))
        #expect(try await failure("openWebSocket", ["namespace": "CHAT_ROOM"]).message.contains("exactly one of name and id"))
        let refused = try await failure("openWebSocket", ["namespace": "CHAT_ROOM", "name": "x", "url": "/nope"])
        #expect(refused.code == "websocketNotUpgraded" && refused.message.contains("status 404"))
        #expect(try await failure("closeWebSocket", ["socket": "ws-9", "code": 2000]).message.contains("1001-2999 are reserved"))
        #expect(try await failure("sendWebSocket", ["socket": "ws-9", "data": ["base64": "***"]]).message.contains("base64"))
        #expect(try await failure("receiveWebSocket", ["socket": "ws-9"]).code == "unknownSocket")
        #expect(try await failure("controlObject", ["namespace": "CHAT_ROOM", "name": "x", "action": "explode"]).message.contains("hibernate"))
    }

    @Test func runWorkloadDrivesSocketsAtAWorkersNamespaceAndTheBuiltInChat() async throws {
        _ = try await ok("loadWorker", ["path": .string(chat.path)])
        let run = try await ok("runWorkload", [
            "namespace": "ROOMS", "objects": 3, "concurrency": 4, "seed": 7,
            "sockets": ["count": 6, "messagesPerSocket": 5, "data": "m{{i}} in {{object}}", "url": "/join?user=u{{socket}}"],
        ])
        #expect(run["method"] == "webSocket" && run["requests"] == 30 && run["completed"] == 30)
        #expect(run["checks"]?.arrayValue?.allSatisfy { $0["passed"] == true } == true, "\(run["checks"] ?? .null)")
        #expect((run["objectsTouched"]?.integer ?? 0) >= 1 && (run["objectsTouched"]?.integer ?? 9) <= 3)
        let last = try await ok("invokeObject", ["namespace": "ROOMS", "name": "workload-0", "method": "state"])
        #expect(last["result"]?["lastClose"]?["reason"] == "workload done")

        let builtIn = try await ok("runWorkload", [
            "namespace": "CHAT_ROOM", "objects": 2, "sockets": ["count": 3, "messagesPerSocket": 2, "data": "hi {{i}}", "url": "/join?user=u{{socket}}"],
        ])
        #expect(builtIn["completed"] == 6)

        let refused = try await failure("runWorkload", ["namespace": "ROOMS", "requests": 5, "sockets": ["count": 1, "messagesPerSocket": 1, "data": "x"]])
        #expect(refused.message.contains("leave out requests"))
        let paced = try await failure("runWorkload", ["namespace": "ROOMS", "ratePerSecond": 5, "sockets": ["count": 1, "messagesPerSocket": 1, "data": "x"]])
        #expect(paced.message.contains("leave out ratePerSecond"), "its schema default, 0, is not a pace")
        let standard = try await ok("runWorkload", ["namespace": "ROOMS", "objects": 1, "sockets": ["count": 2, "messagesPerSocket": 3, "data": "x", "url": "/standard"]])
        #expect(standard["completed"] == 6)
        let notUpgraded = try await ok("runWorkload", ["namespace": "CHAT_ROOM", "objects": 1, "sockets": ["count": 2, "messagesPerSocket": 1, "data": "x", "url": "/nope"]])
        #expect(notUpgraded["completed"] == 0 && notUpgraded["errors"] == ["notUpgraded": 2])
        #expect(notUpgraded["checks"]?.arrayValue?.first?["passed"] == false)
        let tooMany = try await failure("runWorkload", ["namespace": "ROOMS", "sockets": ["count": 10000, "messagesPerSocket": 1000, "data": "x"]])
        #expect(tooMany.message.contains("at most 1000000 frames"))
        #expect(try await failure("runWorkload", ["namespace": "ROOMS"]).message.contains("requests is required"))
    }

    @Test func controlObjectRunsAnAlarmAndRefusesToHibernateAStandardSocket() async throws {
        _ = try await ok("loadWorker", ["path": .string(chat.path)])
        let noAlarm = try await failure("controlObject", ["namespace": "ROOMS", "name": "alarmed", "action": "runAlarm"])
        #expect(noAlarm.message.contains("has no alarm set"))
        _ = try await ok("invokeObject", ["namespace": "ROOMS", "name": "alarmed", "method": "armAlarm", "args": [4_000_000_000_000, 1]])
        let failed = try await ok("controlObject", ["namespace": "ROOMS", "name": "alarmed", "action": "runAlarm"])
        #expect(failed["alarm"]?["succeeded"] == false && failed["alarm"]?["retryCount"] == 0)
        #expect(failed["alarm"]?["error"] == "alarm failure, 0 left")
        let retried = try await ok("controlObject", ["namespace": "ROOMS", "name": "alarmed", "action": "runAlarm"])
        #expect(retried["alarm"]?["succeeded"] == true && retried["alarm"]?["retryCount"] == 1)

        _ = try await ok("openWebSocket", ["namespace": "ROOMS", "name": "std", "url": "/standard"])
        let refused = try await failure("controlObject", ["namespace": "ROOMS", "name": "std", "action": "hibernate"])
        #expect(refused.message.contains("1 of its 1 WebSockets is a standard socket"))
    }
}
