import CodeReview
import Testing

/// A snippet and the rule it should (or should not) trigger, for table-driven rule tests.
struct RuleExample: CustomTestStringConvertible, Sendable {
    var rule: String
    var note: String
    var code: String
    var path = "input.ts"
    var wrangler: String?
    var wranglerPath = "wrangler.toml"

    var testDescription: String { "\(rule): \(note)" }

    /// The rule's findings at any confidence: a mistake must be found, and a clean example must stay silent even
    /// at `low`.
    func findings() -> [Finding] {
        let request = ReviewRequest(files: [SourceFile(path: path, content: code)],
                                    wrangler: wrangler.map { SourceFile(path: wranglerPath, content: $0) }, maxFindings: 1000,
                                    minConfidence: .low)
        return Reviewer().review(request).findings.filter { $0.ruleId == rule }
    }
}
