import ArchitectServer
import Foundation
import JSONModel
import Logging
import Testing
import TestSupport

/// One real result per tool, kept in `Golden/<tool>.json` (a second one in `Golden/<tool>.<variant>.json`): the file must match the tool's output schema, and a fresh
/// result must have the same shape (the same member paths with the same JSON types; values such as timings vary).
/// A drift between a tool, its schema and what clients saw breaks one of the two. Re-record with
/// `DO_ARCHITECT_RECORD_GOLDEN=1 swift test --filter GoldenResultTests`, never by hand.
@Suite(.serialized)
struct GoldenResultTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let recording = ProcessInfo.processInfo.environment["DO_ARCHITECT_RECORD_GOLDEN"] == "1"

    /// The calls, in an order where each finds what the previous ones left (an object, a workload's metrics).
    static let calls: [(String, JSON)] = [
        ("searchDocs", ["query": "alarm retries", "limit": 2]),
        ("getDoc", ["id": "alarms", "maxChars": 400]),
        ("reviewCode", ["code": .string(ReviewCodeToolTests.counter), "minConfidence": "low"]),
        ("recommendArchitecture", ["description": "chat app with rooms of 50 users, 2000 rooms at peak"]),
        ("listNamespaces", [:]),
        ("invokeObject", ["namespace": "COUNTER", "name": "golden", "method": "increment", "args": ["by": 2]]),
        ("inspectObject", ["namespace": "COUNTER", "name": "golden"]),
        ("runWorkload", ["namespace": "COUNTER", "requests": 40, "concurrency": 4, "objects": 3]),
        ("getDOMetrics", ["namespace": "COUNTER"]),
        ("resetObjects", ["namespace": "COUNTER"]),
        ("loadWorker", ["path": .string(worker.path)]),
        ("invokeWorker", ["request": ["method": "GET", "url": "https://golden.test/"]]),
        ("controlObject", ["namespace": "VISITS", "name": "home", "action": "evict"]),
        ("openWebSocket", ["namespace": "CHAT_ROOM", "name": "golden", "url": "/join?user=golden"]),
        ("sendWebSocket", ["socket": "ws-1", "data": "hello"]),
        ("receiveWebSocket", ["socket": "ws-1", "waitMs": 1000]),
        ("closeWebSocket", ["socket": "ws-1", "code": 1000, "reason": "done"]),
        ("runWorkload.call", ["namespace": "VISITS", "requests": 20, "concurrency": 4, "objects": 2, "call": ["method": "visit", "args": []]]),
        ("runWorkload.request", ["requests": 10, "concurrency": 2, "request": ["method": "GET", "url": "https://golden.test/{{object}}?n={{i}}"]]),
        ("runWorkload.sockets", ["namespace": "CHAT_ROOM", "concurrency": 2, "objects": 2, "seed": 1, "sockets": ["count": 2, "messagesPerSocket": 3, "data": "hi {{i}}", "url": "/join?user=u{{socket}}"]]),
    ]

    /// The tool of a call: a name such as `runWorkload.call` is a second golden result of `runWorkload`.
    static func tool(_ call: String) -> String { String(call.prefix { $0 != "." }) }

    /// The Worker project of `loadWorker`, `invokeWorker` and `controlObject` (the only folder they may read).
    static let worker = folder.appendingPathComponent("worker")
    static let context = ToolContext(progress: { _, _, _ in }, log: { _, _ in }, roots: { [worker] })

    /// Every member path with its JSON type (`results[].score: number`); array items are merged.
    static func shape(_ value: JSON, _ path: String = "", into paths: inout Set<String>) {
        switch value {
        case .object(let members):
            paths.insert("\(path): object")
            for (key, member) in members { shape(member, path.isEmpty ? key : "\(path).\(key)", into: &paths) }
        case .array(let items):
            paths.insert("\(path): array")
            for item in items { shape(item, "\(path)[]", into: &paths) }
        case .int, .double: paths.insert("\(path): number")
        case .string: paths.insert("\(path): string")
        case .bool: paths.insert("\(path): boolean")
        case .null: paths.insert("\(path): null")
        }
    }

    static func shape(_ value: JSON) -> Set<String> {
        var paths: Set<String> = []
        shape(value, into: &paths)
        return paths
    }

    @Test func everyToolHasAGoldenResult() throws {
        let server = try ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "test"))
        #expect(Set(Self.calls.map { Self.tool($0.0) }) == Set(server.tools.map(\.name)))
    }

    @Test func freshResultsHaveTheShapeOfTheGoldenOnesAndBothMatchTheSchema() async throws {
        let directory = try DataDirectory.acquire(TestPaths.temporaryFolder("golden"))
        let server = try ArchitectServer.bundled(dataDirectory: directory, logger: Logger(label: "test"))
        for (file, arguments) in Self.calls {
            let name = Self.tool(file)
            let result = try await server.callTool(name, arguments: arguments.objectValue ?? [:], context: Self.context)
            #expect(!result.isError, "\(name): \(result.text)")
            let fresh = try #require(result.structuredContent)
            let validator = try #require(server.schemas.tools[name]).outputValidator
            let path = Self.folder.appendingPathComponent("\(file).json")
            if Self.recording {
                var writer = JSONWriter()
                writer.write(fresh)
                try Data(writer.bytes + [0x0A]).write(to: path)
            }
            let golden = try JSONReader.read(try Data(contentsOf: path))
            #expect(validator.violations(of: golden).isEmpty, "Golden/\(file).json: \(validator.violations(of: golden))")
            let missing = Self.shape(golden).subtracting(Self.shape(fresh)).filter { !$0.contains("[]") }
            let added = Self.shape(fresh).subtracting(Self.shape(golden)).filter { !$0.contains("[]") }
            #expect(missing.isEmpty && added.isEmpty, "\(file) drifted from Golden/\(file).json: missing \(missing.sorted()), new \(added.sorted())")
        }
    }
}
