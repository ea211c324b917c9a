/// `unbounded-list`: `storage.list()` without a limit or prefix, which loads every key into memory at once.
struct UnboundedListRule: Rule {
    static let info = RuleInfo(
        id: "unbounded-list", severity: .warning, title: "storage.list() with no limit or prefix",
        summary: "storage.list() with no options, or options with neither limit, prefix nor end, on an object whose keys grow.",
        notFlagged: "list({ prefix }), list({ limit }), list({ start, end }), and lists over a transaction's own snapshot with those options; SQL queries; objects whose every write uses a fixed key. Reported at low confidence when the reviewed code writes no keys at all.",
        topics: ["storage-kv-api", "limits"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        let growth = keyGrowth(analysis)
        for unit in analysis.units {
            for c in unit.calls where c.name == "list" && unit.isStorageCall(c) {
                let args = unit.arguments(c)
                if let opts = args.first {
                    let text = unit.text(opts)
                    if !text.hasPrefix("{") { continue }  // options built elsewhere: cannot tell
                    if text.contains("limit") || text.contains("prefix") || text.contains("end") { continue }
                }
                // Keys written only under fixed names (`put("stats", …)`) do not grow: listing them is bounded.
                if growth == .fixed { continue }
                let method = unit.function(at: c.open).flatMap { unit.memberFunction(of: $0) ?? $0 }.map { unit.functions[$0].name } ?? "top level"
                sink.add(Self.info, unit, from: c.calleeStart, to: c.close,
                         message: "`\(c.path.joined(separator: "."))()` in `\(method)` reads every key the object holds into memory at once; as the data grows this gets slow and can exceed the 128 MB memory limit.",
                         fix: "Page through a prefix:\nconst page = await this.ctx.storage.list({ prefix: \"item:\", limit: 100, startAfter: cursor });",
                         confidence: growth == .grows ? .high : .low)
            }
        }
    }

    enum KeyGrowth { case grows, fixed, unknown }

    /// Whether the reviewed code writes keys whose names come from values (`put(key, …)`, `put(\`item:${id}\`, …)`),
    /// only fixed names (string literals, object literals with plain keys), or no keys at all (the writes
    /// happen in code not given, so nobody can tell).
    private func keyGrowth(_ analysis: Analysis) -> KeyGrowth {
        var sawWrite = false
        for unit in analysis.units {
            for c in unit.calls where c.name == "put" && unit.isStorageCall(c) {
                guard let key = unit.arguments(c).first, let first = unit.token(key.lowerBound) else { continue }
                sawWrite = true
                if key.count == 1, first.kind == .string { continue }
                if first.isPunct("{") {
                    let entries = unit.split(unit.inside(key.lowerBound))
                    if entries.allSatisfy({ e in
                        guard let k = unit.token(e.lowerBound) else { return true }
                        return (k.kind == .identifier || k.kind == .string) && (e.count == 1 || unit.isPunct(e.lowerBound + 1, ":"))
                    }) { continue }
                }
                return .grows
            }
        }
        return sawWrite ? .fixed : .unknown
    }
}
