/// How serious a finding is.
package enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case error, warning, info

    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    package static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// Another place that belongs to a finding: the declaration it concerns, or the other half of the pattern.
package struct RelatedLocation: Codable, Sendable, Equatable {
    package var file: String
    package var line: Int
    package var column: Int
    /// What this place is, e.g. "the field is declared here".
    package var message: String

    package init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }
}

/// One problem found in a file, with an exact location and a concrete fix.
///
/// The primary location is where the fix goes; `relatedLocations` point at the declaration or the other half
/// of the pattern. Lines and columns are 1-based; columns count Unicode scalars, as SARIF does.
package struct Finding: Codable, Sendable, Equatable {
    package var ruleId: String
    package var severity: Severity
    package var title: String
    /// Names the class, method or field involved.
    package var message: String
    package var file: String
    package var line: Int
    package var column: Int
    package var endLine: Int
    package var endColumn: Int
    /// The source line the finding starts on, trimmed.
    package var excerpt: String
    /// What to change; a corrected snippet where the change is mechanical.
    package var fix: String
    /// Knowledge-base document ids that explain the rule.
    package var docs: [String]
    /// How sure the reviewer is; findings below the request's `minConfidence` are not reported.
    package var confidence: Confidence = .medium
    /// The declaration or the other half of the pattern, when the fix goes elsewhere.
    package var relatedLocations: [RelatedLocation] = []

    package init(ruleId: String, severity: Severity, title: String, message: String, file: String, line: Int, column: Int,
                 endLine: Int, endColumn: Int, excerpt: String, fix: String, docs: [String], confidence: Confidence = .medium,
                 relatedLocations: [RelatedLocation] = []) {
        self.ruleId = ruleId
        self.severity = severity
        self.title = title
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
        self.excerpt = excerpt
        self.fix = fix
        self.docs = docs
        self.confidence = confidence
        self.relatedLocations = relatedLocations
    }
}
