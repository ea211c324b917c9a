import Foundation
import KnowledgeBase
import Testing

/// The facts file, fact references in docs, and the lint that keeps the docs from contradicting themselves.
struct FactsTests {
    static let sheetJSON = """
        {"facts": [
          {"id": "storage", "value": "10", "unit": "GB", "statement": "An object stores 10 GB.",
           "url": "https://developers.cloudflare.com/x/", "changed": "2025-04-07", "checked": "2026-12-04", "status": "verified"},
          {"id": "free-storage", "value": "10", "unit": "GB", "statement": "Free plan storage.",
           "url": "https://developers.cloudflare.com/x/", "changed": "2026-01-02", "checked": "2026-12-04", "status": "disputed",
           "dispute": {"statement": "the FAQ says 1 GB on Free", "url": "https://developers.cloudflare.com/faq/"}}
        ]}
        """

    static func doc(_ body: String, summary: String = "A doc used by the facts tests.") -> String {
        "---\nid: x\ntitle: X\nsummary: \(summary)\ntags: [limits]\nsources: [https://developers.cloudflare.com/x/]\nasOf: 2026-12-04\n---\n# X\n\n" + body
    }

    @Test func referencesExpandToTheValueAndRecordTheFact() throws {
        let sheet = try FactSheet(json: Self.sheetJSON)
        let document = try KnowledgeDocument(file: "Knowledge/x.md", text: Self.doc("Each object holds {{storage}}.\n"), facts: sheet)
        #expect(document.markdown.contains("Each object holds 10 GB."))
        #expect(!document.markdown.contains("{{"))
        #expect(document.facts == ["storage"])
        #expect(document.changed == "2025-04-07", "a doc changed when its newest fact changed")
    }

    @Test func aDisputeExpandsToBothSidesAndBothSources() throws {
        let sheet = try FactSheet(json: Self.sheetJSON)
        let expanded = try sheet.expand("{{free-storage}}. {{free-storage:dispute}}", file: "t")
        #expect(expanded.text.hasPrefix("10 GB. **Disputed:** the FAQ says 1 GB on Free"))
        #expect(expanded.text.contains("https://developers.cloudflare.com/x/") && expanded.text.contains("https://developers.cloudflare.com/faq/"))
    }

    @Test func anUnknownFactIsAnErrorNamingTheFile() throws {
        let sheet = try FactSheet(json: Self.sheetJSON)
        #expect(throws: KnowledgeBaseError.self) { try KnowledgeDocument(file: "Knowledge/x.md", text: Self.doc("{{no-such-fact}}"), facts: sheet) }
    }

    @Test(arguments: [
        #"{"facts": [{"id": "a", "value": "1", "unit": "", "statement": "s", "url": "https://x/", "changed": "2026-13-01", "checked": "2026-01-01", "status": "verified"}]}"#,
        #"{"facts": [{"id": "a", "value": "1", "unit": "", "statement": "s", "url": "https://x/", "changed": "2026-01-01", "checked": "2026-01-01", "status": "disputed"}]}"#,
        #"{"facts": [{"id": "A b", "value": "1", "unit": "", "statement": "s", "url": "https://x/", "changed": "2026-01-01", "checked": "2026-01-01", "status": "verified"}]}"#,
        #"{"facts": [{"id": "a", "value": "1", "unit": "", "statement": "s", "url": "http://x/", "changed": "2026-01-01", "checked": "2026-01-01", "status": "verified"}]}"#,
        #"{"facts": [{"id": "a", "value": "1", "unit": "", "statement": "s", "url": "https://x/", "changed": "2026-01-01", "checked": "2026-01-01", "status": "sure"}]}"#,
        #"{"facts": [{"id": "a", "value": "1", "unit": "", "statement": "s", "url": "https://x/", "changed": "2026-01-01", "checked": "2026-01-01", "status": "verified"}, {"id": "a", "value": "1", "unit": "", "statement": "s", "url": "https://x/", "changed": "2026-01-01", "checked": "2026-01-01", "status": "verified"}]}"#,
    ])
    func aMalformedFactsFileIsRefused(json: String) {
        #expect(throws: KnowledgeBaseError.self) { try FactSheet(json: json) }
    }

    @Test func theLintFindsNumbersThatAreNotFactReferences() {
        let body = """
            An object holds 10 GB and takes 30 seconds of CPU; it costs $0.15 and shipped 2026-07-02.
            It holds {{storage}} (no problem), `setAlarm(Date.now() + 5 ms)` in code is fine, https://x/10-GB too.

            <!-- example -->
            100 objects × 5 GB = 500 GB is arithmetic.

            ```ts
            const limit = "10 GB";
            ```
            But 2 MB after the example is not.
            """
        let found = FactsLint.untaggedNumbers(in: body)
        #expect(found.count == 5, "\(found)")
        #expect(found.first?.contains("10 GB") == true)
        #expect(found.last?.contains("2 MB") == true && found.last?.hasPrefix("line 10") == true)
    }

    @Test func theLintFindsUnusedFactsAndDisputesShownWithoutTheirDispute() throws {
        let sheet = try FactSheet(json: Self.sheetJSON)
        let quiet = FactsLint.problems(documents: [("Knowledge/x.md", Self.doc("Free holds {{free-storage}}.\n\n{{free-storage:dispute}}\n\n## Paid\n\nPaid holds {{storage}}.\n"))], facts: sheet)
        #expect(quiet.isEmpty, "\(quiet)")
        let problems = FactsLint.problems(documents: [("Knowledge/x.md", Self.doc("Free holds {{free-storage}} and 5 GB.\n"))], facts: sheet)
        #expect(problems.contains { $0.contains("disputed fact `free-storage`") })
        #expect(problems.contains { $0.contains("fact `storage` is used by no doc") })
        #expect(problems.contains { $0.contains("\"5 GB\"") })
        #expect(problems.count == 3)
    }
}
