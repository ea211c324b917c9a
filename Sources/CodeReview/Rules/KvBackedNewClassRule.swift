/// `kv-backed-new-class`: a migration creates a KV-backed class with `new_classes` where SQLite-backed
/// `new_sqlite_classes` is the default and the only option on new accounts.
struct KvBackedNewClassRule: Rule {
    static let info = RuleInfo(
        id: "kv-backed-new-class", severity: .info, title: "New class created KV-backed",
        summary: "A class listed in a migration's new_classes (KV-backed storage). It matters only for a class not yet deployed: a deployed KV-backed class cannot be converted.",
        notFlagged: "new_sqlite_classes; exports entries with storage \"sqlite\"; migrations that only rename, transfer or delete.",
        topics: ["migrations-and-exports", "sql-api", "limits"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        guard let config = analysis.wrangler, config.parseError == nil else { return }
        for m in config.migrations {
            for c in m.newClasses {
                sink.add(Self.info, file: config.path, line: c.line, column: config.column(of: c.value, line: c.line), endLine: c.line,
                         endColumn: config.column(of: c.value, line: c.line) + c.value.unicodeScalars.count,
                         excerpt: config.lineText(c.line),
                         message: "Migration `\(m.tag)` creates `\(c.value)` as a KV-backed class (new_classes). This matters only if `\(c.value)` is not deployed yet: then create it with new_sqlite_classes (SQLite-backed storage is the default, adds SQL and point-in-time recovery). A class already deployed this way cannot be converted, and nothing needs to change.",
                         fix: "For a class that has never been deployed, use:\nnew_sqlite_classes = [\"\(c.value)\"]\n(An already deployed KV-backed class cannot be converted: leave its migration as it is.)")
            }
        }
    }
}
