import ArchitectServer
import ArgumentParser
import Foundation
import Logging
import JSONModel

struct BenchSearch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Start-to-initialize time, in-process searchDocs latency, and stdio round trip.")

    @Option(help: "How many searches for the latency figures.")
    var queries: Int = 1000

    @Option(help: "How many server starts for the start-up figure.")
    var starts: Int = 10

    func run() async throws {
        var builds: [Double] = []
        for _ in 0..<5 {
            let start = ContinuousClock.now
            _ = try ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "bench"))
            builds.append(milliseconds(since: start))
        }
        let server = try ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "bench"))
        let texts = try Self.queries(from: server, count: queries)
        print("do-architect \(ArchitectServer.version) bench search — \(try server.knowledge.documents.count) docs, \(texts.count) queries")
        print("knowledge base and schemas loaded and indexed in-process: median \(format(Percentiles(builds).median, 1)) ms over 5 builds")

        // 1. Process start to initialize result.
        var startTimes: [Double] = []
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for _ in 0..<starts {
            let start = ContinuousClock.now
            let child = try ServerProcess(executable: currentExecutable(), arguments: ["serve", "--data-dir", folder.path, "--log-level", "error"])
            try child.send(ServerProcess.initializeLine())
            guard child.readLine(timeout: 10) != nil else { throw ValidationError("the server did not answer initialize") }
            startTimes.append(milliseconds(since: start))
            try child.closeInput()
            child.waitForExit(timeout: 10)
        }
        print("start → initialize result: median \(format(Percentiles(startTimes).median, 1)) ms over \(starts) starts (target < 150 ms)")

        // 2. In-process latency: the engine alone, and the whole tool call (validation, JSON).
        var engine: [Double] = []
        var tool: [Double] = []
        for text in texts {
            let start = ContinuousClock.now
            _ = try server.knowledge.search(text, limit: 5)
            engine.append(milliseconds(since: start))
        }
        for text in texts {
            let start = ContinuousClock.now
            _ = try await server.callTool("searchDocs", arguments: ["query": .string(text)], context: .silent)
            tool.append(milliseconds(since: start))
        }
        let e = Percentiles(engine), t = Percentiles(tool)
        print("in-process KnowledgeBase.search: p50 \(format(e.median)) ms, p99 \(format(e.at(0.99))) ms")
        print("in-process searchDocs tool call: p50 \(format(t.median)) ms, p99 \(format(t.at(0.99))) ms (target p50 < 0.3 ms)")

        // 3. Round trip over stdio.
        let child = try ServerProcess(executable: currentExecutable(), arguments: ["serve", "--data-dir", folder.path, "--log-level", "error"])
        try child.send(ServerProcess.initializeLine())
        _ = child.readLine()
        try child.send(ServerProcess.initializedLine)
        var roundTrips: [Double] = []
        for (position, text) in texts.enumerated() {
            let escaped = String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
            let start = ContinuousClock.now
            try child.send(#"{"jsonrpc":"2.0","id":\#(position + 10),"method":"tools/call","params":{"name":"searchDocs","arguments":{"query":\#(escaped)}}}"#)
            guard child.readLine(timeout: 10) != nil else { throw ValidationError("no answer over stdio") }
            roundTrips.append(milliseconds(since: start))
        }
        try child.closeInput()
        child.waitForExit(timeout: 10)
        let r = Percentiles(roundTrips)
        print("stdio tools/call searchDocs round trip: p50 \(format(r.median)) ms, p99 \(format(r.at(0.99))) ms (target p50 < 1 ms)")
    }

    /// Varied queries: doc titles, section headings, and pairs of words from them.
    static func queries(from server: ArchitectServer, count: Int) throws -> [String] {
        var pool: [String] = []
        for document in try server.knowledge.documents {
            pool.append(document.title)
            pool += document.sections.map(\.heading)
            pool += document.tags
        }
        var generator = SystemRandomNumberGenerator()
        var result: [String] = []
        while result.count < count, !pool.isEmpty {
            if result.count % 3 == 2 {
                let a = pool.randomElement(using: &generator)!.split(separator: " ").randomElement(using: &generator) ?? ""
                let b = pool.randomElement(using: &generator)!.split(separator: " ").randomElement(using: &generator) ?? ""
                result.append("\(a) \(b)")
            } else {
                result.append(pool[result.count % pool.count])
            }
        }
        return result
    }
}
