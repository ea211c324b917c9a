/// Rules that have not yet earned trust on real code, and so report at `low` confidence (hidden by default).
///
/// A rule lands here when it made at least 5 findings on the development half of the real-world corpus
/// (`Tests/CodeReviewTests/RealWorld/manifest.json`) and fewer than 80 % of them matched a label; it leaves
/// when a re-measurement shows it has earned more. The figures behind each entry are in `docs/code-review.md`.
package enum EarnedConfidence {
    /// Rule id → the highest confidence its findings may have.
    static let caps: [String: Confidence] = [:]

    /// The highest confidence findings of `ruleId` may have.
    package static func cap(for ruleId: String) -> Confidence { caps[ruleId] ?? .high }
}
