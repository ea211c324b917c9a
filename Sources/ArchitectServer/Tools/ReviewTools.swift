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
            run: { arguments, context in
                let given = ["code", "files", "paths"].filter { arguments[$0] != nil }
                guard given.count == 1 else {
                    throw ToolError(given.isEmpty
                        ? "Give exactly one of `code` (the source as text), `files` ([{path, content}]) or `paths` (files or folders to read)."
                        : "Give exactly one of `code`, `files` or `paths`, not \(given.map { "`\($0)`" }.joined(separator: " and ")).")
                }
                let language = arguments["language"]?.text.flatMap(SourceLanguage.init(rawValue:))
                let maxFindings = arguments["maxFindings"]?.integer ?? 100
                let minConfidence = arguments["minConfidence"]?.text.flatMap(Confidence.init(rawValue:)) ?? .medium
                var wrangler = arguments["wrangler"]?.objectValue.map { object in
                    SourceFile(path: object["path"]?.text ?? "wrangler.toml", content: object["content"]?.text ?? "")
                }
                var request: ReviewRequest
                if let code = arguments["code"]?.text {
                    request = .code(code, language: language ?? .ts, wrangler: wrangler, maxFindings: maxFindings)
                } else if let files = arguments["files"]?.arrayValue {
                    let sources = files.compactMap(\.objectValue).map { file in
                        SourceFile(path: file["path"]?.text ?? "", content: file["content"]?.text ?? "", language: language)
                    }
                    request = ReviewRequest(files: sources, wrangler: wrangler, maxFindings: maxFindings)
                } else {
                    let paths = arguments["paths"]?.arrayValue?.compactMap(\.text) ?? []
                    let roots = await context.roots()
                    let collected = try SourceCollector(allowedRoots: roots).collect(paths: paths)
                    if wrangler == nil { wrangler = collected.wrangler }
                    let sources = collected.files.map { file in
                        var file = file
                        if let language { file.language = language }
                        return file
                    }
                    request = ReviewRequest(files: sources, wrangler: wrangler, maxFindings: maxFindings)
                }
                request.minConfidence = minConfidence
                try request.validate()
                await context.progress(0, Double(request.files.count), "reviewing \(request.files.count) file(s)")
                try Task.checkCancellation()
                let report = Reviewer().review(request)
                await context.progress(Double(request.files.count), Double(request.files.count), "\(report.totalFindings) finding(s)")
                return try JSON.encoding(report)
            })
    }
}
