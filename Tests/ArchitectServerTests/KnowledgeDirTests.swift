import ArchitectServer
import Foundation
import Logging
import JSONModel
import Testing
import TestSupport

/// `--knowledge-dir` / `DO_ARCHITECT_KNOWLEDGE_DIR` and `searchDocs {collection, since}`, in process and through
/// the binary.
@Suite(.serialized)
struct KnowledgeDirTests {
    static let folder = TestPaths.packageRoot.appendingPathComponent("Tests/KnowledgeBaseTests/Fixtures/project")

    func results(_ result: ToolResult) -> [JSONObject] {
        result.structuredContent?.objectValue?["results"]?.arrayValue?.compactMap(\.objectValue) ?? []
    }

    @Test func searchDocsFiltersByCollectionAndSinceAndMatchesItsSchema() async throws {
        let server = try ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "test"), knowledgeDirectory: Self.folder)
        let validator = try #require(server.schemas.tools["searchDocs"]).outputValidator
        let project = try await server.callTool("searchDocs", arguments: ["query": "restore a tenant database", "collection": "project"], context: .silent)
        #expect(project.isError != true)
        #expect(validator.violations(of: try #require(project.structuredContent)).isEmpty)
        let found = results(project)
        #expect(found.first?["id"]?.stringValue == "project/runbooks/restore-tenant.md")
        #expect(found.allSatisfy { $0["collection"]?.stringValue == "project" })

        let recent = try await server.callTool("searchDocs", arguments: ["query": "alarm retries", "since": "2026-08-01", "limit": 10], context: .silent)
        #expect(validator.violations(of: try #require(recent.structuredContent)).isEmpty)
        #expect(!results(recent).isEmpty && results(recent).allSatisfy { ($0["changed"]?.stringValue ?? "") >= "2026-08-01" })

        let limits = try await server.callTool("searchDocs", arguments: ["query": "how much data can one sqlite object store"], context: .silent)
        let facts = results(limits).flatMap { $0["facts"]?.arrayValue ?? [] }.compactMap(\.objectValue)
        #expect(facts.contains { $0["id"]?.stringValue == "sqlite-storage-per-object" && $0["value"]?.stringValue == "10 GB" })

        let bad = try await server.callTool("searchDocs", arguments: ["query": "alarms", "collection": "mine"], context: .silent)
        #expect(bad.isError == true)
    }

    @Test func theCommandLineSearchesTheTeamsFolder() throws {
        let search = try runProcess(["search", "why do we keep user sessions in workers kv", "--knowledge-dir", Self.folder.path, "--collection", "project", "--json"])
        #expect(search.status == 0)
        #expect(search.output.contains("project/adr/0002-sessions-in-workers-kv.md") && search.output.contains("\"collection\":\"project\""))
        let missing = try runProcess(["search", "alarms", "--knowledge-dir", "/no/such/folder"])
        #expect(missing.status != 0)
    }

    @Test func serveReadsTheFolderFromTheEnvironment() throws {
        let server = try TestServer.started(environment: ["DO_ARCHITECT_KNOWLEDGE_DIR": Self.folder.path])
        try server.send(#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"searchDocs","arguments":{"query":"naming convention for bindings","collection":"project"}}}"#)
        let reply = try #require(server.readMessage())
        let text = String(describing: reply)
        #expect(text.contains("project/conventions/naming.md"), "\(text.prefix(400))")
        try server.send(#"{"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"kb://docs/project/conventions/naming.md"}}"#)
        let read = String(describing: try #require(server.readMessage()))
        #expect(read.contains("Naming conventions for Durable Objects"), "\(read.prefix(400))")
        try server.send(#"{"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"kb://docs/project/../conventions/naming.md"}}"#)
        #expect(String(describing: try #require(server.readMessage())).contains("error"))
    }

    @Test func serveRefusesAMissingFolderClearly() throws {
        let server = try TestServer.start(arguments: ["--knowledge-dir", "/no/such/knowledge/folder"])
        #expect(server.waitForExit(timeout: 10) == 1)
        #expect(server.standardError.contains("/no/such/knowledge/folder"))
    }
}
