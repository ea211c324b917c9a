import Foundation

/// The rules that keep the bundled docs from contradicting themselves: every number with a unit is a fact
/// reference, every fact is used, and a disputed fact is never shown without its dispute.
///
/// Exempt from the number rule: fenced code, inline code, URLs, `Sources:` lines, and the block under a
/// `<!-- example -->` line (worked examples and arithmetic), up to the next blank line.
package enum FactsLint {
    /// A number with a unit (`10 GB`, `30 seconds`, `200–500 rps`, `$0.15`, `25%`) or a date (`2026-07-02`).
    static let numberWithUnit: NSRegularExpression = {
        let units = [
            "ms", "µs", "s", "secs?", "seconds?", "minutes?", "mins?", "h", "hours?", "days?", "weeks?", "months?",
            "years?", "KB", "KiB", "MB", "MiB", "GB-s", "GB-month", "GB", "GiB", "TB", "bytes?", "B", "rps", "requests?",
            "req/s", "characters?", "chars?", "keys?", "tags?", "retries", "connections", "columns", "parameters",
            "arguments", "objects", "classes", "messages", "rows",
        ].joined(separator: "|")
        let number = "\\d[\\d,]*(?:\\.\\d+)?"
        let pattern = "(?<![\\w.\\-/^])(?:\\$\\s?\\d[\\d,]*(?:\\.\\d+)?(?:\\s?[–-]\\s?\\$\\d[\\d,]*(?:\\.\\d+)?)?|\(number)(?:\\s?[–-]\\s?\(number))?\\s?(?:\(units))\\b|\(number)%|20\\d\\d-\\d\\d-\\d\\d)"
        return try! NSRegularExpression(pattern: pattern)
    }()

    /// The numbers with a unit in a doc body that are not fact references, as `line N: "text"`.
    package static func untaggedNumbers(in body: String) -> [String] {
        var problems: [String] = []
        var inFence = false
        var inExample = false
        for (offset, raw) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingSpaces()
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle(); continue }
            if line == DocumentSection.exampleMark { inExample = true; continue }
            if line.isEmpty { inExample = false; continue }
            if inFence || inExample || line.hasPrefix("Sources:") || line.hasPrefix("Source:") { continue }
            var text = line
            for reference in FactSheet.references(in: text).reversed() { text.replaceSubrange(reference.range, with: "FACT") }
            text = text.replacingOccurrences(of: "`[^`]*`", with: "CODE", options: .regularExpression)
            text = text.replacingOccurrences(of: "https?://[^\\s)>,]+", with: "URL", options: .regularExpression)
            let range = NSRange(text.startIndex..., in: text)
            for match in numberWithUnit.matches(in: text, range: range) {
                if let found = Range(match.range, in: text) { problems.append("line \(offset + 1): \"\(text[found])\"") }
            }
        }
        return problems
    }

    /// Every problem of the bundled docs against the facts, one sentence each; empty when all is well.
    /// - Parameter documents: each doc's file name and full text (front matter included).
    package static func problems(documents: [(file: String, text: String)], facts: FactSheet) -> [String] {
        var problems: [String] = []
        var used: Set<String> = []
        for document in documents {
            guard let (matter, body) = try? FrontMatter.split(document.text, file: document.file) else {
                problems.append("\(document.file): no front matter")
                continue
            }
            for number in untaggedNumbers(in: (matter.scalars["summary"] ?? "") + "\n\n" + body) {
                problems.append("\(document.file) \(number) is a number with a unit but not a fact reference ({{id}} from \(FactSheet.path)); mark a worked example with \(DocumentSection.exampleMark)")
            }
            for section in DocumentSection.split(markdown: body) {
                let references = FactSheet.references(in: section.markdown)
                used.formUnion(references.map(\.id))
                let disputes = Set(references.filter(\.isDispute).map(\.id))
                for reference in references where !reference.isDispute {
                    guard let fact = facts.fact(id: reference.id) else {
                        problems.append("\(document.file) § \(section.heading): unknown fact `\(reference.id)`")
                        continue
                    }
                    if fact.status == .disputed, !disputes.contains(fact.id) {
                        problems.append("\(document.file) § \(section.heading): disputed fact `\(fact.id)` is shown without its dispute; add {{\(fact.id):dispute}} to the section")
                    }
                    if fact.status == .unverified, !section.markdown.lowercased().contains("unverified") {
                        problems.append("\(document.file) § \(section.heading): unverified fact `\(fact.id)` is shown without saying it is unverified")
                    }
                }
            }
        }
        for fact in facts.facts where !used.contains(fact.id) {
            problems.append("\(FactSheet.path): fact `\(fact.id)` is used by no doc; refer to it or remove it")
        }
        return problems
    }
}
