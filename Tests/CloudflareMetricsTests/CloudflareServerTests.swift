import ArchitectServer
import Foundation
import Testing
import TestSupport

/// The cloudflare and compare sources through the real server over stdio, against the replay server.
struct CloudflareServerTests {
    typealias F = AccountFixture

    func call(_ server: ServerProcess, id: Int, _ tool: String, _ arguments: String) throws -> [String: Any] {
        try server.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"\#(tool)","arguments":\#(arguments)}}"#)
        let message = try #require(server.readMessage(timeout: 30))
        return try #require(message["result"] as? [String: Any])
    }

    @Test func compareAndListNamespacesOverStdio() throws {
        let replay = try ReplayServer(handler: F.normal)
        let server = try ServerProcess(
            executable: TestPaths.binary, arguments: ["serve", "--data-dir", TestPaths.temporaryFolder("cf-serve").path],
            environment: ["CLOUDFLARE_API_TOKEN": F.token, "CLOUDFLARE_ACCOUNT_ID": F.accountId, "CLOUDFLARE_API_BASE_URL": replay.baseURL])
        defer { server.terminate() }
        try server.send(ServerProcess.initializeLine())
        _ = server.readMessage(timeout: 30)
        try server.send(ServerProcess.initializedLine)

        // Without a wrangler config the account's namespaces go by script:Class.
        let list = try call(server, id: 2, "listNamespaces", #"{"source":"cloudflare"}"#)
        let entries = (list["structuredContent"] as? [String: Any])?["namespaces"] as? [[String: Any]] ?? []
        #expect(entries.compactMap { $0["namespace"] as? String } == ["app:Counter", "app:ChatRoom"])

        _ = try call(server, id: 3, "invokeObject", #"{"namespace":"COUNTER","name":"page:home","method":"increment","args":{"by":1}}"#)
        let compare = try call(server, id: 4, "getDOMetrics", #"{"source":"compare","namespace":"COUNTER","windowSeconds":600}"#)
        #expect(compare["isError"] as? Bool != true, "\(compare)")
        let content = try #require(compare["structuredContent"] as? [String: Any])
        #expect(content["source"] as? String == "compare")
        let namespaces = content["namespaces"] as? [[String: Any]] ?? []
        #expect(namespaces.compactMap { $0["source"] as? String } == ["embedded", "cloudflare"])
        #expect((namespaces.first?["requests"] as? Int ?? 0) >= 1)
        #expect(((content["comparison"] as? [String: Any])?["figures"] as? [Any])?.count == 9)

        let unknown = try call(server, id: 5, "getDOMetrics", #"{"source":"cloudflare","namespace":"NOPE"}"#)
        #expect(unknown["isError"] as? Bool == true)
        #expect("\(unknown)".contains("app:Counter"))
    }
}
