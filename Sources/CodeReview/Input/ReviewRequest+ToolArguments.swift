/// Building a request from the flat arguments of the `reviewCode` tool (`Schemas/reviewCode.input.json`).
extension ReviewRequest {
    /// Builds and validates a request from `reviewCode` arguments.
    ///
    /// Exactly one of `code`, `files` and `paths` must be given. `code` is reported as `input.<language>`
    /// (default `ts`) and may be up to 1 MiB; `paths` are read through `collector`, which refuses anything
    /// outside its allowed roots and finds a wrangler file beside the paths when `wrangler` is nil.
    /// `minConfidence` defaults to `medium`.
    ///
    /// - Throws: `ReviewInputError` saying what is wrong and how to fix it.
    package static func fromToolArguments(
        code: String?, files: [(path: String, content: String)]?, paths: [String]?,
        wrangler: (path: String, content: String)?, language: SourceLanguage?, maxFindings: Int?,
        collector: SourceCollector, minConfidence: Confidence? = nil
    ) throws(ReviewInputError) -> ReviewRequest {
        let given = [code != nil, files != nil, paths != nil].filter { $0 }.count
        guard given == 1 else {
            throw ReviewInputError(
                code: given == 0 ? "no-input" : "ambiguous-input",
                message: given == 0
                    ? "Nothing to review: give exactly one of `code` (a pasted snippet), `files` ([{path, content}]) or `paths` (files or folders to read)."
                    : "Give exactly one of `code`, `files` or `paths`, not several; put everything in `files` to review several pieces together.")
        }
        let wranglerFile = wrangler.map { SourceFile(path: $0.path, content: $0.content) }
        let limit = maxFindings ?? 100
        var request: ReviewRequest
        if let code {
            guard code.utf8.count <= maxCodeBytes else {
                throw ReviewInputError(code: "code-too-large",
                                       message: "`code` is \(code.utf8.count) bytes; at most 1 MiB. Send the Durable Object classes only, or use `files` or `paths`.")
            }
            request = .code(code, language: language ?? .ts, wrangler: wranglerFile, maxFindings: limit)
        } else if let files {
            guard !files.isEmpty else {
                throw ReviewInputError(code: "no-input", message: "`files` is empty: give at least one {path, content}.")
            }
            request = ReviewRequest(files: files.map { SourceFile(path: $0.path, content: $0.content) }, wrangler: wranglerFile, maxFindings: limit)
        } else {
            let collected = try collector.collect(paths: paths ?? [])
            guard !collected.files.isEmpty else {
                throw ReviewInputError(code: "no-sources", message: "No .ts, .tsx, .js, .jsx, .mjs or .cjs files under the given paths (node_modules, .git, dist and build are skipped).")
            }
            request = ReviewRequest(files: collected.files, wrangler: wranglerFile ?? collected.wrangler, maxFindings: limit)
        }
        request.minConfidence = minConfidence ?? .medium
        try request.validate()
        return request
    }
}
