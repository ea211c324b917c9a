import AppViews
import ArgumentParser
import CodeReview
import Foundation
import JSONModel

/// `do-architect review <paths…>`: reviews Durable Object code from the terminal, for people and CI.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review TypeScript/JavaScript Durable Object code and its wrangler configuration.",
        discussion: "Exits with status 1 when any error-severity finding remains, so it can gate CI. Silence a finding with `// do-architect-ignore <ruleId>` on its line or the line above.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif, html
    }

    @Argument(help: "Files or folders to review (node_modules, .git, dist and build are skipped).")
    var paths: [String]

    @Option(help: "The wrangler configuration (wrangler.toml, wrangler.json or wrangler.jsonc). Default: found beside the paths.")
    var wrangler: String?

    @Option(help: "Output format: text (file:line:col: severity: message [ruleId]), json, sarif (SARIF 2.1.0), or html (the review view as a standalone page).")
    var format: Format = .text

    @Option(help: "List at most this many findings (1-1000).")
    var maxFindings: Int = 1000

    @Option(help: "Report findings at least this sure: high, medium (default) or low.")
    var minConfidence: String = Confidence.medium.rawValue

    func validate() throws {
        guard Confidence(rawValue: minConfidence) != nil else {
            throw ValidationError("--min-confidence must be high, medium or low.")
        }
    }

    func run() async throws {
        let collector = SourceCollector(allowedRoots: nil)
        let report: ReviewReport
        do {
            let (files, found) = try collector.collect(paths: paths)
            let config = try wrangler.map { path throws(ReviewInputError) in try collector.readWrangler(path) } ?? found
            let request = ReviewRequest(files: files, wrangler: config, maxFindings: maxFindings,
                                        minConfidence: Confidence(rawValue: minConfidence) ?? .medium)
            try request.validate()
            report = Reviewer().review(request)
        } catch {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        switch format {
        case .text:
            print(report.text(), terminator: "")
        case .sarif:
            print(report.sarif())
        case .html:
            print(AppView.review.html(embedding: "{\"arguments\": {}, \"structuredContent\": \(try JSONText.encode(report))}"), terminator: "")
        case .json:
            // The reviewCode result, with the tools' encoder.
            print(try JSONValueEncoder().encodeText(report))
        }
        if report.hasErrors { throw ExitCode(1) }
    }
}
