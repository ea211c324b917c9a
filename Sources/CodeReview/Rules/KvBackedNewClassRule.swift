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
            // One finding per line: classes listed together are fixed together, by one edit of that line.
            var lines: [Int] = []
            for c in m.newClasses where !lines.contains(c.line) { lines.append(c.line) }
            for line in lines {
                let classes = m.newClasses.filter { $0.line == line }
                guard let c = classes.first, let last = classes.last else { continue }
                let names = classes.map { "`\($0.value)`" }.joined(separator: ", ")
                let quoted = classes.map { "\"\($0.value)\"" }.joined(separator: ", ")
                let one = classes.count == 1
                sink.add(Self.info, file: config.path, line: line, column: config.column(of: c.value, line: line), endLine: line,
                         endColumn: config.column(of: last.value, line: line) + last.value.unicodeScalars.count,
                         excerpt: config.lineText(line),
                         message: "Migration `\(m.tag)` creates \(names) as \(one ? "a KV-backed class" : "KV-backed classes") (new_classes). This matters only if \(one ? "\(names) is" : "they are") not deployed yet: then create \(one ? "it" : "them") with new_sqlite_classes (SQLite-backed storage is the default, adds SQL and point-in-time recovery). A class already deployed this way cannot be converted, and nothing needs to change.",
                         fix: "For \(one ? "a class that has" : "classes that have") never been deployed, use:\nnew_sqlite_classes = [\(quoted)]\n(An already deployed KV-backed class cannot be converted: leave its migration as it is.)")
            }
        }
    }
}
