import ArgumentParser
import CodeReview
import Foundation

/// `do-architect bench review-corpus <folder>`: precision, recall and the per-rule table of the reviewer on the
/// real-world corpus: public files fetched into `<folder>/<owner>+<name>/<path>` and labelled in the manifest.
/// Several folders may be given (the second held-out set was fetched into a folder of its own); each case is read
/// from the first folder that holds its repository.
///
/// Prints figures only; it never fails on them (the repositories are not reachable from CI).
struct BenchReviewCorpus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review-corpus",
        abstract: "Score reviewCode on the labelled real-world corpus (precision, recall, per-rule table).",
        discussion: "A finding counts for a label of the same rule in the same file within ±\(CorpusScore.tolerance) lines of the label or of one of its related locations.")

    enum Split: String, ExpressibleByArgument, CaseIterable { case dev, heldout, heldout2, heldout3, heldout4, heldout5, heldout6, heldout7, heldout8, heldout9, heldout10, all }

    @Argument(help: "Folders holding the fetched files as <owner>+<name>/<path>; a case is read from the first that has its repository.")
    var folders: [String]

    @Option(help: "The manifest (default: Tests/CodeReviewTests/RealWorld/manifest.json of this package).")
    var manifest: String?

    @Option(help: "Which split to score: dev, heldout, heldout2 … heldout10 (the later held-out sets) or all; repeat it to score several together.")
    var split: [Split] = [.dev]

    @Option(help: "Report findings at or above this confidence: high, medium or low.")
    var minConfidence: String = "medium"

    @Flag(help: "List every matched finding, every false positive and every missed label.")
    var verbose = false

    func run() async throws {
        guard let confidence = Confidence(rawValue: minConfidence) else {
            throw ValidationError("--min-confidence must be high, medium or low.")
        }
        let manifestURL = manifest.map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/CodeReviewTests/RealWorld/manifest.json")
        let m = try RealWorldManifest.load(manifestURL)
        let cases = split.contains(.all) ? m.cases(split: nil) : split.flatMap { m.cases(split: $0.rawValue) }
        guard !folders.isEmpty else { throw ValidationError("Give at least one folder of fetched files.") }
        let roots = folders.map { URL(fileURLWithPath: $0) }
        let score = try CorpusScore.score(cases) { c in
            try c.requests(folders: roots, minConfidence: confidence).flatMap { Reviewer().review($0).findings }
        }
        let sources = cases.reduce(0) { $0 + $1.files.count { $0.role == .source } }
        let repos = Set(cases.map(\.repository)).count
        print("reviewCode on the real-world corpus: split \(split.map(\.rawValue).joined(separator: " + ")), minConfidence \(confidence.rawValue)")
        print("\(cases.count) cases, \(sources) source files, \(repos) repositories, \(score.total.labels) labels")
        print(String(format: "precision %.3f, recall %.3f (findings %d, matched %d)",
                     score.total.precision, score.total.recall, score.total.findings, score.total.matched))
        print(score.table())
        let earned = EarnedConfidence.earned(from: score).keys.sorted()
        print("rules with at least \(EarnedConfidence.minimumFindings) findings and precision below \(EarnedConfidence.minimumPrecision) (to report at low): \(earned.isEmpty ? "none" : earned.joined(separator: ", "))")
        guard verbose else { return }
        for f in score.hits { print("  matched: \(f.caseId) \(f.file):\(f.line) \(f.rule) [\(f.confidence?.rawValue ?? "")]") }
        for f in score.falsePositives { print("  false positive: \(f.caseId) \(f.file):\(f.line) \(f.rule) [\(f.confidence?.rawValue ?? "")]") }
        for l in score.missed { print("  missed: \(l.caseId) \(l.file):\(l.line) \(l.rule)") }
    }
}
