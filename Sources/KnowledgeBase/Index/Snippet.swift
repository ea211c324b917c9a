/// Picks the passage of a section that best answers a query: the sentence holding the most distinct query
/// words, not the section's first lines. Passages are cut once, when the docs are loaded.
enum Snippet {
    static let maxLength = 320

    /// One sentence (or table row, or list item) of a section, with its words for matching.
    struct Passage: Sendable, Hashable {
        var text: String
        /// Lowercase words of `text` with their ranges in Unicode scalars, in order.
        var words: [(word: String, range: Range<Int>)]
        var isCode: Bool
        /// The ids of the facts the passage states.
        var facts: [String] = []

        static func == (a: Passage, b: Passage) -> Bool { a.text == b.text && a.isCode == b.isCode }
        func hash(into hasher: inout Hasher) { hasher.combine(text) }
    }

    /// Cuts a section body into passages: prose sentences (a paragraph's lines joined first, since docs wrap
    /// their lines), table rows and list items; code lines apart.
    /// Fact references (`{{id}}`) in `body` are expanded with `facts`, and each passage records the facts it states.
    static func passages(of body: String, facts: FactSheet = FactSheet()) -> [Passage] {
        func make(_ text: String, isCode: Bool) -> Passage {
            guard text.contains("{{"), let expanded = try? facts.expand(text, file: "") else { return Self.make(text, isCode: isCode) }
            var passage = Self.make(expanded.text, isCode: isCode)
            passage.facts = expanded.facts
            return passage
        }
        var result: [Passage] = []
        var inFence = false
        var paragraph = ""
        func flush() {
            if !paragraph.isEmpty { result += sentences(in: paragraph).map { make($0, isCode: false) } }
            paragraph = ""
        }
        for rawLine in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingSpaces()
            if line.hasPrefix("```") || line.hasPrefix("~~~") { flush(); inFence.toggle(); continue }
            if inFence {
                if !line.isEmpty { result.append(make(line, isCode: true)) }
                continue
            }
            if line.isEmpty || line.allSatisfy({ "|-: ".contains($0) }) { flush(); continue }
            let startsBlock = line.hasPrefix("#") || line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("|")
                || line.hasPrefix(">") || (line.first?.isNumber == true && line.contains(". "))
            if startsBlock { flush() }
            let text = clean(line)
            paragraph += paragraph.isEmpty ? text : " " + text
            if line.hasPrefix("|") || line.hasPrefix("#") { flush() }
        }
        flush()
        return result
    }

    static func make(_ text: String, isCode: Bool) -> Passage {
        var words: [(String, Range<Int>)] = []
        var current = ""
        var start = 0
        var position = 0
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if current.isEmpty { start = position }
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append((current.lowercased(), start..<position))
                current = ""
            }
            position += 1
        }
        if !current.isEmpty { words.append((current.lowercased(), start..<position)) }
        return Passage(text: text, words: words, isCode: isCode)
    }

    /// Whether a word of the text stands for a query term: the same word, a longer form of it (a prefix match,
    /// as the index does), or the same root (`retries`/`retry`, `throws`/`throw`).
    static func matches(_ word: String, _ term: String) -> Bool {
        // Byte-wise on UTF-8: both are lowercase words, and this runs for every word of every candidate passage.
        let w = word.utf8, t = term.utf8
        var common = 0
        var a = w.startIndex, b = t.startIndex
        while a != w.endIndex, b != t.endIndex, w[a] == t[b] {
            common += 1
            a = w.index(after: a)
            b = t.index(after: b)
        }
        if common == t.count && (common == w.count || common >= 3) { return true }
        return common >= max(4, min(w.count, t.count) - 2)
    }

    /// The best passage for the query terms, matched words in `**bold**`, and the facts it states.
    static func best(in passages: [Passage], terms: [String]) -> (text: String, facts: [String]) {
        let prose = passages.filter { !$0.isCode }
        let candidates = prose.isEmpty ? passages : prose
        guard !candidates.isEmpty else { return ("", []) }
        var best = candidates[0]
        var bestScore = -1
        for candidate in candidates {
            var matched = Set<String>()
            for (word, _) in candidate.words {
                for term in terms where matches(word, term) { matched.insert(term) }
            }
            if matched.count > bestScore {
                best = candidate
                bestScore = matched.count
            }
        }
        return (render(best, terms: terms), best.facts)
    }

    /// The passage as text, cut to a window around its first match, matched words in bold.
    static func render(_ passage: Passage, terms: [String]) -> String {
        let characters = Array(passage.text.unicodeScalars)
        let marked = passage.words.filter { word in terms.contains { matches(word.word, $0) } }.map(\.range)
        var start = 0
        var end = characters.count
        if characters.count > maxLength {
            let first = marked.first?.lowerBound ?? 0
            start = max(0, first - maxLength / 3)
            end = min(characters.count, start + maxLength)
            start = max(0, end - maxLength)
        }
        var text = start > 0 ? "…" : ""
        var position = start
        for range in marked where range.lowerBound >= start && range.upperBound <= end {
            text += String(String.UnicodeScalarView(characters[position..<range.lowerBound]))
            text += "**" + String(String.UnicodeScalarView(characters[range])) + "**"
            position = range.upperBound
        }
        text += String(String.UnicodeScalarView(characters[position..<end]))
        return text + (end < characters.count ? "…" : "")
    }

    /// Strips Markdown decoration that reads badly in a one-line snippet.
    static func clean(_ line: String) -> String {
        var text = line
        while text.hasPrefix("#") || text.hasPrefix(">") { text.removeFirst() }
        if text.hasPrefix("- ") || text.hasPrefix("* ") { text.removeFirst(2) }
        if text.hasPrefix("|") {
            text = text.split(separator: "|").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: " · ")
        }
        return text.trimmingSpaces()
    }

    /// Splits a line after `.`, `?` or `!` followed by a space.
    static func sentences(in line: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previous: Character = " "
        for character in line {
            if character == " ", ".?!".contains(previous), current.count > 20 {
                result.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        if !current.trimmingSpaces().isEmpty { result.append(current) }
        return result
    }
}
