import Foundation

/// Precision and recall of reviewer findings against hand-written labels, overall and per rule.
///
/// A finding counts for a label of the same rule in the same file when the label's line is within
/// ``tolerance`` lines of the finding's line or of one of its related locations. Each label is counted once and
/// each finding once; a finding that matches no label is a false positive, a label no finding matches is a miss.
package struct CorpusScore: Sendable {
    /// How far (in lines) a finding may be from its label.
    package static let tolerance = 3

    /// Figures for one rule, or for all rules together.
    package struct Tally: Sendable, Equatable {
        package var labels = 0
        package var findings = 0
        package var matched = 0

        package init(labels: Int = 0, findings: Int = 0, matched: Int = 0) {
            self.labels = labels
            self.findings = findings
            self.matched = matched
        }

        package var precision: Double { findings == 0 ? 1 : Double(matched) / Double(findings) }
        package var recall: Double { labels == 0 ? 1 : Double(matched) / Double(labels) }
    }

    /// A finding or label that did not match, for the report.
    package struct Miss: Sendable, Equatable {
        package var caseId: String
        package var file: String
        package var line: Int
        package var rule: String
        package var confidence: Confidence?
    }

    package private(set) var total = Tally()
    package private(set) var byRule: [String: Tally] = [:]
    package private(set) var falsePositives: [Miss] = []
    package private(set) var missed: [Miss] = []
    /// Findings that matched a label (the finding's own file, line, rule and confidence).
    package private(set) var hits: [Miss] = []

    package init() {}

    /// Adds one case: the labels of its files and the findings the reviewer reported for it.
    package mutating func add(caseId: String, labels: [(file: String, label: RealWorldManifest.Label)], findings: [Finding]) {
        var open = labels
        for f in findings {
            var tally = byRule[f.ruleId, default: Tally()]
            tally.findings += 1
            total.findings += 1
            let lines = [f.line] + f.relatedLocations.filter { $0.file == f.file }.map(\.line)
            if let k = open.firstIndex(where: { l in
                l.label.rule == f.ruleId && l.file == f.file && lines.contains { abs($0 - l.label.line) <= Self.tolerance }
            }) {
                open.remove(at: k)
                hits.append(Miss(caseId: caseId, file: f.file, line: f.line, rule: f.ruleId, confidence: f.confidence))
                tally.matched += 1
                total.matched += 1
            } else {
                falsePositives.append(Miss(caseId: caseId, file: f.file, line: f.line, rule: f.ruleId, confidence: f.confidence))
            }
            byRule[f.ruleId] = tally
        }
        for l in labels {
            byRule[l.label.rule, default: Tally()].labels += 1
            total.labels += 1
        }
        missed += open.map { Miss(caseId: caseId, file: $0.file, line: $0.label.line, rule: $0.label.rule, confidence: nil) }
    }

    /// Scores `cases`, reviewing each through `review`.
    package static func score(_ cases: [RealWorldManifest.Case], review: (RealWorldManifest.Case) throws -> [Finding]) rethrows -> CorpusScore {
        var score = CorpusScore()
        for c in cases {
            let labels = c.files.flatMap { f in f.labels.map { (file: f.path, label: $0) } }
            score.add(caseId: c.id, labels: labels, findings: try review(c))
        }
        return score
    }

    /// The per-rule table in Markdown: rule, labels, findings, matched, precision, recall.
    package func table() -> String {
        var lines = ["| rule | labels | findings | matched | precision | recall |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for rule in byRule.keys.sorted() {
            let t = byRule[rule]!
            lines.append("| `\(rule)` | \(t.labels) | \(t.findings) | \(t.matched) | \(Self.figure(t.findings, t.precision)) | \(Self.figure(t.labels, t.recall)) |")
        }
        lines.append("| all | \(total.labels) | \(total.findings) | \(total.matched) | \(Self.figure(total.findings, total.precision)) | \(Self.figure(total.labels, total.recall)) |")
        return lines.joined(separator: "\n")
    }

    private static func figure(_ denominator: Int, _ value: Double) -> String {
        denominator == 0 ? "–" : String(format: "%.2f", value)
    }
}
