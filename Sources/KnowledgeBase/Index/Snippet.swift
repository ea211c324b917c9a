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
        /// How many Unicode scalars `text` holds.
        var scalarCount = 0
        /// Whether `text` is ASCII (then a scalar offset is a UTF-8 offset).
        var isASCII = false

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
        return Passage(text: text, words: words, isCode: isCode, scalarCount: position, isASCII: position == text.utf8.count)
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

    /// The best passage for the query terms, matched words in `**bold**`, and the facts it states: the first
    /// prose passage holding the most distinct terms (code lines only when the section has no prose).
    static func best(in passages: [Passage], terms: [String]) -> (text: String, facts: [String]) {
        guard !passages.isEmpty else { return ("", []) }
        let proseOnly = passages.contains { !$0.isCode }
        // Which terms a passage holds, one bit per term: this runs for every passage of every result.
        var matched = [UInt64](repeating: 0, count: (terms.count + 63) / 64)
        var best = -1
        var bestScore = -1
        for (position, candidate) in passages.enumerated() where !(proseOnly && candidate.isCode) {
            for index in matched.indices { matched[index] = 0 }
            for (word, _) in candidate.words {
                for (t, term) in terms.enumerated() where matches(word, term) {
                    matched[t >> 6] |= 1 << UInt64(t & 63)
                }
            }
            let score = matched.reduce(0) { $0 + $1.nonzeroBitCount }
            if score > bestScore {
                best = position
                bestScore = score
            }
        }
        return (render(passages[best], terms: terms), passages[best].facts)
    }

    /// The passage as text, cut to a window around its first match, matched words in bold.
    ///
    /// Positions are counted in Unicode scalars (the window is `maxLength` scalars); the text is copied as UTF-8
    /// slices of the passage, written once into the result.
    static func render(_ passage: Passage, terms: [String]) -> String {
        var marked: [Range<Int>] = []
        for word in passage.words where terms.contains(where: { matches(word.word, $0) }) { marked.append(word.range) }
        let count = passage.scalarCount
        var start = 0
        var end = count
        if count > maxLength {
            let first = marked.first?.lowerBound ?? 0
            start = max(0, first - maxLength / 3)
            end = min(count, start + maxLength)
            start = max(0, end - maxLength)
        }
        let shown = marked.filter { $0.lowerBound >= start && $0.upperBound <= end }
        // The scalar positions where text is cut, in order: the window's ends and each shown word's ends.
        var cuts: [Int] = [start]
        cuts.reserveCapacity(2 * shown.count + 2)
        for range in shown {
            cuts.append(range.lowerBound)
            cuts.append(range.upperBound)
        }
        cuts.append(end)
        var text = passage.text
        return text.withUTF8 { bytes in
            let offsets = passage.isASCII ? cuts : utf8Offsets(of: cuts, in: bytes)
            let capacity = offsets[offsets.count - 1] - offsets[0] + 4 * shown.count + 6
            return String(unsafeUninitializedCapacity: capacity) { output in
                var length = 0
                func copy(_ from: Int, _ to: Int) {
                    guard to > from else { return }
                    (output.baseAddress! + length).initialize(from: bytes.baseAddress! + from, count: to - from)
                    length += to - from
                }
                func append(_ byte: UInt8) {
                    output[length] = byte
                    length += 1
                }
                func ellipsis() {
                    append(0xE2)  // U+2026 …
                    append(0x80)
                    append(0xA6)
                }
                if start > 0 { ellipsis() }
                var position = offsets[0]
                for index in shown.indices {
                    let lower = offsets[1 + 2 * index], upper = offsets[2 + 2 * index]
                    copy(position, lower)
                    append(0x2A)
                    append(0x2A)
                    copy(lower, upper)
                    append(0x2A)
                    append(0x2A)
                    position = upper
                }
                copy(position, offsets[offsets.count - 1])
                if end < count { ellipsis() }
                return length
            }
        }
    }

    /// The UTF-8 offsets of ascending Unicode scalar positions in `bytes` (one pass over the bytes).
    static func utf8Offsets(of positions: [Int], in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var offsets: [Int] = []
        offsets.reserveCapacity(positions.count)
        var scalar = 0
        var offset = 0
        for position in positions {
            while scalar < position, offset < bytes.count {
                offset += 1
                while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
                scalar += 1
            }
            offsets.append(offset)
        }
        return offsets
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
