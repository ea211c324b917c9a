/// `bcw-per-request`: `blockConcurrencyWhile` outside the constructor, which serialises every request behind
/// it and caps the object's throughput.
struct BcwPerRequestRule: Rule {
    static let info = RuleInfo(
        id: "bcw-per-request", severity: .warning, title: "blockConcurrencyWhile on a request path",
        summary: "ctx.blockConcurrencyWhile(…) in a Durable Object method other than the constructor (or the methods only the constructor calls).",
        notFlagged: "blockConcurrencyWhile in the constructor for initialisation and schema migrations, and in helpers only the constructor calls.",
        topics: ["input-output-gates", "constructor-initialization", "transactions"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for d in analysis.doClasses {
            let unit = analysis.units[d.unit]
            let cls = unit.classes[d.index]
            for c in unit.calls(in: cls.body) where c.name == "blockConcurrencyWhile" {
                guard let f = unit.function(at: c.open), let m = unit.memberFunction(of: f) else { continue }
                if m == cls.constructorIndex { continue }
                if d.constructorPath.contains(m), !d.requestPath.contains(m), !d.alarmPath.contains(m) { continue }
                sink.add(Self.info, unit, from: c.calleeStart, to: c.close,
                         message: "`\(analysis.className(d)).\(unit.functions[m].name)` calls blockConcurrencyWhile on every call: each request waits for the previous one to finish, capping the object at a few hundred requests per second.",
                         fix: "Rely on input gates (storage calls with no other await between them are already atomic), or use a transaction:\nawait this.ctx.storage.transaction(async (txn) => {\n  const count = ((await txn.get(\"count\")) ?? 0) + 1;\n  await txn.put(\"count\", count);\n});")
            }
        }
    }
}
