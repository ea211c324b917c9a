import ArchitectServer
import DurableObjects
import JSONModel
import Logging
import Testing
import TestSupport

/// Long lists are cut into pages an assistant can take in: `truncated`, the total, and a `nextOffset` that the
/// next call passes as `offset` to get the rest.
struct PagingTests {
    let server = try! ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "test"))

    func call(_ tool: String, _ arguments: JSONObject) async throws -> JSON {
        let result = try await server.callTool(tool, arguments: arguments, context: .silent)
        #expect(!result.isError, "\(result.text)")
        #expect(result.encoded.count <= ToolResult.pageBytes, "\(tool) page of \(result.encoded.count) bytes")
        return try #require(result.structuredContent)
    }

    /// `count` Durable Object classes that each keep state in a field only (one finding each).
    static func classes(_ count: Int) -> String {
        "import { DurableObject } from \"cloudflare:workers\";\n" + (0..<count).map { index in
            """
            export class Counter\(index) extends DurableObject {
              count = 0;
              async increment() {
                this.count++;
                return this.count;
              }
            }

            """
        }.joined()
    }

    @Test func searchDocsPagesThroughEveryMatchingDoc() async throws {
        let first = try await call("searchDocs", ["query": "storage", "limit": 3])
        let total = try #require(first["total"]?.integer)
        #expect(total > 3)
        #expect(first["truncated"] == true)
        #expect(first["nextOffset"] == 3)
        var ids: [String] = []
        var offset: Int? = 0
        while let next = offset {
            let page = try await call("searchDocs", ["query": "storage", "limit": 20, "offset": .int(next)])
            ids += page["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(page["total"]?.integer == total)
            offset = page["nextOffset"]?.integer
            #expect((offset != nil) == (page["truncated"] == true))
        }
        #expect(ids.count == total)
        #expect(Set(ids).count == total)
        let firstIds = first["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(Array(ids.prefix(3)) == firstIds)
    }

    @Test func reviewCodePagesByMaxFindings() async throws {
        let code = JSON.string(Self.classes(5))
        let all = try await call("reviewCode", ["code": code, "minConfidence": "low"])
        #expect(all["totalFindings"] == 5 && all["truncated"] == false && all["nextOffset"] == .null)
        var lines: [Int] = []
        var offset: Int? = 0
        var pages = 0
        while let next = offset {
            let page = try await call("reviewCode", ["code": code, "maxFindings": 2, "offset": .int(next), "minConfidence": "low"])
            #expect(page["totalFindings"] == 5)
            lines += page["findings"]?.arrayValue?.compactMap { $0["line"]?.integer } ?? []
            offset = page["nextOffset"]?.integer
            pages += 1
        }
        #expect(pages == 3)
        #expect(lines == all["findings"]?.arrayValue?.compactMap { $0["line"]?.integer })
    }

    @Test func aReviewTooBigForOnePageIsCutBySizeAndTheNextPagesHoldTheRest() async throws {
        let code = JSON.string(Self.classes(150))
        let first = try await call("reviewCode", ["code": code, "maxFindings": 1000, "minConfidence": "low"])
        #expect(first["totalFindings"] == 150)
        #expect(first["truncated"] == true)
        let shown = first["findings"]?.arrayValue?.count ?? 0
        #expect(shown > 0 && shown < 150)
        #expect(first["nextOffset"]?.integer == shown)
        var lines = first["findings"]?.arrayValue?.compactMap { $0["line"]?.integer } ?? []
        var offset = first["nextOffset"]?.integer
        while let next = offset {
            let page = try await call("reviewCode", ["code": code, "maxFindings": 1000, "offset": .int(next), "minConfidence": "low"])
            lines += page["findings"]?.arrayValue?.compactMap { $0["line"]?.integer } ?? []
            offset = page["nextOffset"]?.integer
        }
        #expect(lines.count == 150)
        #expect(Set(lines).count == 150)
    }

    @Test func listNamespacesPagesThroughEveryNamespace() async throws {
        let directory = try DataDirectory.acquire(TestPaths.temporaryFolder("paging-namespaces"))
        let server = try ArchitectServer.bundled(dataDirectory: directory, logger: Logger(label: "test"))
        func page(_ arguments: JSONObject) async throws -> JSON {
            let result = try await server.callTool("listNamespaces", arguments: arguments, context: .silent)
            #expect(!result.isError, "\(result.text)")
            return try #require(result.structuredContent)
        }
        let whole = try await page([:])
        let total = try #require(whole["total"]?.integer)
        #expect(total >= 9 && whole["truncated"] == false && whole["nextOffset"] == nil)
        var names: [String] = []
        var offset: Int? = 0
        while let next = offset {
            let part = try await page(["limit": 4, "offset": .int(next)])
            #expect(part["total"]?.integer == total)
            names += part["namespaces"]?.arrayValue?.compactMap { $0["namespace"]?.stringValue } ?? []
            offset = part["nextOffset"]?.integer
            #expect((offset != nil) == (part["truncated"] == true))
        }
        #expect(names == whole["namespaces"]?.arrayValue?.compactMap { $0["namespace"]?.stringValue })
    }

    @Test func inspectObjectPagesThroughTheKeysInKeyOrder() async throws {
        let directory = try DataDirectory.acquire(TestPaths.temporaryFolder("paging-keys"))
        let server = try ArchitectServer.bundled(dataDirectory: directory, logger: Logger(label: "test"))
        let patterns = try #require(server.patterns)
        let written = (0..<45).map { String(format: "key-%03d", $0) }
        let entries: [(String, JSON?)] = written.map { ($0, .string("value of \($0)")) }
        let namespace = try patterns.namespace("COUNTER")
        try await namespace.inspectRun(namespace.idFromName("many-keys")) { context in
            try context.storage.put(entries)
        }
        var keys: [String] = []
        var offset: Int? = 0
        var pages = 0
        while let next = offset {
            let result = try await server.callTool(
                "inspectObject", arguments: ["namespace": "COUNTER", "name": "many-keys", "offset": .int(next)], context: .silent)
            #expect(!result.isError, "\(result.text)")
            let value = try #require(result.structuredContent)
            #expect(value["keyCount"] == 45)
            let page = value["sampleKeys"]?.arrayValue?.compactMap { $0["key"]?.stringValue } ?? []
            #expect(page.count <= 20)
            keys += page
            offset = value["nextOffset"]?.integer
            #expect((offset != nil) == (value["truncated"] == true))
            pages += 1
        }
        #expect(pages == 3)
        #expect(keys == written)
    }
}
