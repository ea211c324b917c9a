import CodeReview
import Foundation
import Testing

/// Precision and recall of the reviewer on the labelled corpus, at `minConfidence: low` (line tolerance ±2 of the
/// finding or of one of its related locations).
struct CorpusPrecisionTests {
    struct Score {
        var truePositives = 0
        var falsePositives: [String] = []
        var falseNegatives: [String] = []

        var precision: Double {
            let reported = truePositives + falsePositives.count
            return reported == 0 ? 1 : Double(truePositives) / Double(reported)
        }
        var recall: Double {
            let expected = truePositives + falseNegatives.count
            return expected == 0 ? 1 : Double(truePositives) / Double(expected)
        }
    }

    static func score(_ cases: [CorpusFixtures.Case]) -> Score {
        var score = Score()
        let reviewer = Reviewer()
        for c in cases {
            var unmatched = c.expected
            var request = c.request
            request.minConfidence = .low
            for f in reviewer.review(request).findings {
                let lines = [f.line] + f.relatedLocations.filter { $0.file == f.file }.map(\.line)
                if let k = unmatched.firstIndex(where: { e in e.rule == f.ruleId && e.file == f.file && lines.contains { abs(e.line - $0) <= 2 } }) {
                    unmatched.remove(at: k)
                    score.truePositives += 1
                } else {
                    score.falsePositives.append("\(c.name): \(f.file):\(f.line) \(f.ruleId)")
                }
            }
            score.falseNegatives += unmatched.map { "\(c.name): \($0.file):\($0.line) \($0.rule)" }
        }
        return score
    }

    @Test func corpusHasAtLeastFortyFiles() throws {
        let files = try CorpusFixtures.sources()
        #expect(files.count >= 40)
    }

    @Test func precisionAndRecallMeetTheBar() throws {
        let cases = try CorpusFixtures.load()
        let s = Self.score(cases)
        print(String(format: "reviewCode corpus: %d cases, precision %.3f, recall %.3f (TP %d, FP %d, FN %d)",
                     cases.count, s.precision, s.recall, s.truePositives, s.falsePositives.count, s.falseNegatives.count))
        for fp in s.falsePositives { print("  false positive: \(fp)") }
        for fn in s.falseNegatives { print("  missed: \(fn)") }
        #expect(s.precision >= 0.95)
        #expect(s.recall >= 0.9)
    }

    @Test func everyRuleIsExercisedByTheCorpus() throws {
        let rules = Set(try CorpusFixtures.load().flatMap(\.expected).map(\.rule))
        let missing = RuleCatalog.all.map(\.id).filter { !rules.contains($0) }
        #expect(missing.isEmpty, "rules with no labelled example: \(missing)")
    }
}
