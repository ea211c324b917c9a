/// `sql-string-built`: `sql.exec` with a query built from values by concatenation or interpolation instead of
/// `?` bindings (SQL injection, and no statement caching).
struct SqlStringBuiltRule: Rule {
    static let info = RuleInfo(
        id: "sql-string-built", severity: .error, title: "SQL built from values instead of bindings",
        summary: "sql.exec(query, …) where the query is a template with ${…} substitutions or a + concatenation of non-literals, directly or through a local variable.",
        notFlagged: "Queries with ? bindings; substitutions of constants (ALL_CAPS names, numbers) and of placeholder lists built from '?' (ids.map(() => '?').join(',')); queries assembled with a '?' for every value (strings.reduce(… '?' …)).",
        topics: ["sql-api"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for unit in analysis.units {
            for c in unit.calls where c.name == "exec" && c.has("sql") {
                guard let query = unit.arguments(c).first, !query.isEmpty else { continue }
                var culprit = unsafePart(unit, query)
                if culprit == nil, query.count == 1, let t = unit.token(query.lowerBound), t.kind == .identifier {
                    culprit = builtVariable(unit, name: t.text, before: c.open)
                }
                guard let culprit else { continue }
                sink.add(Self.info, unit, from: c.calleeStart, to: c.close,
                         message: "`\(c.path.joined(separator: "."))` runs a query built with `\(culprit)`: a value containing a quote changes the query (SQL injection), and every distinct string is a new statement.",
                         fix: "Pass values as bindings:\nthis.sql.exec(\"SELECT * FROM messages WHERE room = ? AND id > ?\", room, afterId);")
            }
        }
    }

    /// The first unsafe substitution or concatenated operand of an expression, if any.
    private func unsafePart(_ unit: SourceUnit, _ r: Range<Int>) -> String? {
        var i = r.lowerBound
        while i < r.upperBound {
            let t = unit.tokens[i]
            if t.kind == .templateHead || t.kind == .templateMiddle {
                // The substitution runs to the next template piece at this level.
                var j = i + 1
                while j < r.upperBound, unit.tokens[j].kind != .templateMiddle, unit.tokens[j].kind != .templateTail { j = unit.skip(j) }
                let sub = (i + 1)..<j
                if !isSafe(unit, sub) { return "${\(unit.text(sub))}" }
                i = j
                continue
            }
            if t.isPunct("+") {
                for side in [i - 1, i + 1] where side >= r.lowerBound && side < r.upperBound {
                    let s = unit.tokens[side]
                    if s.kind == .identifier, !isConstantName(s.text) { return "+ \(s.text)" }
                    if s.isPunct(")") || s.isPunct("]") { return "+ …" }
                }
            }
            i += 1
        }
        return nil
    }

    private func isSafe(_ unit: SourceUnit, _ sub: Range<Int>) -> Bool {
        if sub.count == 1, let t = unit.token(sub.lowerBound) {
            if t.kind == .number || t.kind == .string { return true }
            if t.kind == .identifier, isConstantName(t.text) || isPlaceholderList(unit, name: t.text, before: sub.lowerBound) { return true }
        }
        let text = unit.text(sub)
        if text.contains("\"?\"") || text.contains("'?'") { return true }  // ids.map(() => "?").join(",")
        if sub.count == 3, unit.isWord(sub.lowerBound, "this") || isConstantName(unit.tokens[sub.lowerBound].text),
           let last = unit.token(sub.upperBound - 1), isConstantName(last.text) { return true }
        return false
    }

    private func isConstantName(_ s: String) -> Bool {
        s.count > 1 && s == s.uppercased() && s.contains { $0.isLetter }
    }

    /// `const placeholders = ids.map(() => "?").join(", ")`.
    private func isPlaceholderList(_ unit: SourceUnit, name: String, before limit: Int) -> Bool {
        for i in stride(from: limit - 1, through: max(0, limit - 2_000), by: -1) where unit.tokens[i].isWord(name) && unit.isPunct(i + 1, "=") {
            let rhs = unit.text((i + 2)..<unit.statementEnd(from: i + 2))
            return rhs.contains("\"?\"") || rhs.contains("'?'") || rhs.contains("`?`")
        }
        return false
    }

    /// A local `const q = \`… ${x} …\`` or `"…" + x` assigned before the call.
    private func builtVariable(_ unit: SourceUnit, name: String, before limit: Int) -> String? {
        for i in stride(from: limit - 1, through: max(0, limit - 2_000), by: -1) where unit.tokens[i].isWord(name) && (unit.isPunct(i + 1, "=") || unit.isPunct(i + 1, "+=")) {
            let end = unit.statementEnd(from: i + 2)
            if unit.isPunct(i + 1, "+=") {
                let rhs = (i + 2)..<end
                if let part = unsafePart(unit, rhs) { return part }
                if rhs.count == 1, let t = unit.token(rhs.lowerBound), t.kind == .identifier, !isConstantName(t.text) { return "+= \(t.text)" }
                continue
            }
            // A query assembled from template pieces with a "?" placed for every value (`strings.reduce(… "?" …)`)
            // binds its values.
            let rhsText = unit.text((i + 2)..<end)
            if rhsText.contains("\"?\"") || rhsText.contains("'?'") || rhsText.contains("`?`") { return nil }
            if let part = unsafePart(unit, (i + 2)..<end) { return part }
            if unit.isWord(i - 1, "const") || unit.isWord(i - 1, "let") || unit.isWord(i - 1, "var") { return nil }
        }
        return nil
    }
}
