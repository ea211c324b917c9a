extension ReviewReport {
    /// Compiler-style lines, `file:line:col: severity: message [ruleId]`, then a one-line tally.
    package func text() -> String {
        var out = findings.map { "\($0.file):\($0.line):\($0.column): \($0.severity.rawValue): \($0.message) [\($0.ruleId)]" }
        if truncated { out.append("(\(totalFindings - (nextOffset ?? totalFindings)) more findings not shown; raise maxFindings to see them)") }
        let c = summary.counts
        out.append("\(c.error) error(s), \(c.warning) warning(s), \(c.info) note(s)")
        return out.joined(separator: "\n") + "\n"
    }
}
