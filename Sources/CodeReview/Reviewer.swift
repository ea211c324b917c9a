import Foundation

/// Reviews TypeScript and JavaScript Durable Object code and its wrangler configuration.
///
/// The reviewer never runs the code. It is linear in the size of the input and never fails on malformed
/// source: what it cannot parse it skips.
package struct Reviewer: Sendable {
    package init() {}

    /// Reviews the request. Call `ReviewRequest.validate()` first to enforce the size limits.
    package func review(_ request: ReviewRequest) -> ReviewReport {
        let started = ContinuousClock.now
        let units = request.files.map { SourceUnit(file: $0) }
        let config = request.wrangler.map { WranglerConfig(file: $0) }
        let analysis = Analysis(units: units, wrangler: config)
        var sink = FindingSink()
        for rule in RuleCatalog.rules { rule.check(analysis, into: &sink) }
        let ignored = Dictionary(grouping: units.flatMap { u in u.directives.map { (u.path, $0) } }, by: { $0.0 })
        // A directive on (or above) the finding's line or one of its related lines in the same file silences it,
        // so an ignore written at a declaration keeps working when the finding points at the fix.
        var findings = sink.findings.filter { f in
            let lines = [f.line] + f.relatedLocations.filter { $0.file == f.file }.map(\.line)
            return !(ignored[f.file] ?? []).contains { _, d in
                lines.contains { d.line == $0 || d.line == $0 - 1 } && (d.ruleIds.isEmpty || d.ruleIds.contains(f.ruleId))
            }
        }
        if let config, config.path.hasSuffix(".toml") || config.path.hasSuffix(".json") || config.path.hasSuffix(".jsonc") {
            findings = findings.filter { f in
                f.file != config.path || !config.lineText(f.line).contains("do-architect-ignore \(f.ruleId)")
                    && !config.lineText(f.line - 1).contains("do-architect-ignore \(f.ruleId)")
            }
        }
        let all = Self.deduplicated(findings)
        findings = all.filter { $0.confidence >= request.minConfidence }
        let hidden = all.count - findings.count
        findings = findings.sorted {
            ($0.severity, $0.file, $0.line, $0.column, $0.ruleId) < ($1.severity, $1.file, $1.line, $1.column, $1.ruleId)
        }
        let counts = Summary.Counts(error: findings.count { $0.severity == .error },
                                    warning: findings.count { $0.severity == .warning },
                                    info: findings.count { $0.severity == .info })
        let checklist = Checklist.answer(findings: findings, analysis: analysis)
        let total = findings.count
        let limit = max(1, request.maxFindings)
        let classes = analysis.classVerdicts.map { v in
            Summary.ClassInfo(name: units[v.unit].classes[v.index].name, file: units[v.unit].path, isDurableObject: v.isDO, why: v.why)
        }
        let created = config?.createdClasses ?? []
        let bindings = (config?.bindings ?? []).map {
            Summary.Binding(name: $0.name, className: $0.className, scriptName: $0.scriptName, environment: $0.environment,
                            hasMigration: !$0.scriptName.isEmpty || created.contains($0.className))
        }
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let page = Array(findings.dropFirst(max(0, request.offset)).prefix(limit))
        let end = max(0, request.offset) + page.count
        return ReviewReport(findings: page, truncated: total > end, totalFindings: total, nextOffset: total > end ? end : nil,
                            checklist: checklist,
                            summary: Summary(classes: classes, bindings: bindings, counts: counts, belowMinConfidence: hidden,
                                             durationMs: (ms * 1000).rounded() / 1000))
    }

    private static func deduplicated(_ findings: [Finding]) -> [Finding] {
        var seen: Set<String> = []
        return findings.filter { seen.insert("\($0.ruleId)|\($0.file)|\($0.line)|\($0.column)").inserted }
    }
}
