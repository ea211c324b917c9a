/// The result of a review; encodes exactly to `Schemas/reviewCode.output.json`.
package struct ReviewReport: Codable, Sendable {
    /// Findings sorted by severity, then file, line and column; at most `maxFindings`.
    package var findings: [Finding]
    /// True when findings were cut to `maxFindings`.
    package var truncated: Bool
    /// The number of findings before the cut.
    package var totalFindings: Int
    package var checklist: [ChecklistItem]
    package var summary: Summary

    /// True when any error-severity finding was reported (before truncation).
    package var hasErrors: Bool { summary.counts.error > 0 }
}
