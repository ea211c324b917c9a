@testable import ArchitectServer
import Foundation
import JSONModel
import Testing

struct InboundGateTests {
    let gate = InboundGate()

    func reply(_ line: String) -> [String: Any]? {
        guard case .reply(let data) = gate.classify(Array(line.utf8)) else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(data)) as? [String: Any]
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
        (#"{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"x"}}"#, -32600),
    ]

    @Test(arguments: errors)
    func answersProtocolErrorsWithTheRightCode(line: String, expected: Int) {
        #expect(code(line) == expected, "\(line)")
    }

    @Test func unreadableIdsAreLeftOutNotNullOrInvented() {
        for line in ["{not json", #"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, "[]"] {
            let response = reply(line)
            #expect(response != nil)
            #expect(response?.keys.contains("id") == false, "\(line)")
        }
    }

    @Test func readableIdsAreEchoed() {
        #expect(reply(#"{"jsonrpc":"1.0","id":"abc","method":"ping"}"#)?["id"] as? String == "abc")
        #expect(reply(#"{"jsonrpc":"2.0","id":7,"method":"x","params":5}"#)?["id"] as? Int == 7)
    }

    @Test func notificationsAreNeverAnswered() {
        for line in [#"{"jsonrpc":"2.0","method":5}"#, #"{"jsonrpc":"1.0","method":"x"}"#, #"{"jsonrpc":"2.0","method":"x","params":[1]}"#] {
            guard case .drop = gate.classify(Array(line.utf8)) else {
                Issue.record("\(line) must be dropped")
                continue
            }
        }
        guard case .deliver(.notification("notifications/initialized", let params)) = gate.classify(Array(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#.utf8)) else {
            Issue.record("a valid notification must be delivered")
            return
        }
        #expect(params.isEmpty)
    }

    @Test func requestsAreDeliveredTypedWithTheirIdAndParams() {
        guard case .deliver(.request(let request)) = gate.classify(Array(#"{"jsonrpc":"2.0","id":"r1","method":"tools/call","params":{"name":"docs.search","arguments":{},"_meta":{"progressToken":3}}}"#.utf8)) else {
            Issue.record("expected a request")
            return
        }
        #expect(request.id == .string("r1"))
        #expect(request.method == "tools/call")
        #expect(request.params["name"] == "docs.search")
        #expect(request.meta?["progressToken"] == 3)
    }

    @Test func integralFloatIdsAreTheSameIdAsIntegers() {
        guard case .deliver(.request(let request)) = gate.classify(Array(#"{"jsonrpc":"2.0","id":5.0,"method":"ping"}"#.utf8)) else {
            Issue.record("expected a request")
            return
        }
        #expect(request.id == .number(5))
    }

    @Test func answersFromTheClientAreDeliveredAsResponses() {
        guard case .deliver(.response(let id, .success(let result))) = gate.classify(Array(#"{"jsonrpc":"2.0","id":"do-architect-1","result":{"roots":[]}}"#.utf8)) else {
            Issue.record("expected a response")
            return
        }
        #expect(id == .string("do-architect-1"))
        #expect(result == ["roots": []])
        guard case .deliver(.response(_, .failure(let error))) = gate.classify(Array(#"{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"no"}}"#.utf8)) else {
            Issue.record("expected an error response")
            return
        }
        #expect(error.code == -32601)
    }

    @Test func snifferReadsTopLevelIdOnly() {
        let data = Data(#"{"result":{"id":99,"content":[{"text":"\"id\":5"}]},"id":"x\"y","jsonrpc":"2.0"}"#.utf8)
        #expect(JSONSniffer.topLevelMembers(of: data, named: ["id", "method"]) == ["id": #""x\"y""#])
    }
}
