@testable import ArchitectServer
import Foundation
import MCP
import Testing

struct InboundGateTests {
    let gate = InboundGate(preflight: RequestPreflight(
        toolNames: ["searchDocs": "searchDocs", "docs.search": "searchDocs"],
        prompts: ["review-durable-object": ["code"]],
        resourceExists: { $0 == "kb://docs/alarms" }))

    func reply(_ line: String) -> [String: Any]? {
        guard case .reply(let data) = gate.classify(Data(line.utf8)) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    func code(_ line: String) -> Int? {
        (reply(line)?["error"] as? [String: Any])?["code"] as? Int
    }

    static let errors: [(String, Int)] = [
        ("{not json", -32700),
        ("[]", -32600),
        (#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#, -32600),
        ("42", -32600),
        (#"{"jsonrpc":"1.0","id":1,"method":"ping"}"#, -32600),
        (#"{"jsonrpc":"2.0","id":1}"#, -32600),
        (#"{"jsonrpc":"2.0","id":1,"method":5}"#, -32600),
        (#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, -32600),
        (#"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#, -32600),
        (#"{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}"#, -32600),
        (#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":[1]}"#, -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}"#, -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"nope"}}"#, -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"searchDocs","arguments":"x"}}"#, -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{}}"#, -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"file:///etc/passwd"}}"#, -32002),
        (#"{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"review-durable-object"}}"#, -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"verbose"}}"#, -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"initialize"}"#, -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":"abc"}}"#, -32602),
    ]

    @Test(arguments: errors)
    func answersProtocolErrorsWithTheRightCode(line: String, expected: Int) {
        #expect(code(line) == expected, "\(line)")
    }

    @Test func unreadableIdsAreAnsweredWithNullNotAnInventedId() {
        for line in ["{not json", #"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, "[]"] {
            let response = reply(line)
            #expect(response?.keys.contains("id") == true)
            #expect(response?["id"] is NSNull, "\(line)")
        }
    }

    @Test func readableIdsAreEchoed() {
        #expect(reply(#"{"jsonrpc":"1.0","id":"abc","method":"ping"}"#)?["id"] as? String == "abc")
        #expect(reply(#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{}}"#)?["id"] as? Int == 7)
    }

    @Test func unknownResourceCarriesItsURI() {
        let error = reply(#"{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"kb://docs/nope"}}"#)?["error"] as? [String: Any]
        #expect((error?["data"] as? [String: Any])?["uri"] as? String == "kb://docs/nope")
    }

    @Test func notificationsAreNeverAnswered() {
        for line in [#"{"jsonrpc":"2.0","method":5}"#, #"{"jsonrpc":"1.0","method":"x"}"#, #"{"jsonrpc":"2.0","method":"x","params":[1]}"#] {
            #expect(gate.classify(Data(line.utf8)) == .drop, "\(line)")
        }
        if case .forward(_, let request) = gate.classify(Data(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#.utf8)) {
            #expect(request == nil)
        } else {
            Issue.record("a valid notification must be forwarded")
        }
    }

    @Test func cancellationNamesTheRequest() {
        let line = #"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":9}}"#
        guard case .cancel(_, let request) = gate.classify(Data(line.utf8)) else {
            Issue.record("expected a cancel action")
            return
        }
        #expect(request == .number(9))
    }

    @Test func validRequestsAreForwardedWithTheirId() {
        guard case .forward(_, let request) = gate.classify(Data(#"{"jsonrpc":"2.0","id":"r1","method":"tools/call","params":{"name":"docs.search","arguments":{}}}"#.utf8)) else {
            Issue.record("expected forward")
            return
        }
        #expect(request == .string("r1"))
    }

    @Test func experimentalCapabilityObjectsAreRewrittenAsText() throws {
        let line = ServerProcess.initializeLine(capabilities: #"{"experimental":{"codex/auth-change":{"a":1},"plain":"x"}}"#)
        guard case .forward(let data, _) = gate.classify(Data(line.utf8)) else {
            Issue.record("expected forward")
            return
        }
        let message = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let experimental = ((message["params"] as? [String: Any])?["capabilities"] as? [String: Any])?["experimental"] as? [String: Any]
        #expect(experimental?["codex/auth-change"] as? String == #"{"a":1}"#)
        #expect(experimental?["plain"] as? String == "x")
    }

    @Test func snifferReadsTopLevelIdOnly() {
        let data = Data(#"{"result":{"id":99,"content":[{"text":"\"id\":5"}]},"id":"x\"y","jsonrpc":"2.0"}"#.utf8)
        #expect(JSONSniffer.topLevelMembers(of: data, named: ["id", "method"]) == ["id": #""x\"y""#])
    }
}
