/// What to review: source files, an optional wrangler configuration and a cap on findings.
package struct ReviewRequest: Sendable {
    /// At most this many files per request.
    package static let maxFiles = 50
    /// At most this many bytes of source in all.
    package static let maxTotalBytes = 4 * 1024 * 1024
    /// At most this many bytes for pasted `code` or for the wrangler file.
    package static let maxCodeBytes = 1024 * 1024
    /// How many findings a report may be asked to list (`maxFindings`; the same bounds as the reviewCode schema).
    package static let maxFindingsRange = 1...1000

    package var files: [SourceFile]
    package var wrangler: SourceFile?
    /// Findings beyond this are counted but not listed (1...1000, default 100).
    package var maxFindings: Int
    /// The first finding to list, in report order (0 for the first page; a report's `nextOffset` for the next).
    package var offset = 0
    /// Findings less sure than this are left out (default `medium`, which hides `low`).
    package var minConfidence: Confidence

    package init(files: [SourceFile], wrangler: SourceFile? = nil, maxFindings: Int = 100, minConfidence: Confidence = .medium) {
        self.files = files
        self.wrangler = wrangler
        self.maxFindings = maxFindings
        self.minConfidence = minConfidence
    }

    /// A request for one pasted snippet, reported as `input.<ext>` of its language.
    package static func code(_ code: String, language: SourceLanguage = .ts, wrangler: SourceFile? = nil,
                             maxFindings: Int = 100, minConfidence: Confidence = .medium) -> ReviewRequest {
        ReviewRequest(files: [SourceFile(path: "input.\(language.fileExtension)", content: code, language: language)],
                      wrangler: wrangler, maxFindings: maxFindings, minConfidence: minConfidence)
    }

    /// Checks the size limits.
    ///
    /// - Throws: `ReviewInputError` naming the limit that was exceeded and what to do about it.
    package func validate() throws(ReviewInputError) {
        if files.isEmpty, wrangler == nil {
            throw ReviewInputError(code: "no-input", message: "Nothing to review: give `code`, `files` or `paths`.")
        }
        if files.count > Self.maxFiles {
            throw ReviewInputError(
                code: "too-many-files",
                message: "\(files.count) files given; at most \(Self.maxFiles) per request. "
                    + "Review the Durable Object files and the Worker entry point first, or split the request.")
        }
        let total = files.reduce(0) { $0 + $1.content.utf8.count }
        if total > Self.maxTotalBytes {
            throw ReviewInputError(
                code: "input-too-large",
                message: "\(total) bytes of source given; at most \(Self.maxTotalBytes) (4 MiB) per request. "
                    + "Leave out generated and vendored files, or split the request.")
        }
        if let wrangler, wrangler.content.utf8.count > Self.maxCodeBytes {
            throw ReviewInputError(
                code: "wrangler-too-large",
                message: "The wrangler file \(wrangler.path) is larger than 1 MiB; give the real wrangler.toml or wrangler.jsonc.")
        }
        if !Self.maxFindingsRange.contains(maxFindings) {
            throw ReviewInputError(code: "bad-max-findings",
                                   message: "maxFindings is \(maxFindings); use a number from \(Self.maxFindingsRange.lowerBound) to \(Self.maxFindingsRange.upperBound).")
        }
    }
}
