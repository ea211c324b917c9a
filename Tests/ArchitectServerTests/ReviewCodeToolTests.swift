import ArchitectServer
import Foundation
import Logging
import JSONModel
import Testing
import TestSupport

struct ReviewCodeToolTests {
    let server = try! ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "test"))

    static let counter = """
        import { DurableObject } from "cloudflare:workers";
        export class Counter extends DurableObject {
          count = 0;
          async increment() {
            this.count++;
            return this.count;
          }
        }
        """

    func call(_ arguments: JSONObject, roots: [URL]? = nil) async throws -> ToolResult {
        var context = ToolContext.silent
        if let roots { context.roots = { roots } }
        return try await server.callTool("reviewCode", arguments: arguments, context: context)
    }

    func text(_ result: ToolResult) -> String {
        result.text
    }

    func findings(_ result: ToolResult) -> [JSONObject] {
        result.structuredContent?.objectValue?["findings"]?.arrayValue?.compactMap(\.objectValue) ?? []
    }

    func expectValid(_ result: ToolResult) throws {
        #expect(result.isError != true, "\(text(result))")
        let violations = try #require(server.schemas.tools["reviewCode"]).outputValidator.violations(of: try #require(result.structuredContent))
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func pastedCodeIsReviewedAsInputTs() async throws {
        let result = try await call(["code": .string(Self.counter), "minConfidence": "low"])
        try expectValid(result)
        let found = findings(result)
        #expect(found.contains { $0["ruleId"]?.stringValue == "unpersisted-state" && $0["file"]?.stringValue == "input.ts" })
    }

    @Test func filesAreReviewedUnderTheirOwnNames() async throws {
        let result = try await call(["files": [["path": "src/counter.js", "content": .string(Self.counter)]]])
        try expectValid(result)
        #expect(findings(result).allSatisfy { $0["file"]?.stringValue == "src/counter.js" })
    }

    @Test func exactlyOneSourceIsRequired() async throws {
        for arguments: JSONObject in [[:], ["code": "x", "paths": ["a"]]] {
            let result = try await call(arguments)
            #expect(result.isError == true)
            #expect(text(result).hasPrefix("Give exactly one of `code`"))
        }
    }

    @Test func pathsAreReadOnlyInsideTheRoots() async throws {
        let root = TestPaths.temporaryFolder("roots")
        let source = root.appendingPathComponent("counter.ts")
        try Self.counter.write(to: source, atomically: true, encoding: .utf8)
        try "[[durable_objects.bindings]]\nname = \"COUNTER\"\nclass_name = \"Counter\"\n".write(
            to: root.appendingPathComponent("wrangler.toml"), atomically: true, encoding: .utf8)

        let inside = try await call(["paths": [.string(root.path)], "minConfidence": "low"], roots: [root])
        try expectValid(inside)
        let rules = Set(findings(inside).compactMap { $0["ruleId"]?.stringValue })
        #expect(rules.contains("unpersisted-state"))
        #expect(rules.contains("missing-migration"), "the wrangler.toml beside the path is read")

        let outside = try await call(["paths": ["/etc/passwd"]], roots: [root])
        #expect(outside.isError == true)
    }

    @Test func everyCorrectExampleInTheKnowledgeBasePassesWithNoFinding() async throws {
        var checked = 0
        for document in try server.knowledge.documents {
            for block in Self.typeScriptBlocks(in: document.markdown) where !block.contains("❌") {
                let result = try await call(["code": .string(block)])
                let found = findings(result).map { "\($0["ruleId"]?.stringValue ?? "") line \($0["line"]?.intValue ?? 0): \($0["message"]?.stringValue ?? "")" }
                #expect(found.isEmpty, "\(document.id): a correct example has findings: \(found)\n\(block)")
                checked += 1
            }
        }
        #expect(checked > 50)
    }

    /// The ```ts / ```typescript / ```js blocks of a doc.
    static func typeScriptBlocks(in markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil {
                let fence = line.trimmingCharacters(in: .whitespaces)
                if ["```ts", "```typescript", "```js", "```javascript"].contains(fence) { current = [] }
            } else if line.trimmingCharacters(in: .whitespaces) == "```" {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current!.append(line)
            }
        }
        return blocks
    }
}
