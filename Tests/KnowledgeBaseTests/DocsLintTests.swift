import Foundation
import KnowledgeBase
import Testing

/// The rules of `Knowledge/README.md`, checked on every doc.
struct DocsLintTests {
    static let documents = KnowledgeFixtures.knowledge.documents

    static let officialPrefixes = [
        "https://developers.cloudflare.com/", "https://blog.cloudflare.com/", "https://github.com/cloudflare/",
        "https://www.cloudflare.com/",
    ]

    @Test func thereAreAtLeastFortyDocs() {
        #expect(Self.documents.count >= 40)
    }

    @Test func idsMatchFileNamesAndTitlesAreUnique() {
        var titles: [String: String] = [:]
        for document in Self.documents {
            #expect(document.file == "Knowledge/\(document.id).md", "\(document.file) has id \(document.id)")
            #expect(document.id.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) != nil, "\(document.id)")
            #expect(titles[document.title] == nil, "\(document.id) and \(titles[document.title] ?? "") share a title")
            titles[document.title] = document.id
        }
    }

    @Test func frontMatterIsComplete() {
        for document in Self.documents {
            #expect(!document.tags.isEmpty, "\(document.id) has no tags")
            #expect(!document.sources.isEmpty, "\(document.id) has no source")
            #expect(document.asOf.range(of: "^20[0-9]{2}-[01][0-9]-[0-3][0-9]$", options: .regularExpression) != nil, "\(document.id) asOf \(document.asOf)")
            #expect(document.summary.count >= 20, "\(document.id) needs a summary")
        }
    }

    @Test func everyRelatedLinkResolves() {
        for document in Self.documents {
            for id in document.related {
                #expect(KnowledgeFixtures.knowledge.document(id: id) != nil, "\(document.id) links to unknown doc \(id)")
            }
        }
    }

    @Test func sourcesAreOfficialOrMarkedUnverified() {
        for document in Self.documents {
            for source in document.sources where !source.isUnverified {
                #expect(Self.officialPrefixes.contains(where: source.url.hasPrefix), "\(document.id) cites \(source.url) without marking it unverified")
            }
            if document.sources.contains(where: \.isUnverified) {
                #expect(document.markdown.lowercased().contains("unverified"), "\(document.id) cites an unverified source but never says which facts are unverified")
            }
        }
    }

    @Test func everySectionCitesSourcesListedInTheFrontMatter() {
        for document in Self.documents {
            let listed = Set(document.sources.map(\.url))
            for section in document.sections.dropFirst() {
                #expect(!section.sourceURLs.isEmpty, "\(document.id) § \(section.heading) has no Sources line")
                for url in section.sourceURLs {
                    #expect(listed.contains(url), "\(document.id) § \(section.heading) cites \(url), missing from its front matter sources")
                }
            }
        }
    }

    @Test func everyReviewRuleHasItsAntiPatternDoc() {
        for rule in KnowledgeFixtures.ruleIDs {
            let document = KnowledgeFixtures.knowledge.document(id: "anti-\(rule)")
            #expect(document?.rules.contains(rule) == true, "no doc anti-\(rule) explains rule \(rule)")
        }
        for document in Self.documents {
            for rule in document.rules {
                #expect(KnowledgeFixtures.ruleIDs.contains(rule), "\(document.id) names unknown rule \(rule)")
            }
        }
    }

    @Test func wrongCodeIsAnnouncedAsWrong() {
        for document in Self.documents {
            let lines = document.markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (index, line) in lines.enumerated() where line.hasPrefix("```") && index + 1 < lines.count {
                guard lines[index + 1].contains("❌") else { continue }
                let before = lines[..<index].last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? ""
                #expect(before.contains("Wrong") || before.contains("Anti-pattern"), "\(document.id): a ❌ block not announced as wrong (line \(index + 1))")
            }
        }
    }

    @Test func theSeedsTwelveSubjectsAreCovered() {
        for id in [
            "lifecycle", "storage-kv-api", "transactions", "ids-and-names", "architecture-patterns",
            "single-threaded-execution", "websocket-hibernation", "constructor-initialization", "hibernation",
            "alarms", "input-output-gates", "review-checklist", "common-mistakes", "do-vs-kv", "pattern-webhook-processor",
        ] {
            #expect(KnowledgeFixtures.knowledge.document(id: id) != nil, "missing \(id)")
        }
    }

    /// Every bundled doc file as written (fact references unexpanded).
    static let rawDocuments: [(file: String, text: String)] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: KnowledgeFixtures.folder.path)) ?? []
        return names.sorted().filter { $0.hasSuffix(".md") && $0 != "README.md" }.map { name in
            (file: "Knowledge/" + name, text: (try? String(contentsOf: KnowledgeFixtures.folder.appendingPathComponent(name), encoding: .utf8)) ?? "")
        }
    }()

    @Test func everyNumberIsAFactEveryFactIsUsedAndDisputesAreShown() {
        let problems = FactsLint.problems(documents: Self.rawDocuments, facts: KnowledgeFixtures.knowledge.factSheet)
        for problem in problems { print("  lint: \(problem)") }
        #expect(problems.isEmpty, "\(problems.count) facts lint problem(s), the first: \(problems.first ?? "")")
    }

    @Test func aDocThatStatesNoFactDeclaresWhenItsSubjectChanged() throws {
        for document in Self.rawDocuments {
            let (matter, body) = try FrontMatter.split(document.text, file: document.file)
            if FactSheet.references(in: body).isEmpty {
                #expect(matter.scalars["changed"].map(FactSheet.isDate) == true, "\(document.file) states no fact, so it needs `changed: YYYY-MM-DD`")
            }
        }
    }

    @Test func theFactsFileIsLoadedAndEveryFactIsChecked() {
        let facts = KnowledgeFixtures.knowledge.factSheet.facts
        #expect(facts.count >= 100)
        for fact in facts {
            #expect(Self.officialPrefixes.contains(where: fact.url.hasPrefix), "\(fact.id) cites \(fact.url)")
            #expect(fact.changed <= fact.checked, "\(fact.id) changed after it was checked")
        }
    }

    @Test func noDocIsNamedAfterTheGeneratedWhatsNew() {
        #expect(!FileManager.default.fileExists(atPath: KnowledgeFixtures.folder.appendingPathComponent("whats-new.md").path))
        #expect(KnowledgeFixtures.knowledge.document(id: "whats-new") != nil)
    }

    @Test func theEmbeddedCopyMatchesTheFilesOnDisk() throws {
        let embedded = try KnowledgeBase(files: TestSupportBundled.knowledgeFiles)
        #expect(embedded.documents.map(\.id) == Self.documents.map(\.id))
        #expect(embedded.documents.map(\.markdown) == Self.documents.map(\.markdown), "rebuild: the binary embeds an old copy of Knowledge/")
    }
}

import BundledContent

enum TestSupportBundled {
    static var knowledgeFiles: [(path: String, text: String)] {
        BundledContent.files(in: "Knowledge").map { (path: $0.path, text: $0.text) }
    }
}
