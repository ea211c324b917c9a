import CodeReview
import Foundation
import JSONModel

/// `reviewCode`: the static reviewer for Durable Object code as a tool.
enum ReviewTools {
    static func reviewCode() -> ToolSpec {
        ToolSpec(
            name: "reviewCode",
            title: "Review Durable Object code",
            description: """
                Statically review TypeScript/JavaScript Cloudflare Durable Object code, and its wrangler config, for \
                the mistakes that break Durable Objects in production: state lost at eviction or hibernation, storage \
                in the constructor outside blockConcurrencyWhile, read-modify-write across an await, timers instead \
                of alarms, non-hibernating WebSockets, unguarded broadcasts, global singletons, unbounded list(), \
                SQL built from input, missing migrations, and more (20 rules). Give exactly one of `code` (pasted \
                text), `files` ([{path, content}]) or `paths` (files or folders on the user's machine, inside the \
                client's roots). Returns findings sorted by severity with 1-based line/column, a concrete fix and the \
                knowledge-base docs to read (getDoc), the review checklist with pass/fail/notApplicable and evidence, \
                and a summary of classes and bindings. The code is parsed, never run. Silence a finding with \
                `// do-architect-ignore <ruleId>` on its line or the line above.
                """,
            annotations: .init(title: "Review Durable Object code", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
            run: { raw, context in
                let arguments = try ToolSpec.decode(Arguments.self, raw, tool: "reviewCode")
                let given = [("code", arguments.code != nil), ("files", arguments.files != nil), ("paths", arguments.paths != nil)]
                    .filter(\.1).map(\.0)
                guard given.count == 1 else {
                    throw ToolError(given.isEmpty
                        ? "Give exactly one of `code` (the source as text), `files` ([{path, content}]) or `paths` (files or folders to read)."
                        : "Give exactly one of `code`, `files` or `paths`, not \(given.map { "`\($0)`" }.joined(separator: " and ")).")
                }
                let language = arguments.language
                var wrangler = arguments.wrangler.map { SourceFile(path: $0.path, content: $0.content) }
                var request: ReviewRequest
                if let code = arguments.code {
                    request = .code(code, language: language ?? .ts, wrangler: wrangler, maxFindings: arguments.maxFindings)
                } else if let files = arguments.files {
                    let sources = files.map { SourceFile(path: $0.path, content: $0.content, language: language) }
                    request = ReviewRequest(files: sources, wrangler: wrangler, maxFindings: arguments.maxFindings)
                } else {
                    let roots = await context.roots()
                    let collected = try SourceCollector(allowedRoots: roots).collect(paths: arguments.paths ?? [])
                    if wrangler == nil { wrangler = collected.wrangler }
                    let sources = collected.files.map { file in
                        var file = file
                        if let language { file.language = language }
                        return file
                    }
                    request = ReviewRequest(files: sources, wrangler: wrangler, maxFindings: arguments.maxFindings)
                }
                request.minConfidence = arguments.minConfidence
                request.offset = arguments.offset
                try request.validate()
                await context.progress(0, Double(request.files.count), "reviewing \(request.files.count) file(s)")
                try Task.checkCancellation()
                let report = Reviewer().review(request)
                await context.progress(Double(request.files.count), Double(request.files.count), "\(report.totalFindings) finding(s)")
                return try ToolSpec.encode(try fitted(report, offset: arguments.offset))
            })
    }

    /// The report with its findings cut, if need be, so that its JSON stays within ``ToolResult/pageBytes``;
    /// `truncated` and `nextOffset` then say where the next page starts.
    static func fitted(_ report: ReviewReport, offset: Int) throws -> ReviewReport {
        let encoder = JSONValueEncoder()
        let whole = JSONWriter.encode(try encoder.encode(report)).count
        guard whole > ToolResult.pageBytes, !report.findings.isEmpty else { return report }
        let sizes = try report.findings.map { JSONWriter.encode(try encoder.encode($0)).count + 1 }
        var used = whole - sizes.reduce(0, +) + 60  // the rest of the report, and room for nextOffset
        var kept = 0
        while kept < sizes.count, kept == 0 || used + sizes[kept] <= ToolResult.pageBytes {
            used += sizes[kept]
            kept += 1
        }
        guard kept < report.findings.count else { return report }
        var cut = report
        cut.findings = Array(report.findings.prefix(kept))
        cut.truncated = true
        cut.nextOffset = offset + kept
        return cut
    }

    /// The arguments of `reviewCode` (`Schemas/reviewCode.input.json`; `maxFindings` and `minConfidence` default
    /// there). The result is the engine's `ReviewReport`, whose keys are those of `Schemas/reviewCode.output.json`
    /// (`do-architect review --format json` prints it with the same encoder).
    struct Arguments: Decodable {
        struct File: Decodable {
            var path: String
            var content: String
        }

        var code: String?
        var files: [File]?
        var paths: [String]?
        var wrangler: File?
        var language: SourceLanguage?
        var maxFindings: Int
        var offset: Int
        var minConfidence: Confidence
    }
}
