/// Turns any text a person types into a safe FTS5 match expression.
///
/// The text is cut into words (letters and digits); quotes, punctuation, FTS5 operators, column filters and
/// SQL fragments are never passed through, so no input can cause a syntax error. Common English words are
/// dropped, DO vocabulary is widened with ``Synonyms``, long words also match as prefixes, and the terms are
/// joined with `OR` so that BM25 ranks sections by how many of them, and how rare, they contain.
struct QueryBuilder: Sendable {
    struct Query: Sendable, Equatable {
        /// The words kept from the user's text, in order.
        var terms: [String]
        /// The FTS5 match expression.
        var expression: String
        /// The terms and their one-word synonyms, for marking matches in snippets.
        var highlightTerms: [String]
    }

    static let stopWords: Set<String> = [
        "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "am", "to", "of", "in", "on", "at",
        "for", "with", "and", "or", "but", "if", "then", "so", "my", "me", "i", "im", "it", "its", "this", "that",
        "these", "those", "how", "what", "why", "when", "where", "which", "who", "whom", "can", "could", "should",
        "would", "will", "shall", "may", "might", "must", "do", "does", "did", "done", "doing", "dont", "doesnt",
        "you", "your", "we", "our", "they", "them", "their", "there", "here", "from", "by", "as", "about", "into",
        "any", "some", "all", "just", "get", "got", "have", "has", "had", "not", "no", "yes", "vs", "versus",
        "use", "using", "used", "need", "want", "way", "best", "ok", "okay", "s", "t", "also", "than", "much",
        "many", "very", "really", "happen", "happens", "one", "thing", "things", "like", "make", "please", "tell",
    ]

    /// Splits text into lowercase words of letters and digits.
    static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.filter { $0.count <= 64 }
    }

    /// Words so common in Durable Objects docs that they tell sections apart no better than "the" does.
    static let domainStopWords: Set<String> = ["durable", "object", "objects", "dos", "cloudflare"]

    /// Builds the match expression, or `nil` when the text holds no word at all.
    ///
    /// - Parameter vocabulary: every word of the corpus as written; a term found there is matched as a word
    ///   (the porter stemmer already covers its other forms), any other term as a prefix (a partial word).
    static func build(_ text: String, vocabulary: Set<String> = []) -> Query? {
        let all = words(in: text)
        guard !all.isEmpty else { return nil }
        var terms: [String] = []
        for word in all where !stopWords.contains(word) && !domainStopWords.contains(word) && !terms.contains(word) {
            terms.append(word)
        }
        if terms.isEmpty { terms = Array(Set(all)).sorted() }
        terms = Array(terms.prefix(32))

        var clauses: [String] = []
        for term in terms {
            let isPartial = vocabulary.isEmpty ? term.count >= 5 : !vocabulary.contains(term)
            var alternatives = [quoted(term, prefix: term.count >= 3 && isPartial)]
            for synonym in Synonyms.expansions(of: term, in: terms) where !terms.contains(synonym) {
                alternatives.append(synonym.contains(" ") ? phrase(synonym) : quoted(synonym, prefix: false))
            }
            clauses.append(alternatives.count == 1 ? alternatives[0] : "(" + alternatives.joined(separator: " OR ") + ")")
        }
        for pair in Synonyms.phraseExpansions(in: all) where !terms.contains(pair) {
            clauses.append(pair.contains(" ") ? phrase(pair) : quoted(pair, prefix: false))
        }
        var highlight = terms
        for term in terms {
            for synonym in Synonyms.expansions(of: term, in: terms) where !synonym.contains(" ") && !highlight.contains(synonym) {
                highlight.append(synonym)
            }
        }
        return Query(terms: terms, expression: clauses.joined(separator: " OR "), highlightTerms: highlight)
    }

    static func quoted(_ word: String, prefix: Bool) -> String {
        "\"" + word + "\"" + (prefix ? "*" : "")
    }

    static func phrase(_ words: String) -> String {
        "\"" + words.split(separator: " ").joined(separator: " ") + "\""
    }
}
