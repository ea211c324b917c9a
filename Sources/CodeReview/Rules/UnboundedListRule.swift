/// `unbounded-list`: `storage.list()` without a limit or prefix, which loads every key into memory at once.
struct UnboundedListRule: Rule {
    static let info = RuleInfo(
        id: "unbounded-list", severity: .warning, title: "storage.list() with no limit or prefix",
        summary: "storage.list() with no options, or options with neither limit, prefix nor end, on an object whose keys grow.",
        notFlagged: "list({ prefix }), list({ limit }), list({ start, end }), and lists over a transaction's own snapshot with those options; SQL queries.",
        topics: ["storage-kv-api", "limits"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for unit in analysis.units {
            for c in unit.calls where c.name == "list" && unit.isStorageCall(c) {
                let args = unit.arguments(c)
                if let opts = args.first {
                    let text = unit.text(opts)
                    if !text.hasPrefix("{") { continue }  // options built elsewhere: cannot tell
                    if text.contains("limit") || text.contains("prefix") || text.contains("end") { continue }
                }
                let method = unit.function(at: c.open).flatMap { unit.memberFunction(of: $0) ?? $0 }.map { unit.functions[$0].name } ?? "top level"
                sink.add(Self.info, unit, from: c.calleeStart, to: c.close,
                         message: "`\(c.path.joined(separator: "."))()` in `\(method)` reads every key the object holds into memory at once; as the data grows this gets slow and can exceed the 128 MB memory limit.",
                         fix: "Page through a prefix:\nconst page = await this.ctx.storage.list({ prefix: \"item:\", limit: 100, startAfter: cursor });")
            }
        }
    }
}
