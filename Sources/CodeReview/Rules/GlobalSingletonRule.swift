/// `global-singleton`: a fixed object name on a request path, which funnels all traffic through one object.
struct GlobalSingletonRule: Rule {
    static let info = RuleInfo(
        id: "global-singleton", severity: .info, title: "Single global object on the request path",
        summary: "idFromName / getByName with a constant name (a string literal or a template without substitutions) in code that serves requests.",
        notFlagged: "Names built from the request (user, room, shard); fixed names in scheduled, queue, alarm, constructor, setup or admin code that is off the hot path.",
        topics: ["architecture-patterns", "single-threaded-execution", "pattern-sharded-counter"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for (u, unit) in analysis.units.enumerated() {
            for c in unit.calls where (c.name == "idFromName" || c.name == "getByName") && c.path.count >= 2 {
                let args = unit.arguments(c)
                guard args.count == 1, args[0].count == 1, let t = unit.token(args[0].lowerBound),
                      t.kind == .string || t.kind == .template else { continue }
                guard analysis.isOnRequestPath(unit: u, token: c.open) else { continue }
                let ns = c.path[c.path.count - 2]
                sink.add(Self.info, unit, from: c.calleeStart, to: c.close,
                         message: "`\(ns).\(c.name)(\(t.text))` sends every request to one object, which runs one request at a time (about 1,000 per second at best): a bottleneck and a single point of failure.",
                         fix: "Name the object after the unit of coordination, or shard it:\nconst stub = env.\(ns).getByName(`user:${userId}`);\n// or: env.\(ns).getByName(`shard:${hash(key) % 16}`)")
            }
        }
    }
}
