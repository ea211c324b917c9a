import CodeReview
import Foundation
import Testing

/// Confidence, related locations and the once-per-config rule for wrangler findings.
struct ConfidenceTests {
    static let unbounded = "export class Room extends DurableObject {\n  async fetch() {\n    const all = await this.ctx.storage.list();\n    return new Response(String(all.size));\n  }\n  async add(id: string) {\n    await this.ctx.storage.put(`item:${id}`, Date.now());\n  }\n}\n"

    static func listFinding(puts: String) -> Finding? {
        let code = "export class Room extends DurableObject {\n  async fetch() {\n    const all = await this.ctx.storage.list();\n    return new Response(String(all.size));\n  }\n  async add(id: string) {\n\(puts)\n  }\n}\n"
        return Reviewer().review(.code(code, minConfidence: .low)).findings.first { $0.ruleId == "unbounded-list" }
    }

    @Test func unboundedListIsSureOnlyWhenKeysGrow() {
        #expect(Self.listFinding(puts: "    await this.ctx.storage.put(id, 1);")?.confidence == .medium)
        #expect(Self.listFinding(puts: "    await this.ctx.storage.put(`item:${id}`, 1);")?.confidence == .medium)
        #expect(Self.listFinding(puts: "    console.log(id);")?.confidence == .low)
        #expect(Self.listFinding(puts: "    await this.ctx.storage.put(\"stats\", id);\n    await this.ctx.storage.put({ name: id, level: 1 });") == nil)
    }

    @Test func findingsBelowTheMinimumConfidenceAreLeftOutAndCounted() throws {
        let shown = Reviewer().review(.code(Self.unbounded, minConfidence: .low))
        let finding = try #require(shown.findings.first { $0.ruleId == "unbounded-list" })
        #expect(finding.confidence == .medium)
        let strict = Reviewer().review(.code(Self.unbounded, minConfidence: .high))
        #expect(!strict.findings.contains { $0.ruleId == "unbounded-list" })
        #expect(strict.summary.belowMinConfidence == shown.findings.count - strict.findings.count)
        #expect(strict.summary.belowMinConfidence > 0)
    }

    @Test func defaultMinimumConfidenceIsMedium() {
        #expect(ReviewRequest(files: []).minConfidence == .medium)
        #expect(Confidence.low < .medium && Confidence.medium < .high)
        #expect(Confidence.high.capped(at: .low) == .low)
    }

    @Test func aClassBoundInTwoEnvironmentsIsReportedOnceWithTheOtherBindingRelated() throws {
        let wrangler = SourceFile(path: "wrangler.toml", content: """
            [durable_objects]
            bindings = [{ name = "COUNTER", class_name = "Counter" }]

            [env.staging]
            durable_objects.bindings = [{ name = "COUNTER", class_name = "Counter" }]
            """)
        let report = Reviewer().review(.code("export class Counter extends DurableObject {}", wrangler: wrangler))
        let missing = report.findings.filter { $0.ruleId == "missing-migration" }
        try #require(missing.count == 1)
        #expect(missing[0].line == 2)
        #expect(missing[0].relatedLocations.map(\.line) == [5])
    }

    @Test func kvBackedNewClassIsInfoAndSaysItMattersOnlyBeforeDeploy() throws {
        let wrangler = SourceFile(path: "wrangler.toml", content: "[[migrations]]\ntag = \"v1\"\nnew_classes = [\"Room\"]\n")
        let report = Reviewer().review(.code("export class Room extends DurableObject {}", wrangler: wrangler))
        let finding = try #require(report.findings.first { $0.ruleId == "kv-backed-new-class" })
        #expect(finding.severity == .info)
        #expect(finding.message.contains("not deployed yet"))
    }

    @Test func sarifCarriesConfidenceAndRelatedLocations() throws {
        let wrangler = SourceFile(path: "wrangler.toml", content: """
            [durable_objects]
            bindings = [{ name = "COUNTER", class_name = "Counter" }]
            [env.staging]
            durable_objects.bindings = [{ name = "COUNTER", class_name = "Counter" }]
            """)
        let sarif = Reviewer().review(.code("export class Counter extends DurableObject {}", wrangler: wrangler)).sarif()
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let result = try #require((run["results"] as? [[String: Any]])?.first { $0["ruleId"] as? String == "missing-migration" })
        #expect((result["properties"] as? [String: Any])?["confidence"] as? String == "medium")
        let related = try #require(result["relatedLocations"] as? [[String: Any]])
        #expect(related.count == 1)
        let region = ((related[0]["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        #expect(region?["startLine"] as? Int == 4)
    }
}
