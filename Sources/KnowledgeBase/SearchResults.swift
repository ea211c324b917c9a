/// What a search found: at most one result per doc, best first, and suggestions when nothing matched.
package struct SearchResults: Sendable, Codable, Equatable {
    /// The text that was searched, as given.
    package var query: String
    /// The words that were searched for after dropping common words.
    package var terms: [String]
    package var results: [SearchResult]
    /// Nearest tags (`tag:alarms`) and titles when no doc matched; otherwise empty.
    package var suggestions: [String]
    /// How many docs matched in all (the results are one page of them).
    package var total: Int = 0
}

/// One doc found by a search, with its best-matching section.
package struct SearchResult: Sendable, Codable, Equatable {
    package var id: String
    package var title: String
    /// The heading of the best-matching section ("Overview" for the introduction).
    package var section: String
    /// The best-matching passage of that section, matched words in `**bold**`.
    package var snippet: String
    /// Relevance: higher is better; comparable only within one search.
    package var score: Double
    /// The doc's MCP resource (`kb://docs/<id>`).
    package var uri: String
    /// The official source of the section's facts (empty for a team doc that cites none).
    package var url: String
    /// `bundled` (shipped, checked against the facts) or `project` (the team's own docs).
    package var collection: KnowledgeDocument.Collection
    /// The date the doc's subject last changed (`YYYY-MM-DD`).
    package var changed: String
    /// The facts the snippet states, each with its source and the date it last changed.
    package var facts: [FactReference]
}

/// A doc or one of its sections as Markdown, possibly one part of several.
package struct DocumentExcerpt: Sendable, Codable, Equatable {
    package var id: String
    package var title: String
    package var section: String?
    package var markdown: String
    /// Where this part starts, in characters of the doc (or section).
    package var offset: Int
    /// Where the next part starts; absent when this part reaches the end.
    package var nextOffset: Int?
    package var totalChars: Int
    package var url: String
}
