/// `global-singleton`: a fixed object name on a request path, which funnels all traffic through one object.
struct GlobalSingletonRule: Rule {
    static let info = RuleInfo(
        id: "global-singleton", severity: .info, title: "Single global object on the request path",
        summary: "idFromName / getByName with a constant name (a string literal or a template without substitutions, directly or through a const, or a SCREAMING_CASE constant imported from elsewhere) in code that serves requests.",
        notFlagged: "Names built from the request (user, room, shard); fixed names in scheduled, queue, alarm, constructor, setup or admin code that is off the hot path.",
        topics: ["architecture-patterns", "single-threaded-execution", "pattern-sharded-counter"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        // Each unit's `const` declarations, read once for the whole review (a call in one file may name a
        // constant of another).
        var bindings: [[String: [(owner: Int?, value: Token?)]]?] = Array(repeating: nil, count: analysis.units.count)
        for (u, unit) in analysis.units.enumerated() {
            for c in unit.calls where (c.name == "idFromName" || c.name == "getByName") && c.path.count >= 2 {
                let args = unit.arguments(c)
                guard args.count == 1, args[0].count == 1, let arg = unit.token(args[0].lowerBound) else { continue }
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
                guard analysis.isOnRequestPath(unit: u, token: c.open) else { continue }
                let ns = c.path[c.path.count - 2]
                sink.add(Self.info, unit, from: c.calleeStart, to: c.close,
                         message: "`\(ns).\(c.name)(\(t.text))` sends every request to one object, which runs one request at a time (about 1,000 per second at best): a bottleneck and a single point of failure.",
                         fix: "Name the object after the unit of coordination, or shard it:\nconst stub = env.\(ns).getByName(`user:${userId}`);\n// or: env.\(ns).getByName(`shard:${hash(key) % 16}`)")
            }
        }
    }

    /// The literal a name is bound to by `const name = "…"` in the function making the call or at module level
    /// (a constant name kept in a variable is still one object for every request). `bindings` caches the unit's
    /// `const` declarations, read once.
    /// `call` nil: module-level bindings only.
    private func constantValue(_ unit: SourceUnit, of name: String, at call: Int?,
                               bindings: inout [String: [(owner: Int?, value: Token?)]]?) -> Token? {
        if bindings == nil {
            var all: [String: [(owner: Int?, value: Token?)]] = [:]
            for i in unit.tokens.indices where unit.tokens[i].isWord("const") && unit.isPunct(i + 2, "=") {
                guard let n = unit.token(i + 1), n.kind == .identifier else { continue }
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
