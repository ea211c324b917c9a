/// Rules that have not yet earned trust on real code, and so report at `low` confidence (hidden by default).
///
/// A rule lands here when it made at least 5 findings on the development half of the real-world corpus
/// (`Tests/CodeReviewTests/RealWorld/manifest.json`) and fewer than 80 % of them matched a label; it leaves
/// when a re-measurement shows it has earned more. The figures behind each entry are in `docs/code-review.md`.
package enum EarnedConfidence {
    /// Rule id → the highest confidence its findings may have: ``earned(from:)`` of the development half, at
    /// `minConfidence: low`, after the rules were tuned (2026-12-04: no rule qualifies; before tuning,
    /// `unbounded-list` with 6 findings at 0.50 and `unpersisted-state` with 6 at 0.33 did).
    static let caps: [String: Confidence] = [:]

    /// At least this many findings on the development half before a rule's precision is judged.
    package static let minimumFindings = 5
    /// Below this precision on the development half a rule reports at `low`.
    package static let minimumPrecision = 0.8

    /// The caps a score implies: `low` for every rule with at least ``minimumFindings`` findings and a precision
    /// below ``minimumPrecision``.
    package static func earned(from score: CorpusScore) -> [String: Confidence] {
        var caps: [String: Confidence] = [:]
        for (rule, tally) in score.byRule where tally.findings >= minimumFindings && tally.precision < minimumPrecision {
            caps[rule] = .low
        }
        return caps
    }

    /// The highest confidence findings of `ruleId` may have.
    package static func cap(for ruleId: String) -> Confidence { caps[ruleId] ?? .high }
}
