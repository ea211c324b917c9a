import Foundation

/// Every fact of the knowledge base (`Knowledge/facts.json`), and the expansion of fact references in docs.
///
/// A doc writes `{{id}}` where a fact's value goes (it becomes `10 GB`) and `{{id:dispute}}` where a disputed
/// fact's other side goes (it becomes a `**Disputed:**` sentence naming both sources).
package struct FactSheet: Sendable {
    /// The facts in file order.
    package let facts: [Fact]
    private let byID: [String: Int]

    /// The file that holds the facts, relative to the package root.
    package static let path = "Knowledge/facts.json"

    /// An empty sheet: docs that refer to no fact still load.
    package init() {
        facts = []
        byID = [:]
    }

    /// Parses and checks the facts file.
    /// - Throws: ``KnowledgeBaseError/Code/invalidFacts`` naming the fact and the problem.
    package init(json: String, file: String = FactSheet.path) throws {
        struct File: Decodable { var facts: [Fact] }
        let decoded: File
        do {
            decoded = try JSONDecoder().decode(File.self, from: Data(json.utf8))
        } catch {
            throw KnowledgeBaseError(code: .invalidFacts, message: "\(file) is not a valid facts file: \(error)")
        }
        var byID: [String: Int] = [:]
        for (position, fact) in decoded.facts.enumerated() {
            func fail(_ problem: String) -> KnowledgeBaseError {
                KnowledgeBaseError(code: .invalidFacts, message: "\(file): fact `\(fact.id)` \(problem).")
            }
            guard Self.isSlug(fact.id) else {
                throw fail("needs an id of lowercase words joined by `-`")
            }
            guard byID[fact.id] == nil else { throw fail("is defined twice") }
            for (name, date) in [("changed", fact.changed), ("checked", fact.checked)] where !Self.isDate(date) {
                throw fail("has `\(name)` \"\(date)\"; write YYYY-MM-DD")
            }
            guard !fact.value.isEmpty, !fact.statement.isEmpty else { throw fail("needs a value and a statement") }
            guard fact.url.hasPrefix("https://") else { throw fail("needs the official https URL that states it") }
            guard (fact.status == .disputed) == (fact.dispute != nil) else {
                throw fail(fact.status == .disputed ? "is disputed but gives no `dispute` (the other side and its source)" : "has a `dispute` but is not marked disputed")
            }
            byID[fact.id] = position
        }
        self.facts = decoded.facts
        self.byID = byID
    }

    /// The fact with this id, if any.
    package func fact(id: String) -> Fact? { byID[id].map { facts[$0] } }

    /// Whether a string is a date `YYYY-MM-DD`: what `^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`
    /// matches (checked by hand: compiling that pattern on every call cost more than the rest of a search).
    package static func isDate(_ text: String) -> Bool {
        let b = Array(withoutFinalLineBreak(text).utf8)
        func digit(_ i: Int, _ range: ClosedRange<UInt8> = 0x30...0x39) -> Bool { range.contains(b[i]) }
        guard b.count == 10, b[0] == 0x32, b[1] == 0x30, digit(2), digit(3), b[4] == 0x2D, b[7] == 0x2D else { return false }
        let month = b[5] == 0x30 ? digit(6, 0x31...0x39) : (b[5] == 0x31 && digit(6, 0x30...0x32))
        let day = b[8] == 0x30 ? digit(9, 0x31...0x39) : (b[8] == 0x31 || b[8] == 0x32) ? digit(9) : (b[8] == 0x33 && digit(9, 0x30...0x31))
        return month && day
    }

    /// Whether a string is an id of lowercase words and digits joined by single `-`: what
    /// `^[a-z0-9]+(-[a-z0-9]+)*$` matches.
    package static func isSlug(_ text: String) -> Bool {
        let b = Array(withoutFinalLineBreak(text).utf8)
        guard let first = b.first, let last = b.last, first != 0x2D, last != 0x2D else { return false }
        var previous: UInt8 = 0
        for byte in b {
            guard (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D else { return false }
            if byte == 0x2D, previous == 0x2D { return false }
            previous = byte
        }
        return true
    }

    /// The text without one final line break: a pattern's `$` (ICU, not multiline) also matches before one.
    private static func withoutFinalLineBreak(_ text: String) -> Substring {
        let scalars = text.unicodeScalars
        if scalars.count >= 2, scalars.suffix(2).elementsEqual(["\r", "\n"]) { return Substring(scalars.dropLast(2)) }
        if let last = scalars.last, ["\n", "\u{0B}", "\u{0C}", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(last) {
            return Substring(scalars.dropLast())
        }
        return Substring(text)
    }

    // MARK: - References

    /// A reference `{{id}}` or `{{id:dispute}}` found in a text.
    package struct Reference: Sendable, Equatable {
        package var id: String
        package var isDispute: Bool
        /// Where the reference (braces included) sits in the text.
        package var range: Range<String.Index>
    }

    /// Every fact reference in a text, in order.
    package static func references(in text: String) -> [Reference] {
        var result: [Reference] = []
        var searchStart = text.startIndex
        while let open = text.range(of: "{{", range: searchStart..<text.endIndex) {
            guard let close = text.range(of: "}}", range: open.upperBound..<text.endIndex) else { break }
            let inner = text[open.upperBound..<close.lowerBound]
            let (id, isDispute) = inner.hasSuffix(":dispute") ? (String(inner.dropLast(8)), true) : (String(inner), false)
            if isSlug(id) {
                result.append(Reference(id: id, isDispute: isDispute, range: open.lowerBound..<close.upperBound))
                searchStart = close.upperBound
            } else {
                searchStart = open.upperBound
            }
        }
        return result
    }

    /// The text with every reference replaced, and the ids of the facts it states, in order, without repeats.
    /// - Throws: ``KnowledgeBaseError/Code/invalidDocument`` for a reference to an unknown fact, naming `file`.
    package func expand(_ text: String, file: String) throws -> (text: String, facts: [String]) {
        let references = Self.references(in: text)
        guard !references.isEmpty else { return (text, []) }
        var output = ""
        var ids: [String] = []
        var position = text.startIndex
        for reference in references {
            guard let fact = fact(id: reference.id) else {
                throw KnowledgeBaseError.invalidDocument(file, "it refers to the unknown fact `\(reference.id)`; facts live in \(Self.path)")
            }
            output += text[position..<reference.range.lowerBound]
            if reference.isDispute {
                guard let dispute = fact.dispute else {
                    throw KnowledgeBaseError.invalidDocument(file, "`{{\(fact.id):dispute}}` names a fact that is not disputed")
                }
                output += "**Disputed:** \(dispute.statement) (\(fact.url); \(dispute.url))"
            } else {
                output += fact.display
            }
            if !ids.contains(fact.id) { ids.append(fact.id) }
            position = reference.range.upperBound
        }
        output += text[position...]
        return (output, ids)
    }
}
