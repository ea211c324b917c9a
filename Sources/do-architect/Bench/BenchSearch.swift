#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArchitectServer
import ArgumentParser
import Foundation
import Logging
import JSONModel

struct BenchSearch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Start-to-initialize time, in-process searchDocs latency, stdio round trips (searchDocs, ping, invokeObject), and the same searchDocs on a Python MCP server.")

    @Option(help: "How many searches for the latency figures.")
    var queries: Int = 1000

    @Option(help: "How many server starts for the start-up figure.")
    var starts: Int = 10

    @Option(help: "The Python with the official `mcp` package (2.x) that runs the peer server; none: no peer.")
    var peerPython: String = ".build/venv/bin/python"

    @Option(help: "The peer server's script.")
    var peerScript: String = "Benchmarks/peer_search_server.py"

    @Option(help: "The Knowledge/ folder the peer indexes (the one embedded in this binary).")
    var knowledgeDir: String = "Knowledge"

    @Option(name: .customLong("server"), help: "The do-architect executable whose `serve` the start-up and stdio figures measure (default: this one), e.g. a build of another commit, measured by this benchmark's client.")
    var serverPath: String?

    func run() async throws {
        let serverExecutable = serverPath.map { URL(fileURLWithPath: $0) } ?? currentExecutable()
        var targets = Targets()
        var builds: [Double] = []
        for _ in 0..<5 {
            let start = ContinuousClock.now
            _ = try ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "bench")).knowledge
            builds.append(milliseconds(since: start))
        }
        let server = try ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "bench"))
        let texts = try Self.queries(from: server, count: queries)
        print("do-architect \(ArchitectServer.version) bench search — \(try server.knowledge.documents.count) docs, \(texts.count) queries; stdio server: \(serverExecutable.path)")
        print("knowledge base (loaded and indexed) and schemas, in-process: median \(format(Percentiles(builds).median, 1)) ms over 5 builds")

        // 1. Process start to initialize result; and to the tool list, which waits for the server's build.
        var startTimes: [Double] = []
        var builtTimes: [Double] = []
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let initialize = Array(BenchChild.initializeLine().utf8)
        let toolsList = Array(#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#.utf8)
        for _ in 0..<starts {
            let start = ContinuousClock.now
            let child = try BenchStdioClient(executable: serverExecutable, arguments: ["serve", "--data-dir", folder.path, "--log-level", "error"])
            try child.roundTrip(initialize)
            startTimes.append(milliseconds(since: start))
            try child.send(Array(BenchChild.initializedLine.utf8))
            try child.roundTrip(toolsList)
            builtTimes.append(milliseconds(since: start))
            child.finish()
        }
        let started = Percentiles(startTimes).median
        print("start → initialize result: median \(format(started, 1)) ms over \(starts) starts \(targets.check(started < 40, "< 40 ms"))")
        print("start → tools/list result (the server built: runtime databases open, schemas read): median \(format(Percentiles(builtTimes).median, 1)) ms")

        // 2. In-process latency: the engine alone, and the whole tool call (validation, JSON).
        var engine: [Double] = []
        var tool: [Double] = []
        if let count = Self.allocationCounter() {
            let warmup = try await server.callTool("searchDocs", arguments: ["query": .string(texts[0])], context: .silent)
            _ = warmup
            let beforeEngine = count()
            for text in texts { _ = try server.knowledge.search(text, limit: 5) }
            let beforeTool = count()
            for text in texts { _ = try await server.callTool("searchDocs", arguments: ["query": .string(text)], context: .silent) }
            let after = count()
            let perEngine = Double(beforeTool - beforeEngine) / Double(texts.count)
            let perTool = Double(after - beforeTool) / Double(texts.count)
            print("allocations per call (C allocator, LD_PRELOAD counter): KnowledgeBase.search \(format(perEngine, 1)), searchDocs tool call \(format(perTool, 1)) (the tool layer adds \(format(perTool - perEngine, 1)))")
        } else {
            print("allocations per call: not counted (build Benchmarks/alloc-count/alloc_count.c and run with LD_PRELOAD, see that file)")
        }
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
        print("in-process searchDocs tool call: p50 \(format(t.median)) ms, p99 \(format(t.at(0.99))) ms \(targets.check(t.median < 0.3, "p50 < 0.3 ms"))")

        // 3. Round trips over stdio: searchDocs, ping, invokeObject COUNTER.get.
        let lines = try texts.enumerated().map { position, text in
            let escaped = String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
            return Array(#"{"jsonrpc":"2.0","id":\#(position + 10),"method":"tools/call","params":{"name":"searchDocs","arguments":{"query":\#(escaped)}}}"#.utf8)
        }
        let child = try BenchStdioClient(executable: serverExecutable, arguments: ["serve", "--data-dir", folder.path, "--log-level", "error"])
        try Self.initialize(child)
        let ours = Percentiles(try Self.roundTrips(child, lines))
        let pings = Percentiles(try Self.roundTrips(child, (0..<texts.count).map { Array(#"{"jsonrpc":"2.0","id":"p\#($0)","method":"ping"}"#.utf8) }))
        let invokes = Percentiles(try Self.roundTrips(child, (0..<texts.count).map {
            Array(#"{"jsonrpc":"2.0","id":"i\#($0)","method":"tools/call","params":{"name":"invokeObject","arguments":{"namespace":"COUNTER","name":"bench","method":"get"}}}"#.utf8)
        }))
        child.finish()
        print("stdio tools/call searchDocs round trip: p50 \(format(ours.median)) ms, p99 \(format(ours.at(0.99))) ms \(targets.check(ours.median < 0.7, "p50 < 0.7 ms"))")
        print("stdio ping round trip: p50 \(format(pings.median)) ms, p99 \(format(pings.at(0.99))) ms \(targets.check(pings.median < 0.15, "p50 < 0.15 ms"))")
        print("stdio tools/call invokeObject COUNTER.get round trip: p50 \(format(invokes.median)) ms, p99 \(format(invokes.at(0.99))) ms \(targets.check(invokes.median < 0.3, "p50 < 0.3 ms"))")

        // 4. The Python peer: the official SDK's high-level server answering the same queries over stdio.
        defer { print(targets.summary) }
        guard FileManager.default.isExecutableFile(atPath: peerPython), FileManager.default.fileExists(atPath: peerScript) else {
            print("Python peer: skipped (no \(peerPython) or \(peerScript); run from the package root after scripts/test.sh made .build/venv)")
            targets.skipped.append("≥ 5× the Python peer (no peer)")
            return
        }
        let peer = try BenchStdioClient(executable: URL(fileURLWithPath: peerPython), arguments: [peerScript, knowledgeDir])
        try Self.initialize(peer, timeout: 30)
        let theirs = Percentiles(try Self.roundTrips(peer, lines))
        peer.finish(timeout: 5)
        print("Python peer (mcp MCPServer, FTS5 over the same Knowledge/) searchDocs round trip: p50 \(format(theirs.median)) ms, p99 \(format(theirs.at(0.99))) ms")
        let ratio = theirs.median / ours.median
        print("ratio peer / ours at p50: \(format(ratio, 1))× \(targets.check(ratio >= 5, "≥ 5×"))")
    }

    /// The targets of issue 10, as the figures meet them.
    struct Targets {
        var met: [String] = []
        var missed: [String] = []
        var skipped: [String] = []

        /// Records a target and returns its mark for the figure's line.
        mutating func check(_ isMet: Bool, _ target: String) -> String {
            if isMet { met.append(target) } else { missed.append(target) }
            return isMet ? "(target \(target): met)" : "(target \(target): NOT MET)"
        }

        var summary: String {
            var text = "targets: \(met.count) of \(met.count + missed.count + skipped.count) met"
            if !missed.isEmpty { text += "; not met: \(missed.joined(separator: ", "))" }
            if !skipped.isEmpty { text += "; not measured: \(skipped.joined(separator: ", "))" }
            return text
        }
    }

    /// The allocation counter of the `Benchmarks/alloc-count` shim, when it is preloaded.
    static func allocationCounter() -> (() -> UInt)? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "do_architect_allocation_count") else { return nil }
        let function = unsafeBitCast(symbol, to: (@convention(c) () -> UInt).self)
        return { function() }
    }

    /// Sends `initialize` and `notifications/initialized`, and waits for the answer.
    static func initialize(_ child: BenchStdioClient, timeout: TimeInterval = 10) throws {
        try child.roundTrip(Array(BenchChild.initializeLine().utf8), timeout: timeout)
        try child.send(Array(BenchChild.initializedLine.utf8))
    }

    /// Sends each request line and waits for its response (skipping notifications); the time of each, in ms.
    static func roundTrips(_ child: BenchStdioClient, _ lines: [[UInt8]]) throws -> [Double] {
        var times: [Double] = []
        times.reserveCapacity(lines.count)
        for line in lines {
            let start = ContinuousClock.now
            try child.roundTrip(line)
            times.append(milliseconds(since: start))
        }
        return times
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
