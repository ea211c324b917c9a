import Foundation
import KnowledgeBase
import Testing

struct KnowledgeBaseSearchTests {
    let knowledge = KnowledgeFixtures.knowledge

    @Test(arguments: [
        "\"unbalanced quote", "alarm AND OR NOT", "title:alarms", "alarms*", "NEAR(a b)", "'; DROP TABLE sections; --",
        "((( alarm", "a - b", "^alarm", "{alarm}[]", "ctx.storage.get()", "naïve café", "🙂 hibernation", "x:y:z",
    ])
    func anyTextIsAValidQuery(text: String) throws {
        _ = try knowledge.search(text)
    }

    @Test(arguments: ["", "   ", "!!!", "?? -- ::", "(((", "{}[]"])
    func aQueryWithoutWordsIsAClearError(text: String) {
        #expect(throws: KnowledgeBaseError.self) { try knowledge.search(text) }
    }

    @Test func onlyStopWordsStillSearch() throws {
        #expect(try !knowledge.search("how do I").results.isEmpty)
    }

    @Test func partialWordsMatchAsPrefixes() throws {
        let results = try knowledge.search("hibernat").results
        #expect(results.contains { $0.id.contains("hibernation") })
    }

    @Test func synonymsFindTheDocsVocabulary() throws {
        let cron = try knowledge.search("cron job every hour", limit: 5).results.map(\.id)
        #expect(cron.contains { $0.contains("alarm") || $0 == "pattern-scheduler" }, "\(cron)")
        let mutex = try knowledge.search("mutex", limit: 5).results.map(\.id)
        #expect(mutex.contains { ["input-output-gates", "single-threaded-execution", "anti-bcw-per-request", "constructor-initialization", "pattern-lock-leader-election"].contains($0) }, "\(mutex)")
    }

    @Test func oneResultPerDocBestFirstWithTheAnsweringSentence() throws {
        let results = try knowledge.search("what happens when an alarm handler throws", limit: 10).results
        #expect(Set(results.map(\.id)).count == results.count)
        #expect(zip(results, results.dropFirst()).allSatisfy { $0.score >= $1.score })
        let first = try #require(results.first)
        #expect(first.snippet.contains("**"), "matched words are marked")
        #expect(!first.snippet.hasPrefix("#"), "the snippet is a passage, not a heading")
        #expect(first.uri == "kb://docs/\(first.id)")
        #expect(first.url.hasPrefix("https://"))
    }

    @Test func tagsFilterResults() throws {
        let results = try knowledge.search("counter", limit: 10, tags: ["anti-pattern"]).results
        #expect(!results.isEmpty)
        for result in results { #expect(knowledge.document(id: result.id)?.tags.contains("anti-pattern") == true) }
    }

    @Test func noResultsComeWithSuggestions() throws {
        let found = try knowledge.search("hibernashun websockts")
        if found.results.isEmpty { #expect(!found.suggestions.isEmpty) }
        let filtered = try knowledge.search("alarms", tags: ["no-such-tag"])
        #expect(filtered.results.isEmpty && !filtered.suggestions.isEmpty)
    }

    @Test func readingASectionBySlugOrHeading() throws {
        let document = try #require(knowledge.document(id: "alarms"))
        let section = try #require(document.sections.dropFirst().first)
        let byHeading = try knowledge.read(id: "alarms", section: section.heading, maxChars: 50_000)
        let bySlug = try knowledge.read(id: "alarms", section: section.slug, maxChars: 50_000)
        #expect(byHeading.markdown == bySlug.markdown)
        #expect(byHeading.section == section.heading)
        #expect(throws: KnowledgeBaseError.self) { try knowledge.read(id: "alarms", section: "no such section", maxChars: 50_000) }
    }

    @Test func readingInPartsCoversTheWholeDocExactlyOnce() throws {
        var offset = 0
        var text = ""
        while true {
            let part = try knowledge.read(id: "limits", offset: offset, maxChars: 700)
            text += part.markdown
            guard let next = part.nextOffset else { break }
            offset = next
        }
        #expect(text == knowledge.document(id: "limits")?.markdown)
    }
}
