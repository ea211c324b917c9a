import Foundation

/// Picks the passage of a section that best answers a query: the sentence holding the most distinct query
/// words (as FTS5 matched them, stemming included), not the section's first lines.
enum Snippet {
    static let open = "\u{2}"
    static let close = "\u{3}"
    static let maxLength = 320

    /// The best sentence of `highlighted` (a section body with matches wrapped in ``open``/``close``),
    /// with matches rendered as `**bold**`.
    static func best(from highlighted: String, terms: [String]) -> String {
        var prose: [String] = []
        var code: [String] = []
        var inFence = false
        for rawLine in highlighted.split(separator: "\n") {
            let line = rawLine.trimmingSpaces()
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle(); continue }
            if line.isEmpty || line.allSatisfy({ "|-: ".contains($0) }) { continue }
            if inFence { code.append(line); continue }
            prose += sentences(in: clean(line))
        }
        let candidates = prose.isEmpty ? code : prose
        guard !candidates.isEmpty else { return "" }
        var best = candidates[0]
        var bestScore = -1
        for candidate in candidates {
            let score = matchedWords(in: candidate).count
            if score > bestScore {
                best = candidate
                bestScore = score
            }
        }
        return render(trim(best))
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

    static func matchedWords(in sentence: String) -> Set<String> {
        var words: Set<String> = []
        var rest = Substring(sentence)
        while let start = rest.firstIndex(of: Character(open)) {
            let after = rest[rest.index(after: start)...]
            guard let end = after.firstIndex(of: Character(close)) else { break }
            words.insert(after[..<end].lowercased())
            rest = after[after.index(after: end)...]
        }
        return words
    }

    /// Cuts a long sentence to a window around its first match.
    static func trim(_ sentence: String) -> String {
        let characters = Array(sentence)
        guard characters.count > maxLength else { return sentence }
        let first = characters.firstIndex(of: Character(open)) ?? 0
        var start = max(0, first - maxLength / 3)
        var end = min(characters.count, start + maxLength)
        start = max(0, end - maxLength)
        // Never cut inside a marked word.
        while start > 0, characters[start..<first].contains(Character(close)) == false,
              characters[..<start].lastIndex(of: Character(open)).map({ o in
                  !(characters[o..<start].contains(Character(close)))
              }) == true {
            start -= 1
        }
        while end < characters.count, let o = characters[..<end].lastIndex(of: Character(open)),
              !characters[o..<end].contains(Character(close)) {
            end += 1
        }
        return (start > 0 ? "…" : "") + String(characters[start..<end]) + (end < characters.count ? "…" : "")
    }

    static func render(_ text: String) -> String {
        text.replacingOccurrences(of: open, with: "**").replacingOccurrences(of: close, with: "**")
    }
}
