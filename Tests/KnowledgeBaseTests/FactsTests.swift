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

    /// `isDate` and `isSlug` are checked by hand; they accept exactly what their regular expressions match
    /// (a final line break included, as `$` allows it).
    @Test func dateAndSlugChecksAgreeWithTheirPatterns() {
        func matches(_ text: String, _ pattern: String) -> Bool { text.range(of: pattern, options: .regularExpression) != nil }
        let dates = [
            "2026-01-31", "2026-12-01", "2099-10-19", "2000-02-29", "2026-00-10", "2026-13-01", "2026-01-00", "2026-01-32",
            "2026-1-01", "1999-01-01", "2026-01-01\n", "2026-01-01\r\n", "2026-01-01\n\n", " 2026-01-01", "2026-01-01 ",
            "２026-01-01", "2026/01/01", "", "2026-01-01T00:00", "2026-01-3\u{0031}", "2026-01-01\u{2028}", "2026-01-01\u{0B}",
        ]
        for date in dates {
            #expect(FactSheet.isDate(date) == matches(date, "^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"), "\(date.debugDescription)")
        }
        let slugs = ["storage", "free-storage", "a1-b2-c3", "-a", "a-", "a--b", "", "A", "é", "a_b", "a b", "a\n", "a-b\r\n", "a\n\n", "9"]
        for slug in slugs {
            #expect(FactSheet.isSlug(slug) == matches(slug, "^[a-z0-9]+(-[a-z0-9]+)*$"), "\(slug.debugDescription)")
        }
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
