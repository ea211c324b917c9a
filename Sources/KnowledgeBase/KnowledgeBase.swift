import Foundation

/// The Durable Objects knowledge base: docs loaded from Markdown with front matter, and full-text search over them.
///
/// Built once at start from the embedded `Knowledge/` files (or any list of files); immutable afterwards and
/// safe to share between concurrent callers.
package final class KnowledgeBase: Sendable {
    /// Every doc, ordered by id.
    package let documents: [KnowledgeDocument]
    private let positions: [String: Int]
    private let index: SearchIndex
    /// Every word of the corpus as written, lowercased (decides which query terms are partial words).
    private let vocabulary: Set<String>
    /// Snippet candidates of every section, by doc position then section position.
    private let passages: [[[Snippet.Passage]]]

    /// Every fact (`Knowledge/facts.json`).
    package let factSheet: FactSheet
    /// Files of the team's folder that were skipped, one sentence each (empty without a folder).
    package let warnings: [String]
    /// The position of the generated `whats-new` doc, whose score is damped (``WhatsNew/searchWeight``).
    private let whatsNewPosition: Int?

    /// Builds the knowledge base from the bundled doc files (with `Knowledge/facts.json` among them when docs
    /// refer to facts) and the team's own docs. Files that are not docs (`README.md`) are skipped; a team doc
    /// that does not parse is skipped with a warning (``warnings``). The `whats-new` doc is generated from the facts.
    /// - Throws: ``KnowledgeBaseError`` for a malformed bundled doc or facts file, or a duplicate id, naming the file.
    package init(
        files: [(path: String, text: String)], project: ProjectFolder = ProjectFolder(files: []),
        ranking: RankingParameters = .init()
    ) throws {
        let sheet = try files.first { $0.path.hasSuffix(FactSheet.path) }.map { try FactSheet(json: $0.text, file: $0.path) } ?? FactSheet()
        var documents: [KnowledgeDocument] = []
        for file in files where file.path.hasSuffix(".md") && !file.path.hasSuffix("README.md") {
            documents.append(try KnowledgeDocument(file: file.path, text: file.text, facts: sheet))
        }
        if !sheet.facts.isEmpty { documents.append(try WhatsNew.document(facts: sheet)) }
        var warnings = project.warnings
        for file in project.files {
            do {
                documents.append(try KnowledgeDocument(projectPath: file.path, text: file.text, modified: file.modified))
            } catch let error as KnowledgeBaseError {
                warnings.append("skipped \(file.path): \(error.message)")
            }
        }
        self.factSheet = sheet
        self.warnings = warnings
        documents.sort { $0.id < $1.id }
        var positions: [String: Int] = [:]
        for (position, document) in documents.enumerated() {
            if let previous = positions[document.id] {
                throw KnowledgeBaseError.invalidDocument(
                    document.file, "id `\(document.id)` is already used by \(documents[previous].file)")
            }
            positions[document.id] = position
        }
        self.documents = documents
        self.positions = positions
        self.whatsNewPosition = positions[WhatsNew.id]
        self.index = try SearchIndex(documents: documents, ranking: ranking)
        self.passages = documents.map { $0.sections.map { Snippet.passages(of: $0.rawIndexText, facts: sheet) } }
        var vocabulary: Set<String> = []
        for (document, sections) in zip(documents, passages) {
            vocabulary.formUnion(QueryBuilder.words(in: document.title + " " + document.summary + " " + document.tags.joined(separator: " ")))
            for (section, passages) in zip(document.sections, sections) {
                vocabulary.formUnion(QueryBuilder.words(in: section.heading))
                for passage in passages { vocabulary.formUnion(passage.words.lazy.map(\.word)) }
            }
        }
        self.vocabulary = vocabulary
    }

    /// Loads every `*.md` file of a folder, and its `facts.json`.
    package convenience init(directory: URL, project: ProjectFolder = ProjectFolder(files: [])) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let files = try names.filter { $0.hasSuffix(".md") || $0 == "facts.json" }.map { name in
            let url = directory.appendingPathComponent(name)
            return (path: "Knowledge/" + name, text: try String(contentsOf: url, encoding: .utf8))
        }
        try self.init(files: files, project: project)
    }

    /// The doc with this id, if any.
    package func document(id: String) -> KnowledgeDocument? {
        positions[id].map { documents[$0] }
    }

    /// The newest `asOf` date of the bundled docs (`YYYY-MM-DD`), or an empty string when there is no doc.
    package var asOf: String { documents.filter { $0.collection == .bundled }.map(\.asOf).max() ?? "" }

    /// Every tag used by some doc, sorted.
    package var tags: [String] { Array(Set(documents.flatMap(\.tags))).sorted() }

    // MARK: - Search

    /// Searches the docs and returns at most one result per doc (its best section), best first.
    ///
    /// - Parameters:
    ///   - text: anything a person types; it is never interpreted as FTS5 or SQL syntax.
    ///   - limit: at most this many results (1...50).
    ///   - offset: skip this many of the best docs first (to read the next page; `total` says how many matched).
    ///   - tags: when not empty, only docs having any of these tags.
    ///   - collection: when given, only docs of that collection.
    ///   - since: when given (`YYYY-MM-DD`), only docs whose subject changed on or after that date.
    /// - Throws: ``KnowledgeBaseError/Code/emptyQuery`` when the text holds no word,
    ///   ``KnowledgeBaseError/Code/invalidArgument`` when `since` is not a date.
    package func search(
        _ text: String, limit: Int = 5, offset: Int = 0, tags: [String] = [], collection: KnowledgeDocument.Collection? = nil,
        since: String? = nil
    ) throws -> SearchResults {
        if let since, !FactSheet.isDate(since) {
            throw KnowledgeBaseError(code: .invalidArgument, message: "`since` must be a date YYYY-MM-DD, e.g. \"2026-06-01\"; got \"\(since)\".")
        }
        guard let query = QueryBuilder.build(text, vocabulary: vocabulary) else {
            throw KnowledgeBaseError(
                code: .emptyQuery,
                message: "The query has no words to search for. Ask in plain words, e.g. \"alarm retries\" or \"how many websockets per object\".")
        }
        let limit = max(1, min(limit, 50))
        let wanted = Set(tags.map { $0.lowercased() })
        let hits = try index.rank(match: query.expression, limit: 400)
        // A doc's score: its best section, plus a share of its other matching sections, so that a doc about
        // the subject outranks one that mentions the words in passing. Arrays by doc position, not dictionaries:
        // a search sees up to 400 hits.
        let filtering = !wanted.isEmpty || collection != nil || since != nil
        var bestHit = [Int](repeating: -1, count: documents.count)
        var combined = [Double](repeating: 0, count: documents.count)
        var found: [Int] = []
        for (position, hit) in hits.enumerated() {
            if filtering {
                if !wanted.isEmpty, wanted.isDisjoint(with: documents[hit.document].tags) { continue }
                if let collection, documents[hit.document].collection != collection { continue }
                if let since, documents[hit.document].changed < since { continue }
            }
            let weight = hit.document == whatsNewPosition ? WhatsNew.searchWeight : 1
            if bestHit[hit.document] < 0 {
                bestHit[hit.document] = position
                combined[hit.document] = -hit.rank * weight
                found.append(hit.document)
            } else {
                combined[hit.document] += index.ranking.documentShare * -hit.rank * weight
            }
        }
        let order = found.sorted { combined[$0] != combined[$1] ? combined[$0] > combined[$1] : $0 < $1 }
            .dropFirst(max(0, offset)).prefix(limit)

        var results: [SearchResult] = []
        results.reserveCapacity(order.count)
        for documentIndex in order {
            let hit = hits[bestHit[documentIndex]]
            let document = documents[documentIndex]
            let section = document.sections[hit.section]
            let snippet = Snippet.best(in: passages[documentIndex][hit.section], terms: query.highlightTerms)
            results.append(SearchResult(
                id: document.id,
                title: document.title,
                section: section.heading,
                snippet: snippet.text,
                score: (combined[documentIndex] * 1000).rounded() / 1000,
                uri: document.uri,
                url: section.sourceURLs.first ?? document.url,
                collection: document.collection,
                changed: document.changed,
                facts: snippet.facts.compactMap { factSheet.fact(id: $0).map(FactReference.init) }))
        }
        let nothing = found.isEmpty
        var suggestions = nothing ? suggestions(for: query.terms, tags: wanted) : []
        if nothing, let since { suggestions.insert("search again without `since` (\(since))", at: 0) }
        if nothing, let collection { suggestions.insert("search again without `collection` (\(collection.rawValue))", at: 0) }
        return SearchResults(query: text, terms: query.terms, results: results, suggestions: suggestions, total: found.count)
    }

    /// Nearest tags and titles for words that found nothing, so a search is never a dead end.
    func suggestions(for terms: [String], tags: Set<String>) -> [String] {
        var scored: [(String, Int)] = []
        for tag in self.tags {
            let score = terms.map { Similarity.score($0, tag) }.max() ?? 0
            if score > 0 { scored.append(("tag:" + tag, score + 1)) }
        }
        for document in documents {
            let titleWords = QueryBuilder.words(in: document.title)
            let score = terms.map { term in titleWords.map { Similarity.score(term, $0) }.max() ?? 0 }.reduce(0, +)
            if score > 0 { scored.append((document.title, score)) }
        }
        var suggestions = scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(6).map(\.0)
        if suggestions.isEmpty {
            suggestions = ["tag:" + (self.tags.first ?? "overview")] + documents.prefix(4).map(\.title)
        }
        if !tags.isEmpty { suggestions.insert("search again without the tags filter (\(tags.sorted().joined(separator: ", ")))", at: 0) }
        return suggestions
    }

    // MARK: - Reading

    /// A doc, or one of its sections, as Markdown, cut to `maxChars` characters from `offset`. `maxChars` has no
    /// default here: the getDoc tool's lives in `Schemas/getDoc.input.json` only.
    /// - Throws: ``KnowledgeBaseError`` for an unknown id or section, naming what exists.
    package func read(id: String, section: String? = nil, offset: Int = 0, maxChars: Int) throws -> DocumentExcerpt {
        guard let document = document(id: id) else {
            let near = documents.map(\.id).filter { Similarity.score(id, $0) > 0 }.prefix(5)
            let hint = near.isEmpty ? "Use searchDocs to find doc ids." : "Did you mean: \(near.joined(separator: ", "))?"
            throw KnowledgeBaseError(code: .unknownDocument, message: "No doc has the id \"\(id)\". \(hint)")
        }
        var markdown = document.markdown
        var heading: String?
        if let name = section, !name.isEmpty {
            guard let found = document.section(named: name) else {
                let headings = document.sections.map { "\"\($0.heading)\"" }.joined(separator: ", ")
                throw KnowledgeBaseError(
                    code: .unknownSection,
                    message: "Doc \"\(id)\" has no section \"\(name)\". Its sections are: \(headings).")
            }
            markdown = found.markdown
            heading = found.heading
        }
        let characters = Array(markdown)
        let start = min(max(offset, 0), characters.count)
        let end = min(start + max(maxChars, 1), characters.count)
        return DocumentExcerpt(
            id: document.id, title: document.title, section: heading,
            markdown: String(characters[start..<end]), offset: start,
            nextOffset: end < characters.count ? end : nil, totalChars: characters.count, url: document.url)
    }
}
