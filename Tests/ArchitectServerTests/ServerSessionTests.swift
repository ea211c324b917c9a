@testable import ArchitectServer
import Foundation
import JSONModel
import Logging
import Testing
import TestSupport

/// The session's dispatch in both eras, in-process: every message it writes is recorded.
struct ServerSessionTests {
    static let server = try! ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "test"))

    /// The messages a session wrote, in order.
    final class Recorder: @unchecked Sendable {
        // Protected by `lock`.
        private var messages: [JSON] = []
        private var abandoned: [RequestKey] = []
        private let lock = NSLock()

        func record(_ bytes: [UInt8]) {
            let message = try! JSONReader.read(bytes)
            lock.withLock { messages.append(message) }
        }
        func abandon(_ id: RequestKey) { lock.withLock { abandoned.append(id) } }
        var written: [JSON] { lock.withLock { messages } }
        var abandonedIDs: [RequestKey] { lock.withLock { abandoned } }
    }

    func session(_ configure: (inout ServerSession.Configuration) -> Void = { _ in }) -> (ServerSession, Recorder) {
        let recorder = Recorder()
        var configuration = ServerSession.Configuration()
        configure(&configuration)
        let session = ServerSession(server: Self.server, configuration: configuration) { bytes, _ in
            recorder.record(bytes)
        } abandon: { recorder.abandon($0) }
        return (session, recorder)
    }

    static let modern: JSON = [
        "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": [:],
    ]

    func respond(_ session: ServerSession, _ method: String, _ params: JSON = [:], id: Int = 1) async throws -> JSON {
        let bytes = try #require(await session.respond(to: InboundRequest(id: .number(id), method: method, params: params.objectValue ?? [:])))
        return try JSONReader.read(bytes)
    }

    static let errors: [(String, JSON, Int)] = [
        ("tools/call", [:], -32602),
        ("tools/call", ["name": "nope"], -32602),
        ("tools/call", ["name": "searchDocs", "arguments": "x"], -32602),
        ("resources/read", [:], -32602),
        ("resources/read", ["uri": "file:///etc/passwd"], -32002),
        ("prompts/get", ["name": "review-durable-object"], -32602),
        ("prompts/get", ["name": "nope"], -32602),
        ("logging/setLevel", ["level": "verbose"], -32602),
        ("initialize", [:], -32602),
        ("tools/list", ["cursor": "abc"], -32602),
        ("no/such/method", [:], -32601),
        ("ping", ["_meta": modern], -32601),
        ("logging/setLevel", ["level": "info", "_meta": modern], -32601),
        ("resources/read", ["uri": "kb://docs/nope", "_meta": modern], -32602),
        ("tools/list", ["_meta": ["io.modelcontextprotocol/protocolVersion": "2026-07-28"]], -32602),
        ("tools/list", ["_meta": ["io.modelcontextprotocol/protocolVersion": "2099-01-01", "io.modelcontextprotocol/clientCapabilities": [:]]], -32022),
    ]

    @Test(arguments: errors)
    func answersBadRequestsWithTheRightCode(method: String, params: JSON, expected: Int) async throws {
        let (session, _) = session()
        let response = try await respond(session, method, params)
        #expect(response["error"]?["code"] == .int(expected), "\(method) \(params): \(response)")
        #expect(response["id"] == 1)
    }

    /// `serve` builds the server on a thread of its own: `initialize` is answered while it builds, with the same
    /// instructions, and `tools/list` waits for the build.
    @Test(.timeLimit(.minutes(1))) func initializeIsAnsweredWhileTheServerBuildsAndToolsWaitForIt() async throws {
        let gate = DispatchSemaphore(value: 0)
        let loader = ServerLoader(
            knowledge: Self.server.knowledgeLoader, instructions: Self.server.instructions, logger: Logger(label: "test")
        ) {
            gate.wait()
            return Self.server
        }
        let session = ServerSession(loader: loader) { _, _ in }
        let initialize = try await respond(session, "initialize", [
            "protocolVersion": "2025-11-25", "capabilities": [:], "clientInfo": ["name": "test", "version": "1"],
        ])
        #expect(initialize["result"]?["instructions"] == .string(Self.server.instructions))
        let answered = Recorder()
        let list = Task {
            let response = try await respond(session, "tools/list", id: 2)
            answered.record(Array("true".utf8))
            return response
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(answered.written.isEmpty, "tools/list was answered before the server was built")
        gate.signal()
        let tools = try await list.value
        #expect(tools["result"]?["tools"]?.arrayValue?.count == Self.server.tools.count)
    }

    /// A build that fails leaves the session answering `initialize`; tools get an internal error naming the cause.
    @Test func aFailedBuildFailsTheToolsNotInitialize() async throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "the runtime could not open its databases" } }
        let loader = ServerLoader(knowledge: Self.server.knowledgeLoader, instructions: "x", logger: Logger(label: "test")) {
            throw Broken()
        }
        let session = ServerSession(loader: loader) { _, _ in }
        let initialize = try await respond(session, "initialize", [
            "protocolVersion": "2025-11-25", "capabilities": [:], "clientInfo": ["name": "test", "version": "1"],
        ])
        #expect(initialize["result"]?["instructions"] == "x")
        let call = try await respond(session, "tools/call", ["name": "searchDocs", "arguments": ["query": "alarm"]], id: 2)
        #expect(call["error"]?["code"] == -32603)
        #expect(call["error"]?["message"]?.stringValue?.contains("could not open its databases") == true, "\(call)")
    }

    @Test func anUnknownResourceCarriesItsURIInBothEras() async throws {
        let (session, _) = session()
        for params: JSON in [["uri": "kb://docs/nope"], ["uri": "kb://docs/nope", "_meta": Self.modern]] {
            let response = try await respond(session, "resources/read", params)
            #expect(response["error"]?["data"] == ["uri": "kb://docs/nope"])
        }
    }

    @Test func anUnsupportedVersionListsTheSupportedOnes() async throws {
        let (session, _) = session()
        let response = try await respond(session, "tools/list", ["_meta": ["io.modelcontextprotocol/protocolVersion": "2024-01-01", "io.modelcontextprotocol/clientCapabilities": [:]]])
        #expect(response["error"]?["data"] == ["requested": "2024-01-01", "supported": ["2026-07-28"]])
    }

    @Test func theTextBlockIsTheStructuredResultEncodedOnce() async throws {
        let (session, _) = session()
        let response = try await respond(session, "tools/call", ["name": "searchDocs", "arguments": ["query": "alarm retries", "limit": 2]])
        let result = try #require(response["result"])
        let text = try #require(result["content"]?.arrayValue?.first?["text"]?.stringValue)
        #expect(try JSONReader.read(text) == result["structuredContent"])
        #expect(result["structuredContent"]?["results"]?.arrayValue?.count == 2)
        #expect(result["resultType"] == nil, "no resultType in the handshake era")
    }

    @Test func statelessResultsCarryResultTypeServerInfoAndCacheHints() async throws {
        let (session, _) = session()
        let call = try await respond(session, "tools/call", ["name": "searchDocs", "arguments": ["query": "alarms"], "_meta": Self.modern])
        #expect(call["result"]?["resultType"] == "complete")
        #expect(call["result"]?["_meta"]?["io.modelcontextprotocol/serverInfo"]?["name"] == "do-architect")
        #expect(call["result"]?["ttlMs"] == nil)
        let list = try await respond(session, "tools/list", ["_meta": Self.modern])
        #expect(list["result"]?["cacheScope"] == "public")
        #expect(list["result"]?["ttlMs"]?.intValue ?? 0 > 0)
        let names = list["result"]?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == Self.server.tools.map(\.name), "the tool order is the server's, every time")
    }

    @Test func discoverListsEveryVersionAndTheCapabilities() async throws {
        let (session, _) = session()
        let response = try await respond(session, "server/discover", ["_meta": Self.modern])
        let result = try #require(response["result"])
        #expect(result["supportedVersions"]?.arrayValue?.first == "2026-07-28")
        #expect(result["supportedVersions"]?.arrayValue?.contains("2025-11-25") == true)
        #expect(result["capabilities"]?["tools"] != nil)
        #expect(result["resultType"] == "complete")
    }

    @Test(arguments: [("2025-11-25", "2025-11-25"), ("2024-11-05", "2024-11-05"), ("2026-07-28", "2025-11-25"), ("1999-01-01", "2025-11-25")])
    func initializeChoosesAHandshakeVersion(asked: String, expected: String) async throws {
        let (session, _) = session()
        let response = try await respond(session, "initialize", ["protocolVersion": .string(asked), "capabilities": [:], "clientInfo": ["name": "t", "version": "1"]])
        #expect(response["result"]?["protocolVersion"] == .string(expected))
        #expect(response["result"]?["serverInfo"]?["name"] == "do-architect")
    }

    /// Runs a session over the given messages and waits until the stream ends.
    func run(_ session: ServerSession, _ messages: [InboundMessage], closeAfter: Duration = .zero) async {
        let (stream, continuation) = AsyncStream.makeStream(of: InboundMessage.self)
        for message in messages { continuation.yield(message) }
        await withDiscardingTaskGroup { group in
            group.addTask { await session.run(stream) }
            group.addTask {
                try? await Task.sleep(for: closeAfter)
                continuation.finish()
            }
        }
    }

    @Test func progressIsWrittenBeforeItsResponse() async throws {
        let (session, recorder) = session()
        let request = InboundRequest(id: .number(2), method: "tools/call", params: ["name": "searchDocs", "arguments": ["query": "alarms"], "_meta": ["progressToken": "p1"]])
        await run(session, [.request(request)], closeAfter: .seconds(2))
        let methods = recorder.written.map { $0["method"]?.stringValue ?? "response \($0["id"]?.description ?? "")" }
        #expect(methods == ["notifications/progress", "response 2"])
        #expect(recorder.written.first?["params"]?["progressToken"] == "p1")
    }

    /// A folder with one small Durable Object to review by path, allowed with `serve --allow-dir`.
    static let folder: URL = {
        let folder = TestPaths.temporaryFolder("session-review")
        try! ReviewCodeToolTests.counter.write(to: folder.appendingPathComponent("counter.ts"), atomically: true, encoding: .utf8)
        return folder
    }()
    static let reviewPaths: JSON = ["name": "reviewCode", "arguments": ["paths": [.string(folder.appendingPathComponent("counter.ts").path)]]]

    @Test func rootsAreNotAskedOfAClientThatDidNotDeclareThem() async throws {
        let (session, recorder) = session { $0.allowedDirectories = [Self.folder] }
        _ = try await respond(session, "initialize", ["protocolVersion": "2025-11-25", "capabilities": [:], "clientInfo": ["name": "t", "version": "1"]])
        let response = try await respond(session, "tools/call", Self.reviewPaths, id: 2)
        #expect(!recorder.written.contains { $0["method"] == "roots/list" })
        #expect(response["result"]?["isError"] == nil, "the --allow-dir folder is readable: \(response)")
    }

    @Test func inTheStatelessEraPathsAreConfinedToTheWorkingDirectoryAndAllowedFolders() async throws {
        var params = Self.reviewPaths.objectValue!
        params["_meta"] = Self.modern
        let (confined, confinedRecorder) = session()
        let refused = try await respond(confined, "tools/call", .object(params))
        #expect(refused["result"]?["isError"] == true, "a temporary folder is outside the working directory")
        let (allowed, _) = session { $0.allowedDirectories = [Self.folder] }
        let reviewed = try await respond(allowed, "tools/call", .object(params))
        #expect(reviewed["result"]?["isError"] == nil, "\(reviewed)")
        #expect(!confinedRecorder.written.contains { $0["method"] == "roots/list" }, "roots are never asked in this era")
    }

    @Test func anUnansweredRootsRequestFallsBackAfterItsTimeout() async throws {
        let (session, recorder) = session {
            $0.clientRequestTimeout = .milliseconds(200)
            $0.allowedDirectories = [Self.folder]
        }
        _ = try await respond(session, "initialize", ["protocolVersion": "2025-11-25", "capabilities": ["roots": [:]], "clientInfo": ["name": "t", "version": "1"]])
        let start = ContinuousClock.now
        let response = try await respond(session, "tools/call", Self.reviewPaths, id: 2)
        #expect(ContinuousClock.now - start < .seconds(50), "never a hang (the bound leaves room for a saturated machine)")
        #expect(recorder.written.contains { $0["method"] == "roots/list" })
        #expect(response["result"]?["isError"] == nil, "answered on the fallback roots (working directory and --allow-dir): \(response)")
    }

    @Test func aCancelledRequestGetsNoResponse() async throws {
        let (session, recorder) = session { $0.clientRequestTimeout = .seconds(60) }
        _ = try await respond(session, "initialize", ["protocolVersion": "2025-11-25", "capabilities": ["roots": [:]], "clientInfo": ["name": "t", "version": "1"]])
        let request = InboundRequest(id: .number(7), method: "tools/call", params: Self.reviewPaths.objectValue!)
        let start = ContinuousClock.now
        let (stream, continuation) = AsyncStream.makeStream(of: InboundMessage.self)
        continuation.yield(.request(request))
        await withDiscardingTaskGroup { group in
            group.addTask { await session.run(stream) }
            group.addTask {
                // Once roots/list is out, the tool is waiting on the client: cancel it.
                while !recorder.written.contains(where: { $0["method"] == "roots/list" }) { try? await Task.sleep(for: .milliseconds(5)) }
                continuation.yield(.notification(method: "notifications/cancelled", params: ["requestId": 7]))
                while recorder.abandonedIDs.isEmpty { try? await Task.sleep(for: .milliseconds(5)) }
                continuation.finish()
            }
        }
        #expect(ContinuousClock.now - start < .seconds(50), "cancelled, not left to wait out the 60 s client timeout")
        #expect(recorder.abandonedIDs == [.number(7)])
        #expect(!recorder.written.contains { $0["id"] == 7 })
    }
}
