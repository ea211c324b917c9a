import Foundation

/// The published description of a rule: a stable id, a fixed severity and the docs that explain it.
package struct RuleInfo: Codable, Sendable, Equatable {
    /// Stable once published.
    package var id: String
    package var severity: Severity
    package var title: String
    /// What the rule flags.
    package var summary: String
    /// What the rule deliberately does not flag.
    package var notFlagged: String
    /// Knowledge-base ids: `anti-<id>` first, then topic docs.
    package var docs: [String]
    /// The highest confidence this rule's findings can have: `medium` by default, `low` for a rule that has not
    /// earned trust on real code (``EarnedConfidence``).
    package var confidence: Confidence

    init(id: String, severity: Severity, title: String, summary: String, notFlagged: String, topics: [String],
         confidence: Confidence = .medium) {
        self.id = id
        self.severity = severity
        self.title = title
        self.summary = summary
        self.notFlagged = notFlagged
        self.docs = ["anti-\(id)"] + topics
        self.confidence = confidence.capped(at: EarnedConfidence.cap(for: id))
    }
}

/// A check over the analysed code. Each rule lives in its own file under `Rules/`.
protocol Rule: Sendable {
    static var info: RuleInfo { get }
    func check(_ analysis: Analysis, into sink: inout FindingSink)
}

/// Collects findings, turning token positions into lines, columns and excerpts.
struct FindingSink {
    private(set) var findings: [Finding] = []

    /// Records a finding spanning tokens `from...to` of `unit`.
    ///
    /// `confidence` is capped at the rule's own (``RuleInfo/confidence``); `related` are token indices of
    /// `unit` with what each one is.
    mutating func add(_ info: RuleInfo, _ unit: SourceUnit, from: Int, to: Int? = nil, message: String, fix: String,
                      confidence: Confidence = .high, related: [(token: Int, message: String)] = []) {
        guard let first = unit.token(from) else { return }
        let last = unit.token(to ?? from) ?? first
        let endLine = unit.line(ofOffset: max(last.end - 1, last.start))
        let locations = related.compactMap { r -> RelatedLocation? in
            guard let t = unit.token(r.token), t.line != first.line else { return nil }
            return RelatedLocation(file: unit.path, line: t.line, column: unit.column(ofOffset: t.start, line: t.line), message: r.message)
        }
        add(info, file: unit.path, line: first.line, column: unit.column(ofOffset: first.start, line: first.line),
            endLine: endLine, endColumn: unit.column(ofOffset: last.end, line: endLine),
            excerpt: unit.lineText(first.line), message: message, fix: fix, confidence: confidence, related: locations)
    }

    mutating func add(_ info: RuleInfo, file: String, line: Int, column: Int, endLine: Int, endColumn: Int,
                      excerpt: String, message: String, fix: String, confidence: Confidence = .high,
                      related: [RelatedLocation] = []) {
        findings.append(Finding(
            ruleId: info.id, severity: info.severity, title: info.title, message: message, file: file, line: line,
            column: column, endLine: max(line, endLine), endColumn: endColumn,
            excerpt: excerpt.trimmingCharacters(in: .whitespaces), fix: fix, docs: info.docs,
            confidence: confidence.capped(at: info.confidence), relatedLocations: related))
    }
}
