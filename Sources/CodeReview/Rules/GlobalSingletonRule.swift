/// `global-singleton`: a fixed object name on a request path, which funnels all traffic through one object.
struct GlobalSingletonRule: Rule {
    static let info = RuleInfo(
        id: "global-singleton", severity: .info, title: "Single global object on the request path",
        summary: "idFromName / getByName (or the Agents SDK's getAgentByName) with a constant name (a string literal or a template without substitutions, directly or through a const or a let never assigned again, a read-only field such as this.NAME or Room.DEFAULT, or a SCREAMING_CASE constant imported from elsewhere) in code that serves requests; low confidence behind admin routes (/admin, /reset, /clear, /debug, /setup, /init, /seed, /migrate, /install).",
        notFlagged: "Names built from the request (user, room, shard); fixed names in scheduled, queue, alarm, constructor, setup or admin code that is off the hot path.",
        topics: ["architecture-patterns", "single-threaded-execution", "pattern-sharded-counter"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        // Each unit's `const` declarations, read once for the whole review (a call in one file may name a
        // constant of another).
        var bindings: [[String: [(owner: Int?, value: Token?)]]?] = Array(repeating: nil, count: analysis.units.count)
        for (u, unit) in analysis.units.enumerated() {
            for c in unit.calls where c.name == "idFromName" || c.name == "getByName" || c.name == "getAgentByName" {
                // `ns.idFromName(name)`, `ns.getByName(name)`, and the Agents SDK's `getAgentByName(ns, name)`.
                let all = unit.arguments(c)
                let args: [Range<Int>]
                if (c.name == "idFromName" || c.name == "getByName") && c.path.count >= 2 && all.count == 1 {
                    args = all
                } else if c.name == "getAgentByName" && c.path.count == 1 && all.count >= 2 {
                    args = [all[1]]
                } else {
                    continue
                }
                // `this.NAME`, a field of the class initialised to a literal and never assigned elsewhere.
                // `Room.DEFAULT`, a static field of a class of the file initialised to a literal.
                if args[0].count == 3, let owner = unit.token(args[0].lowerBound), owner.kind == .identifier, unit.isPunct(args[0].lowerBound + 1, "."),
                   let field = unit.token(args[0].lowerBound + 2),
                   let t = owner.text == "this" ? fieldLiteral(unit, field.text, at: c.open) : staticFieldLiteral(unit, owner.text, field.text),
                   analysis.isOnRequestPath(unit: u, token: c.open) {
                    report(unit, c, t, confidence: offHotPath(unit, c) ? .low : .medium, into: &sink)
                    continue
                }
                guard args[0].count == 1, let arg = unit.token(args[0].lowerBound) else { continue }
                var value: Token? = arg
                if arg.kind == .identifier {
                    value = constantValue(unit, of: arg.text, at: c.open, bindings: &bindings[u])
                    // Not bound in this file: a module-level constant of another reviewed file, or a name in
                    // SCREAMING_CASE, which by convention holds a constant (imported from a shared module).
                    if value == nil, bindings[u]?[arg.text] == nil {
                        for other in analysis.units.indices where other != u && value == nil {
                            value = constantValue(analysis.units[other], of: arg.text, at: nil, bindings: &bindings[other])
                        }
                        if value == nil, SourceUnit.isConstantName(arg.text) { value = arg }
                    }
                }
                guard let t = value, t.kind == .string || t.kind == .template || t.kind == .identifier else { continue }
                guard analysis.isOnRequestPath(unit: u, token: c.open), !stubNeverUsed(unit, c) else { continue }
                report(unit, c, t, confidence: offHotPath(unit, c) ? .low : .high, into: &sink)
            }
        }
    }

    private func report(_ unit: SourceUnit, _ c: CallSite, _ t: Token, confidence: Confidence, into sink: inout FindingSink) {
        let agent = c.path.count == 1
        let ns = agent ? unit.arguments(c).first.map { unit.text($0) } ?? "namespace" : c.path[c.path.count - 2]
        let shown = unit.text(unit.inside(c.open))
        let called = agent ? "\(c.name)(\(shown))" : "\(ns).\(c.name)(\(shown))"
        sink.add(Self.info, unit, from: c.calleeStart, to: c.close,
                 message: "`\(called)` sends every request to one object, which runs one request at a time (about 1,000 per second at best): a bottleneck and a single point of failure."
                    + (confidence == .low ? " It sits behind an admin or status route, which may see little traffic." : ""),
                 fix: agent
                    ? "Name the agent after the unit of coordination (a user, a conversation), or shard it:\nconst agent = await getAgentByName(\(ns), `user:${userId}`);"
                    : "Name the object after the unit of coordination, or shard it:\nconst stub = env.\(ns).getByName(`user:${userId}`);\n// or: env.\(ns).getByName(`shard:${hash(key) % 16}`)",
                 confidence: confidence)
    }

    /// True when the id, and the stub made from it, are kept in locals that nothing reads afterwards (code left
    /// behind, such as tools commented out): no request reaches the object from here.
    private func stubNeverUsed(_ unit: SourceUnit, _ c: CallSite) -> Bool {
        guard let f = unit.function(at: c.open) else { return false }
        let body = unit.functions[f].body
        func readsAfter(_ name: String, _ from: Int) -> Bool {
            (from..<body.upperBound).contains { unit.tokens[$0].isWord(name) && !unit.isPunct($0 - 1, ".") }
        }
        // The local a call's value is declared into: `const|let|var name[: Type] = <call>`.
        func declared(_ call: CallSite) -> String? {
            let st = unit.statementStart(at: call.calleeStart)
            guard ["const", "let", "var"].contains(where: { unit.isWord(st, $0) }), let n = unit.token(st + 1), n.kind == .identifier,
                  let eq = (st + 2..<call.calleeStart).first(where: { unit.isPunct($0, "=") }),
                  unit.isPunct(eq, "="), call.calleeStart - eq <= 2 else { return nil }
            return n.text
        }
        var name = declared(c)
        var end = c.close
        // `const id = ns.idFromName(…)` then `const stub = ns.get(id)`.
        if let id = name, let get = unit.calls(in: (c.close + 1)..<body.upperBound).first(where: { g in
            g.name == "get" && unit.arguments(g).contains { $0.count == 1 && unit.tokens[$0.lowerBound].isWord(id) }
        }) {
            let others = ((c.close + 1)..<body.upperBound).filter { unit.tokens[$0].isWord(id) && !unit.isPunct($0 - 1, ".") }
            guard others.allSatisfy({ get.open < $0 && $0 < get.close }) else { return false }
            name = declared(get)
            end = get.close
        }
        guard let stub = name else { return false }
        return !readsAfter(stub, end + 1)
    }

    private static let adminWords = ["clear", "reset", "admin", "debug", "init", "setup", "seed", "migrate", "install"]

    /// True when the call sits behind a route for admin or status work: an `if` on the path, or a route
    /// registration (`app.all("/clear", …)`), whose string names such a path.
    private func offHotPath(_ unit: SourceUnit, _ c: CallSite) -> Bool {
        // Every path the condition names is an admin path (`/ws` || `/debug` is not).
        func adminString(_ r: Range<Int>) -> Bool {
            let paths = r.filter { j in
                let t = unit.tokens[j]
                return (t.kind == .string || t.kind == .template) && t.text.contains("/")
            }
            return !paths.isEmpty && paths.allSatisfy { j in
                unit.tokens[j].text.lowercased().split(whereSeparator: { !$0.isLetter }).contains { Self.adminWords.contains(String($0)) }
            }
        }
        let scopeStart = unit.function(at: c.open).map { unit.functions[$0].body.lowerBound } ?? 0
        if unit.enclosingIfConditions(of: c.open, from: scopeStart).contains(where: adminString) { return true }
        var f = unit.function(at: c.open)
        var steps = 0
        while let g = f, steps < 8 {
            if let route = unit.callReceiving(function: g), let first = unit.arguments(route).first, adminString(first) { return true }
            f = unit.functions[g].parent
            steps += 1
        }
        return false
    }

    /// The literal a static field is initialised to (`static readonly DEFAULT = "default"`), when it is read-only.
    private func staticFieldLiteral(_ unit: SourceUnit, _ className: String, _ name: String) -> Token? {
        guard let cls = unit.classes.first(where: { $0.name == className }),
              let field = cls.fields.first(where: { $0.name == name && $0.isStatic && $0.isReadonly }),
              let ini = field.initializer, ini.count == 1, let t = unit.token(ini.lowerBound),
              t.kind == .string || t.kind == .template else { return nil }
        return t
    }

    /// The literal a class field is initialised to (`private readonly NAME = "images"`), when no method assigns it.
    private func fieldLiteral(_ unit: SourceUnit, _ name: String, at call: Int) -> Token? {
        guard let cls = unit.classes.first(where: { $0.body.contains(call) }),
              let field = cls.fields.first(where: { $0.name == name && !$0.isStatic }),
              let ini = field.initializer, ini.count == 1, let t = unit.token(ini.lowerBound),
              t.kind == .string || t.kind == .template else { return nil }
        guard !unit.fieldsAssigned(in: cls.body).contains(name) else { return nil }
        return t
    }

    /// The literal a name is bound to by `const name = "…"` (or a `let` the file never assigns again) in the
    /// function making the call or at module level (a constant name kept in a variable is still one object for
    /// every request). `bindings` caches the unit's declarations, read once.
    /// `call` nil: module-level bindings only.
    private func constantValue(_ unit: SourceUnit, of name: String, at call: Int?,
                               bindings: inout [String: [(owner: Int?, value: Token?)]]?) -> Token? {
        if bindings == nil {
            var all: [String: [(owner: Int?, value: Token?)]] = [:]
            // Names assigned after their declaration (`name = …`, `name += …`, `name++`), so not constant as `let`.
            var reassigned: Set<String> = []
            for j in unit.tokens.indices where unit.tokens[j].kind == .identifier && !unit.isWord(j - 1, "let") && !unit.isPunct(j - 1, ".") {
                if unit.isAssigned(at: j) || unit.isPunct(j - 1, "++") || unit.isPunct(j - 1, "--") { reassigned.insert(unit.tokens[j].text) }
            }
            for i in unit.tokens.indices where (unit.tokens[i].isWord("const") || unit.tokens[i].isWord("let")) && unit.isPunct(i + 2, "=") {
                guard let n = unit.token(i + 1), n.kind == .identifier else { continue }
                // A `let` assigned again still shadows any other binding of its name, so it is kept, with no value.
                if unit.tokens[i].isWord("let"), reassigned.contains(n.text) { all[n.text, default: []].append((unit.function(at: i), nil)); continue }
                let value = ((i + 3)..<unit.statementEnd(from: i + 3)).filter { !unit.isPunct($0, ";") }
                let literal = value.count == 1 ? unit.token(value[0]).flatMap { $0.kind == .string || $0.kind == .template ? $0 : nil } : nil
                all[n.text, default: []].append((unit.function(at: i), literal))
            }
            bindings = all
        }
        let scope = call.flatMap { unit.function(at: $0) }
        let visible = (bindings?[name] ?? []).filter { $0.owner == nil || $0.owner == scope }
        // Two bindings of the same name (in different scopes) make the value unsure.
        guard visible.count == 1 else { return nil }
        return visible[0].value
    }
}
