/// The result of a review; encodes exactly to `Schemas/reviewCode.output.json`.
package struct ReviewReport: Codable, Sendable {
    /// Findings sorted by severity, then file, line and column; at most `maxFindings`.
    package var findings: [Finding]
    /// True when findings were cut to `maxFindings`.
    package var truncated: Bool
    /// The number of findings before the cut.
    package var totalFindings: Int
    /// Where the next page of findings starts (`offset` of the next request); `null` on the last page.
    package var nextOffset: Int?
    package var checklist: [ChecklistItem]
    package var summary: Summary

    /// True when any error-severity finding was reported (before truncation).
    package var hasErrors: Bool { summary.counts.error > 0 }

    /// Every member, `nextOffset` as `null` on the last page (the output schema makes every member required).
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(findings, forKey: .findings)
        try container.encode(truncated, forKey: .truncated)
        try container.encode(totalFindings, forKey: .totalFindings)
        try container.encode(nextOffset, forKey: .nextOffset)
        try container.encode(checklist, forKey: .checklist)
        try container.encode(summary, forKey: .summary)
    }
}
