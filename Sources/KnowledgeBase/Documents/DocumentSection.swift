/// A part of a doc under one `##` heading (or the introduction before the first one).
package struct DocumentSection: Sendable, Hashable {
    /// The heading text without `##`; "Overview" for the introduction.
    package var heading: String
    /// The heading as a URL-style slug (`what-happens-when-an-alarm-throws`).
    package var slug: String
    /// The section's Markdown, heading line included.
    package var markdown: String
    /// The section's text as indexed: Markdown without the `Sources:` lines.
    package var indexText: String
    /// The official URLs of the section's `Sources:` line, in order.
    package var sourceURLs: [String]
    /// `indexText` as written, fact references unexpanded (snippets find the facts they state from it).
    package var rawIndexText: String = ""
    /// The ids of the facts the section states, in order of first use.
    package var facts: [String] = []

    /// The line that exempts the block below it, up to the next blank line, from the facts lint (worked
    /// examples and arithmetic). It is removed from what readers see.
    package static let exampleMark = "<!-- example -->"

    /// The section with its fact references expanded.
    func expanding(_ sheet: FactSheet, file: String) throws -> DocumentSection {
        var copy = self
        copy.rawIndexText = Self.removingLintMarks(indexText)
        let index = try sheet.expand(copy.rawIndexText, file: file)
        copy.indexText = index.text
        copy.markdown = Self.removingLintMarks(try sheet.expand(markdown, file: file).text)
        copy.facts = index.facts
        return copy
    }

    /// The text without its `<!-- example -->` lines.
    static func removingLintMarks(_ text: String) -> String {
        guard text.contains(exampleMark) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.trimmingSpaces() != exampleMark }.joined(separator: "\n")
    }

    /// Splits a Markdown body at `##` headings that are outside fenced code blocks.
    static func split(markdown: String) -> [DocumentSection] {
        var sections: [DocumentSection] = []
        var heading = "Overview"
        var lines: [Substring] = []
        var inFence = false
        func flush() {
            let text = lines.joined(separator: "\n").trimmingSpacesAndNewlines()
            if !text.isEmpty || heading != "Overview" {
                sections.append(make(heading: heading, markdown: text))
            }
            lines = []
        }
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle() }
            if !inFence, line.hasPrefix("## ") {
                flush()
                heading = String(line.dropFirst(3)).trimmingSpaces()
            }
            lines.append(line)
        }
        flush()
        return sections
    }

    static func make(heading: String, markdown: String) -> DocumentSection {
        var kept: [Substring] = []
        var urls: [String] = []
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingSpaces()
            if trimmed.hasPrefix("## ") || (trimmed.hasPrefix("# ") && kept.isEmpty) { continue }
            if trimmed.hasPrefix("Sources:") || trimmed.hasPrefix("Source:") {
                urls += urlsIn(trimmed)
            } else {
                kept.append(line)
            }
        }
        let indexText = kept.joined(separator: "\n")
        return DocumentSection(
            heading: heading, slug: slug(heading), markdown: markdown,
            indexText: indexText, sourceURLs: urls, rawIndexText: indexText)
    }

    static func urlsIn(_ line: String) -> [String] {
        line.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "(" || $0 == ")" || $0 == "<" || $0 == ">" })
            .filter { $0.hasPrefix("http://") || $0.hasPrefix("https://") }
            .map { String($0).trimmingTrailingPunctuation() }
    }

    /// Lowercase letters and digits joined by single dashes.
    package static func slug(_ text: String) -> String {
        var result = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingDash && !result.isEmpty { result.append("-") }
                result.unicodeScalars.append(scalar)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        return result
    }
}

extension StringProtocol {
    func trimmingSpacesAndNewlines() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }

    func trimmingTrailingPunctuation() -> String {
        var slice = Substring(self)
        while let last = slice.last, ".;:".contains(last) { slice.removeLast() }
        return String(slice)
    }
}
