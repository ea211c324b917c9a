import ArchitectServer
import Foundation
import Testing
import TestSupport

/// The defects of swift-sdk 0.12.1's stdio path (mcp-notes §2.2), each checked against the built binary.
@Suite(.serialized)
struct StdioTransportEndToEndTests {
    func json(_ line: Data) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: line)) as? [String: Any]
    }

    /// D1: concurrent writes interleaved and corrupted framing when stdout backed up.
    @Test func responsesNeverInterleaveWithManyLargeResultsAndASlowReader() throws {
        let server = try TestServer.started()
        let ids = Array(100..<140)
        var batch = ""
        for id in ids {
            if id % 4 == 0 {
                batch += #"{"jsonrpc":"2.0","id":\#(id),"method":"ping"}"# + "\n"
            } else {
                batch += #"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"getDoc","arguments":{"id":"limits","maxChars":50000}}}"# + "\n"
            }
        }
        try server.write(Data(batch.utf8))
        Thread.sleep(forTimeInterval: 1)  // let stdout fill up while nobody reads
        var seen: Set<Int> = []
        for _ in ids {
            let line = try #require(server.readLine(timeout: 20), "missing responses; got \(seen.count)")
            let message = try #require(json(line), "a corrupt line: \(String(decoding: line.prefix(200), as: UTF8.self))")
            seen.insert(message["id"] as? Int ?? -1)
        }
        #expect(seen == Set(ids))
    }

    /// D2: responses to the last requests were lost when stdin hit EOF.
    @Test func everyRequestReceivedIsAnsweredWhenStdinClosesRightAfter() throws {
        let server = try TestServer.start(environment: ["DO_ARCHITECT_DEBUG_TOOL_DELAY_MS": "300"])
        try server.write(Data((ServerProcess.initializeLine() + "\n" + ServerProcess.initializedLine + "\n"
            + #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"searchDocs","arguments":{"query":"alarms"}}}"# + "\n"
            + #"{"jsonrpc":"2.0","id":3,"method":"ping"}"# + "\n").utf8))
        try server.closeInput()
        var ids: Set<Int> = []
        while let line = server.readLine(timeout: 10) {
            if let id = json(line)?["id"] as? Int { ids.insert(id) }
        }
        #expect(ids == [1, 2, 3])
        #expect(server.waitForExit(timeout: 5) == 0)
    }

    @Test func theDrainAfterStdinClosesIsBounded() throws {
        let server = try TestServer.start(arguments: ["--drain-timeout", "0.5"], environment: ["DO_ARCHITECT_DEBUG_TOOL_DELAY_MS": "20000"])
        try server.send(ServerProcess.initializeLine())
        _ = server.readLine()
        try server.send(#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"searchDocs","arguments":{"query":"alarms"}}}"#)
        try server.closeInput()
        #expect(server.waitForExit(timeout: 8) == 0)
        #expect(server.standardError.contains("giving up on requests still running"))
    }

    /// The SDK's reader rescans a growing buffer: a 1 MiB line took 5.7 s, 2 MiB 24 s.
    @Test func aFourMebibyteLineIsReadInLinearTime() throws {
        let server = try TestServer.started()
        let filler = String(repeating: "x", count: 4 * 1024 * 1024)
        let start = Date()
        try server.send(#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"searchDocs","arguments":{"query":"\#(filler)"}}}"#)
        let line = try #require(server.readLine(timeout: 10), "no answer within the 10 s bound")
        #expect(Date().timeIntervalSince(start) < 10)
        let result = try #require(json(line)?["result"] as? [String: Any])
        #expect(result["isError"] as? Bool == true, "the query breaks maxLength, and that is reported as a tool error")
    }

    @Test func aLineOverTheLimitIsRefusedWithItsIdAndTheServerGoesOn() throws {
        let server = try TestServer.started()
        let filler = String(repeating: "y", count: 17 * 1024 * 1024)
        try server.send(#"{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"searchDocs","arguments":{"query":"\#(filler)"}}}"#)
        let refusalLine = try #require(server.readLine(timeout: 30))
        let refusal = try #require(json(refusalLine))
        #expect(refusal["id"] as? Int == 8)
        #expect((refusal["error"] as? [String: Any])?["code"] as? Int == -32600)
        #expect(((refusal["error"] as? [String: Any])?["message"] as? String)?.contains("16 MiB") == true)
        let pong = try server.request(9, "ping")
        #expect(pong["result"] != nil)
    }

    /// D9: SIGPIPE killed the process when the client closed stdout first.
    @Test func aClosedStdoutEndsTheServerCleanlyInsteadOfKillingIt() throws {
        let server = try TestServer.started()
        try server.closeOutput()
        try server.send(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
        try server.send(#"{"jsonrpc":"2.0","id":3,"method":"ping"}"#)
        let status = server.waitForExit(timeout: 10)
        #expect(status == 0)
        #expect(server.process.exitedNormally == true)
    }

    @Test func stdoutCarriesNothingButJSONRPCEvenWithTraceLogging() throws {
        let server = try TestServer.start(arguments: ["--log-level", "trace"])
        try server.write(Data((ServerProcess.initializeLine() + "\n" + ServerProcess.initializedLine + "\n"
            + #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"# + "\n"
            + #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"searchDocs","arguments":{"query":"hibernation"}}}"# + "\n"
            + "{oops\n").utf8))
        try server.closeInput()
        var count = 0
        while let line = server.readLine(timeout: 10) {
            let message = try #require(json(line), "not JSON on stdout: \(String(decoding: line.prefix(200), as: UTF8.self))")
            #expect(message["jsonrpc"] as? String == "2.0")
            count += 1
        }
        #expect(count == 4)
        #expect(server.standardError.contains("trace") || server.standardError.contains("debug"))
    }
}
