/// `bcw-per-request`: `blockConcurrencyWhile` outside the constructor, which serialises every request behind
/// it and caps the object's throughput.
struct BcwPerRequestRule: Rule {
    static let info = RuleInfo(
        id: "bcw-per-request", severity: .warning, title: "blockConcurrencyWhile on a request path",
        summary: "ctx.blockConcurrencyWhile(…) in a Durable Object method other than the constructor (or the methods only the constructor calls) that requests reach.",
        notFlagged: "blockConcurrencyWhile in the constructor for initialisation and schema migrations, in helpers only the constructor calls, in alarm() and the methods only it calls (off the request path), and in a start that runs once (under an if on the field its callback sets).",
        topics: ["input-output-gates", "constructor-initialization", "transactions"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for d in analysis.doClasses {
            let unit = analysis.units[d.unit]
            let cls = unit.classes[d.index]
            for c in unit.calls(in: cls.body) where c.name == "blockConcurrencyWhile" {
                guard let f = unit.function(at: c.open), let m = unit.memberFunction(of: f) else { continue }
                if m == cls.constructorIndex { continue }
                if d.constructorPath.contains(m), !d.requestPath.contains(m), !d.alarmPath.contains(m) { continue }
                // An alarm runs on its schedule, not once per request: blocking while it runs costs no throughput
                // per request.
                if d.alarmPath.contains(m), !d.requestPath.contains(m) { continue }
                if isOneTimeStart(c, member: m, d, unit) { continue }
                sink.add(Self.info, unit, from: c.calleeStart, to: c.close,
                         message: "`\(analysis.className(d)).\(unit.functions[m].name)` calls blockConcurrencyWhile on every call: each request waits for the previous one to finish, capping the object at a few hundred requests per second.",
                         fix: "Rely on input gates (storage calls with no other await between them are already atomic), or use a transaction:\nawait this.ctx.storage.transaction(async (txn) => {\n  const count = ((await txn.get(\"count\")) ?? 0) + 1;\n  await txn.put(\"count\", count);\n});")
            }
        }
    }

    /// A lazy start that runs once per instance: the callback sets a field (directly or through a member it
    /// calls) and the call is reached only under an `if` that tests that field, in the method itself or at
    /// every place the method is called (`if (this.#status !== "started") await this.#initialize()`).
    private func isOneTimeStart(_ c: CallSite, member m: Int, _ d: Analysis.DOClass, _ unit: SourceUnit) -> Bool {
        let callback = c.open..<c.close
        var set = unit.fieldsAssigned(in: callback)
        for call in unit.calls(in: callback) where call.path.count == 2 && call.path[0] == "this" {
            if let g = d.members[call.path[1]] { set.formUnion(unit.fieldsAssigned(in: unit.functions[g].body)) }
        }
        guard !set.isEmpty else { return false }
        let body = unit.functions[m].body
        func guarded(_ p: Int, from lower: Int) -> Bool {
            unit.enclosingIfConditions(of: p, from: lower).contains { !unit.fieldsMentioned(in: $0).isDisjoint(with: set) }
        }
        if guarded(c.calleeStart, from: body.lowerBound) { return true }
        let name = unit.functions[m].name
        let cls = unit.classes[d.index]
        let callers = unit.calls(in: cls.body).filter { $0.path.count == 2 && $0.path[0] == "this" && $0.path[1] == name }
        return !callers.isEmpty && callers.allSatisfy { call in
            guard let f = unit.function(at: call.open) else { return false }
            return guarded(call.calleeStart, from: unit.functions[unit.memberFunction(of: f) ?? f].body.lowerBound)
        }
    }
}
