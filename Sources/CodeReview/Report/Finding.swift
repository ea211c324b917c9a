/// How serious a finding is.
package enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case error, warning, info

    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    package static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One problem found in a file, with an exact location and a concrete fix.
///
/// Lines and columns are 1-based; columns count Unicode scalars, as SARIF does.
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
}
