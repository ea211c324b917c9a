import Foundation
import KnowledgeBase
import Testing

/// `changed`/`checked` dates, the `since` filter, the facts a result states, and the generated `whats-new` doc.
struct WhatChangedTests {
    let knowledge = KnowledgeFixtures.knowledge

    @Test func everyDocAndFactHasItsDates() {
        for document in knowledge.documents {
            #expect(FactSheet.isDate(document.changed) && FactSheet.isDate(document.checked), "\(document.id)")
        }
        for fact in knowledge.factSheet.facts {
            #expect(FactSheet.isDate(fact.changed) && FactSheet.isDate(fact.checked), "\(fact.id)")
        }
    }

    @Test func sinceKeepsOnlyDocsChangedOnOrAfterTheDate() throws {
        let all = try knowledge.search("alarm", limit: 50).results
        let recent = try knowledge.search("alarm", limit: 50, since: "2026-08-01").results
        #expect(!recent.isEmpty && recent.count < all.count)
        #expect(recent.allSatisfy { $0.changed >= "2026-08-01" })
        #expect(Set(all.filter { $0.changed >= "2026-08-01" }.map(\.id)) == Set(recent.map(\.id)))
    }

    @Test(arguments: ["2026-6-1", "yesterday", "2026-13-01", ""])
    func aMalformedSinceIsAClearError(since: String) {
        #expect(throws: KnowledgeBaseError.self) { try knowledge.search("alarm", since: since) }
    }

    @Test func aResultCarriesTheFactsItsSnippetStates() throws {
        let results = try knowledge.search("how much data can one sqlite durable object store", limit: 5).results
        let limits = try #require(results.first { $0.id == "limits" })
        let fact = try #require(limits.facts.first { $0.id == "sqlite-storage-per-object" }, "\(limits.snippet) \(limits.facts.map(\.id))")
        #expect(fact.value == "10 GB" && limits.snippet.contains("10 GB"))
        #expect(fact.url.hasPrefix("https://developers.cloudflare.com/") && FactSheet.isDate(fact.changed))
        #expect(fact.disputed?.contains("1 GB") == true, "a disputed fact carries its other side")
        for result in results {
            for fact in result.facts { #expect(result.snippet.contains(fact.value), "\(result.id): \(fact.id) not in \(result.snippet)") }
        }
    }

    @Test func whatsNewListsDatedChangesNewestFirst() throws {
        let document = try #require(knowledge.document(id: "whats-new"))
        let dates = document.markdown.split(separator: "\n").filter { $0.hasPrefix("- 20") }.map { String($0.dropFirst(2).prefix(10)) }
        #expect(dates.count >= 20)
        #expect(dates == dates.sorted(by: >))
        let changelogFacts = knowledge.factSheet.facts.filter { $0.url.contains("/changelog/20") }
        #expect(dates.count == changelogFacts.count, "one line per fact announced by a dated changelog post")
        #expect(document.changed == changelogFacts.map(\.changed).max())
        #expect(!document.markdown.contains("Unverified: Unverified"))
        for fact in changelogFacts where fact.status == .unverified {
            #expect(document.markdown.contains("- \(fact.changed): Unverified"), "\(fact.id) is not marked unverified")
        }
        let first = try #require(try knowledge.search("what is new in durable objects", limit: 3).results.first)
        #expect(first.id == "whats-new")
    }
}
