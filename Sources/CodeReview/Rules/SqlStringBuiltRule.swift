/// `sql-string-built`: `sql.exec` with a query built from values by concatenation or interpolation instead of
/// `?` bindings (SQL injection, and no statement caching).
struct SqlStringBuiltRule: Rule {
    static let info = RuleInfo(
        id: "sql-string-built", severity: .error, title: "SQL built from values instead of bindings",
        summary: "sql.exec(query, …) where the query is a template with ${…} substitutions or a + concatenation of non-literals, directly or through a local variable.",
        notFlagged: "Queries with ? bindings; substitutions of constants (ALL_CAPS names, numbers) and of placeholder lists built from '?' (ids.map(() => '?').join(',')); queries assembled with a '?' for every value (strings.reduce(… '?' …)); identifiers cleaned to a character whitelist (name.replace(/[^a-z0-9_]/g, '')) or quoted with their quotes doubled (name.replace(/\"/g, '\"\"')), directly or through a local built only of such parts; names joined from a fixed list of literals (columns.join(',')); the strings of a template tag (strings[i] of a TemplateStringsArray), which are SQL written at the call site; names read from the object's own query results (for (const t of sql.exec(…)), t.name as string); names checked against a fixed list first, where the check returns or throws when the name is not in it (if (!TABLES.includes(name)) return …), directly or in every caller of the method that takes the name; a query that is a parameter of the function around the call (a pass-through whose caller owns it).",
        topics: ["sql-api"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for unit in analysis.units {
            for c in unit.calls where c.name == "exec" && c.has("sql") {
                guard let query = unit.arguments(c).first, !query.isEmpty else { continue }
                var culprit = unsafePart(unit, query)
                if culprit == nil, query.count == 1, let t = unit.token(query.lowerBound), t.kind == .identifier,
                   !isParameter(unit, name: t.text, at: c.open) {
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
    private func unsafePart(_ unit: SourceUnit, _ r: Range<Int>, depth: Int = 0) -> String? {
        var i = r.lowerBound
        while i < r.upperBound {
            let t = unit.tokens[i]
            if t.kind == .templateHead || t.kind == .templateMiddle {
                // The substitution runs to the next template piece at this level.
                var j = i + 1
                while j < r.upperBound, unit.tokens[j].kind != .templateMiddle, unit.tokens[j].kind != .templateTail { j = unit.skip(j) }
                let sub = (i + 1)..<j
                if !isSafe(unit, sub, depth: depth) { return "${\(unit.text(sub))}" }
                i = j
                continue
            }
            if t.isPunct("+") {
                for side in [i - 1, i + 1] where side >= r.lowerBound && side < r.upperBound {
                    let s = unit.tokens[side]
                    if s.kind == .identifier, !SourceUnit.isConstantName(s.text) { return "+ \(s.text)" }
                    if s.isPunct(")") || s.isPunct("]") { return "+ …" }
                }
            }
            i += 1
        }
        return nil
    }

    private func isSafe(_ unit: SourceUnit, _ sub: Range<Int>, depth: Int = 0) -> Bool {
        if sub.count == 1, let t = unit.token(sub.lowerBound) {
            if t.kind == .number || t.kind == .string { return true }
            if t.kind == .identifier, SourceUnit.isConstantName(t.text) || isPlaceholderList(unit, name: t.text, before: sub.lowerBound) { return true }
            if t.kind == .identifier, depth < 3, definitionIsSafe(unit, name: t.text, before: sub.lowerBound, depth: depth + 1) { return true }
            if t.kind == .identifier, isAllowListed(unit, name: t.text, before: sub.lowerBound)
                || isAllowListedAtEveryCall(unit, parameter: t.text, at: sub.lowerBound) { return true }
        }
        let text = unit.text(sub)
        if text.contains("\"?\"") || text.contains("'?'") { return true }  // ids.map(() => "?").join(",")
        if Self.isCleaned(text) { return true }
        // `strings[i]` of a template tag's TemplateStringsArray: the literal SQL text written at the call site.
        if sub.count >= 4, let base = unit.token(sub.lowerBound), base.kind == .identifier, unit.isPunct(sub.lowerBound + 1, "["),
           unit.close(sub.lowerBound + 1) == sub.upperBound - 1, isTemplateStrings(unit, name: base.text, at: sub.lowerBound) { return true }
        // `columns.join(", ")` of a fixed list of names written in the code.
        if sub.count >= 5, let base = unit.token(sub.lowerBound), base.kind == .identifier, unit.isPunct(sub.lowerBound + 1, "."),
           unit.isWord(sub.lowerBound + 2, "join"), unit.isPunct(sub.lowerBound + 3, "("), unit.close(sub.lowerBound + 3) == sub.upperBound - 1,
           let list = definition(unit, name: base.text, before: sub.lowerBound), isLiteralList(unit, list) { return true }
        if sub.count == 3, unit.isWord(sub.lowerBound, "this") || SourceUnit.isConstantName(unit.tokens[sub.lowerBound].text),
           let last = unit.token(sub.upperBound - 1), SourceUnit.isConstantName(last.text) { return true }
        return false
    }

    /// Whether `name` is a parameter typed `TemplateStringsArray` of a function around token `i`.
    private func isTemplateStrings(_ unit: SourceUnit, name: String, at i: Int) -> Bool {
        var f = unit.function(at: i)
        var steps = 0
        while let current = f, steps < 16 {
            let params = unit.functions[current].params
            if let p = params.first(where: { unit.tokens[$0].isWord(name) }) {
                return unit.isPunct(p + 1, ":") && unit.isWord(p + 2, "TemplateStringsArray")
            }
            f = unit.functions[current].parent
            steps += 1
        }
        return false
    }

    /// `const placeholders = ids.map(() => "?").join(", ")`.
    private func isPlaceholderList(_ unit: SourceUnit, name: String, before limit: Int) -> Bool {
        for i in stride(from: limit - 1, through: max(0, limit - 2_000), by: -1) where unit.tokens[i].isWord(name) && unit.isPunct(i + 1, "=") {
            let rhs = unit.text((i + 2)..<unit.statementEnd(from: i + 2))
            return rhs.contains("\"?\"") || rhs.contains("'?'") || rhs.contains("`?`")
        }
        return false
    }

    /// Whether an expression ends by cleaning its value for SQL: a whitelist of characters
    /// (`.replace(/[^a-z0-9_]/g, "")`, `.replace(/\\W/g, "")`) or quotes doubled (`.replace(/"/g, '""')`).
    static func isCleaned(_ text: String) -> Bool {
        let compact = text.filter { !$0.isWhitespace }
        guard let call = compact.range(of: ".replace(/", options: .backwards) else { return false }
        let rest = compact[call.upperBound...]
        let cleaners = ["\"/g,'\"\"')", "\"/g,\"\\\"\\\"\")", "'/g,\"''\")", "'/g,'\\'\\'')"]
        var remainder: Substring
        if let quote = cleaners.first(where: { rest.hasPrefix($0) }) {
            remainder = rest.dropFirst(quote.count)
        } else {
            guard rest.hasPrefix("[^") || rest.hasPrefix("\\W"), let flags = rest.range(of: "/g") else { return false }
            var replacement = rest[flags.upperBound...]
            if replacement.hasPrefix("i") { replacement = replacement.dropFirst() }
            guard let empty = [",'')", ",\"\")", ",``)"].first(where: { replacement.hasPrefix($0) }) else { return false }
            remainder = replacement.dropFirst(empty.count)
        }
        // Only closing parentheses and case or space changes may follow: the cleaned value is the whole value.
        while !remainder.isEmpty {
            guard let tail = [".toLowerCase()", ".toUpperCase()", ".trim()", ")"].first(where: { remainder.hasPrefix($0) }) else { return false }
            remainder = remainder.dropFirst(tail.count)
        }
        return true
    }

    /// Whether the nearest `const`/`let` definition of `name` in scope gives a value that is safe in a query:
    /// cleaned (see `isCleaned`), a template or `map` built only of safe substitutions, or a value read from
    /// the object's own query results (`for (const t of tables)` with `tables = this.sql.exec(…)…`).
    private func definitionIsSafe(_ unit: SourceUnit, name: String, before limit: Int, depth: Int) -> Bool {
        guard let rhs = definition(unit, name: name, before: limit) else {
            return readsQueryResults(unit, loopVariable: name, before: limit)
        }
        let text = unit.text(rhs)
        if Self.isCleaned(text) { return true }
        let hasTemplate = rhs.contains { unit.tokens[$0].kind == .templateHead }
        if hasTemplate, !rhs.contains(where: { unit.tokens[$0].isPunct("+") }), unsafePart(unit, rhs, depth: depth) == nil {
            return true
        }
        // `t.name` of a row of this object's own query results (`t.name as string` too).
        let read = rhs.count > 4 && unit.isWord(rhs.lowerBound + 3, "as") ? rhs.lowerBound..<(rhs.lowerBound + 3) : rhs
        if read.count == 3, let base = unit.token(read.lowerBound), base.kind == .identifier, unit.isPunct(read.lowerBound + 1, ".") {
            return readsQueryResults(unit, loopVariable: base.text, before: limit)
        }
        return false
    }

    /// Tokens of the right-hand side of the nearest `const|let|var name = …` before `limit` in scope.
    private func definition(_ unit: SourceUnit, name: String, before limit: Int) -> Range<Int>? {
        for i in stride(from: limit - 1, through: max(0, limit - 2_000), by: -1)
        where unit.tokens[i].isWord(name) && unit.isPunct(i + 1, "=") && !unit.isPunct(i + 2, "=")
            && (unit.isWord(i - 1, "const") || unit.isWord(i - 1, "let") || unit.isWord(i - 1, "var")) && inScope(unit, i, of: limit) {
            var end = unit.statementEnd(from: i + 2)
            while end > i + 2, unit.isPunct(end - 1, ";") { end -= 1 }
            return (i + 2)..<end
        }
        return nil
    }

    /// Whether `name` is the variable of a `for (const name of list)` loop around `limit` whose list is this
    /// object's own query results (`sql.exec(…)` or a local assigned from it) or a fixed list of literals.
    private func readsQueryResults(_ unit: SourceUnit, loopVariable name: String, before limit: Int) -> Bool {
        for i in stride(from: limit - 1, through: max(0, limit - 2_000), by: -1)
        where unit.tokens[i].isWord(name) && unit.isWord(i + 1, "of") && unit.isWord(i - 3, "for")
            && (unit.isWord(i - 1, "const") || unit.isWord(i - 1, "let")) {
            guard let loop = unit.loop(at: i - 3), loop.body.contains(limit) else { return false }
            let list = (i + 2)..<loop.header.upperBound
            if unit.text(list).contains(".exec(") || isLiteralList(unit, list) { return true }
            if list.count == 1, let t = unit.token(list.lowerBound), t.kind == .identifier, let rhs = definition(unit, name: t.text, before: i) {
                return unit.text(rhs).contains(".exec(") || isLiteralList(unit, rhs)
            }
            return false
        }
        return false
    }

    /// Whether `name` is checked against a fixed list earlier in the function around `limit`, and the check leaves
    /// the function when the name is not in it: `if (!COLLECTIONS.includes(name)) return …;` (or `.has(name)`,
    /// with the list an ALL_CAPS constant or a list of literals). Only the list's names reach the query.
    private func isAllowListed(_ unit: SourceUnit, name: String, before limit: Int) -> Bool {
        guard let f = unit.function(at: limit) else { return false }
        let body = unit.functions[f].body
        var i = body.lowerBound
        while i + 6 < limit {
            defer { i += 1 }
            guard unit.isPunct(i, "!"), let list = unit.token(i + 1), list.kind == .identifier, unit.isPunct(i + 2, "."),
                  unit.isWord(i + 3, "includes") || unit.isWord(i + 3, "has"), unit.isPunct(i + 4, "("),
                  unit.isWord(i + 5, name), unit.isPunct(i + 6, ")"), unit.function(at: i) == f else { continue }
            guard SourceUnit.isConstantName(list.text) || definition(unit, name: list.text, before: i).map({ isLiteralList(unit, $0) }) == true
            else { continue }
            // The `if` whose condition holds the check, and what its statement does when the name is not listed.
            guard let open = (body.lowerBound..<i).last(where: { unit.isWord($0 - 1, "if") && unit.isPunct($0, "(") && unit.close($0) > i }) else { continue }
            let close = unit.close(open)
            // `if (!LIST.includes(name) && other) return`: a name outside the list may still go on.
            guard close < limit, !((open + 1)..<close).contains(where: { unit.isPunct($0, "&&") }) else { continue }
            if unit.isWord(close + 1, "return") || unit.isWord(close + 1, "throw") { return true }
            // A block that leaves: it starts with `return` or `throw`, or has one of its own later (`leavesBlock`).
            guard unit.isPunct(close + 1, "{") else { continue }
            if unit.isWord(close + 2, "return") || unit.isWord(close + 2, "throw") || unit.leavesBlock(after: close + 2, before: limit, in: f) { return true }
        }
        return false
    }

    /// Whether `name` is a parameter of the class method around `at`, and every call of that method in the file
    /// (`this.method(…)`, at least one) passes a literal or a name checked against a fixed list (`isAllowListed`)
    /// in that place.
    private func isAllowListedAtEveryCall(_ unit: SourceUnit, parameter name: String, at i: Int) -> Bool {
        guard let f = unit.function(at: i), let m = unit.memberFunction(of: f), m == f,
              let position = unit.parameterNames(of: m).firstIndex(of: name),
              definition(unit, name: name, before: i).map({ !unit.functions[m].body.contains($0.lowerBound) }) ?? true else { return false }
        let method = unit.functions[m].name
        let calls = unit.calls.filter { $0.path == ["this", method] }
        guard !calls.isEmpty else { return false }
        return calls.allSatisfy { c in
            let args = unit.arguments(c)
            guard position < args.count, args[position].count == 1, let a = unit.token(args[position].lowerBound) else { return false }
            return a.kind == .string || a.kind == .identifier && isAllowListed(unit, name: a.text, before: c.open)
        }
    }

    /// `["users", "posts"]` (optionally `as const`): a fixed list of names written in the code.
    private func isLiteralList(_ unit: SourceUnit, _ r: Range<Int>) -> Bool {
        var end = r.upperBound
        if end - r.lowerBound > 2, unit.isWord(end - 1, "const"), unit.isWord(end - 2, "as") { end -= 2 }
        guard end - r.lowerBound >= 2, unit.isPunct(r.lowerBound, "["), unit.isPunct(end - 1, "]") else { return false }
        return ((r.lowerBound + 1)..<(end - 1)).allSatisfy { j in
            let t = unit.tokens[j]
            return t.kind == .string || t.kind == .template || t.isPunct(",")
        }
    }

    /// Whether token `i` (a name being defined) is visible at `limit`: at module level, or in a function that
    /// contains `limit`.
    private func inScope(_ unit: SourceUnit, _ i: Int, of limit: Int) -> Bool {
        guard let f = unit.function(at: i) else { return true }
        return unit.isWithin(limit, function: f)
    }

    /// Whether `name` is a parameter of a function around token `i` (before any local of that name).
    private func isParameter(_ unit: SourceUnit, name: String, at i: Int) -> Bool {
        var f = unit.function(at: i)
        var steps = 0
        while let current = f, steps < 100 {
            let node = unit.functions[current]
            if node.params.contains(where: { unit.tokens[$0].isWord(name) }) {
                return definition(unit, name: name, before: i).map { !node.body.contains($0.lowerBound) } ?? true
            }
            f = node.parent
            steps += 1
        }
        return false
    }

    /// A local `const q = \`… ${x} …\`` or `"…" + x` assigned before the call.
    private func builtVariable(_ unit: SourceUnit, name: String, before limit: Int) -> String? {
        for i in stride(from: limit - 1, through: max(0, limit - 2_000), by: -1)
        where unit.tokens[i].isWord(name) && (unit.isPunct(i + 1, "=") || unit.isPunct(i + 1, "+=")) && inScope(unit, i, of: limit) {
            let end = unit.statementEnd(from: i + 2)
            if unit.isPunct(i + 1, "+=") {
                let rhs = (i + 2)..<end
                if let part = unsafePart(unit, rhs) { return part }
                if rhs.count == 1, let t = unit.token(rhs.lowerBound), t.kind == .identifier, !SourceUnit.isConstantName(t.text) { return "+= \(t.text)" }
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
