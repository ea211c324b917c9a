import CodeReview
import Foundation
import Testing

/// Matching findings to labels for the real-world figures.
struct CorpusScoreTests {
    static func finding(_ rule: String, _ file: String, _ line: Int, related: [Int] = []) -> Finding {
        Finding(ruleId: rule, severity: .warning, title: "", message: "", file: file, line: line, column: 1, endLine: line,
                endColumn: 2, excerpt: "", fix: "", docs: [],
                relatedLocations: related.map { RelatedLocation(file: file, line: $0, column: 1, message: "") })
    }

    static func label(_ rule: String, _ line: Int) -> RealWorldManifest.Label {
        RealWorldManifest.Label(rule: rule, line: line, why: "")
    }

    @Test(arguments: [(10, true), (13, true), (7, true), (14, false), (6, false)])
    func findingMatchesALabelWithinThreeLines(findingLine: Int, matches: Bool) {
        var score = CorpusScore()
        score.add(caseId: "c", labels: [("a.ts", Self.label("unbounded-list", 10))], findings: [Self.finding("unbounded-list", "a.ts", findingLine)])
        #expect(score.total.matched == (matches ? 1 : 0))
        #expect(score.total.findings == 1 && score.total.labels == 1)
        #expect(score.falsePositives.count == (matches ? 0 : 1))
        #expect(score.missed.count == (matches ? 0 : 1))
    }

    @Test func aRelatedLocationNearTheLabelCounts() {
        var score = CorpusScore()
        score.add(caseId: "c", labels: [("a.ts", Self.label("unpersisted-state", 40))],
                  findings: [Self.finding("unpersisted-state", "a.ts", 5, related: [41])])
        #expect(score.total.matched == 1)
    }

    @Test func ruleAndFileMustBeTheSame() {
        var score = CorpusScore()
        score.add(caseId: "c", labels: [("a.ts", Self.label("unbounded-list", 10))],
                  findings: [Self.finding("rmw-across-await", "a.ts", 10), Self.finding("unbounded-list", "b.ts", 10)])
        #expect(score.total.matched == 0)
        #expect(score.falsePositives.count == 2)
        #expect(score.byRule["unbounded-list"] == CorpusScore.Tally(labels: 1, findings: 1, matched: 0))
    }

    @Test func eachLabelIsMatchedOnce() {
        var score = CorpusScore()
        score.add(caseId: "c", labels: [("a.ts", Self.label("timer-scheduling", 10))],
                  findings: [Self.finding("timer-scheduling", "a.ts", 10), Self.finding("timer-scheduling", "a.ts", 11)])
        #expect(score.total == CorpusScore.Tally(labels: 1, findings: 2, matched: 1))
        #expect(score.total.precision == 0.5 && score.total.recall == 1)
    }

    @Test func tableHasARowPerRuleAndATotal() {
        var score = CorpusScore()
        score.add(caseId: "c", labels: [("a.ts", Self.label("unbounded-list", 10)), ("a.ts", Self.label("global-singleton", 3))],
                  findings: [Self.finding("unbounded-list", "a.ts", 9)])
        let table = score.table()
        #expect(table.contains("| `global-singleton` | 1 | 0 | 0 | – | 0.00 |"))
        #expect(table.contains("| `unbounded-list` | 1 | 1 | 1 | 1.00 | 1.00 |"))
        #expect(table.contains("| all | 2 | 1 | 1 | 1.00 | 0.50 |"))
    }

    @Test func casesAreReviewedThroughTheGivenFunction() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-score-\(UUID().uuidString)")
        let dir = folder.appendingPathComponent("someone+repo/src")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "export class Room extends DurableObject {\n  async fetch() {\n    const all = await this.ctx.storage.list();\n    return new Response(String(all.size));\n  }\n}\n"
            .write(to: dir.appendingPathComponent("room.ts"), atomically: true, encoding: .utf8)
        let c = RealWorldManifest.Case(id: "someone+repo", repository: "someone/repo", commit: "0", split: "dev", files: [
            .init(path: "src/room.ts", role: .source, labels: [Self.label("unbounded-list", 3)], traps: []),
        ])
        let score = try CorpusScore.score([c]) { c in try Reviewer().review(c.request(folders: [folder], minConfidence: .low)).findings }
        #expect(score.byRule["unbounded-list"]?.matched == 1)
    }

    @Test func aRuleEarnsLowConfidenceOnlyWithFiveFindingsBelowEightyPercent() {
        var score = CorpusScore()
        let labels = (1...5).map { ("a.ts", Self.label("unbounded-list", $0 * 10)) }
        // unbounded-list: 6 findings, 3 matched (0.50); timer-scheduling: 4 findings, none matched; global-singleton: 5 of 5.
        let findings = (1...3).map { Self.finding("unbounded-list", "a.ts", $0 * 10) } + (1...3).map { Self.finding("unbounded-list", "b.ts", $0) }
            + (1...4).map { Self.finding("timer-scheduling", "a.ts", $0) }
        score.add(caseId: "c", labels: labels, findings: findings)
        score.add(caseId: "d", labels: (1...5).map { ("g.ts", Self.label("global-singleton", $0 * 10)) },
                  findings: (1...5).map { Self.finding("global-singleton", "g.ts", $0 * 10) })
        #expect(EarnedConfidence.earned(from: score) == ["unbounded-list": .low])
        #expect(EarnedConfidence.cap(for: "no-such-rule") == .high)
    }
}
