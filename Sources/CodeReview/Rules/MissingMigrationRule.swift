/// `missing-migration`: a class bound in the wrangler configuration that no migration or `exports` entry
/// creates, or that the code does not export.
struct MissingMigrationRule: Rule {
    static let info = RuleInfo(
        id: "missing-migration", severity: .error, title: "Bound Durable Object class without a migration or export",
        summary: "A durable_objects binding (without script_name) whose class_name is not created by the migrations applied in order (new_sqlite_classes, new_classes, renamed or transferred to, less deleted_classes) or by an exports entry; or whose class the reviewed code defines without exporting it, or the entry module (main), when reviewed, does not export.",
        notFlagged: "Bindings with script_name (the class lives in another Worker); classes that appear in none of the reviewed files (they may live in files not given), or when a file re-exports with export *. A class bound in several environments is one finding, with the other bindings related.",
        topics: ["migrations-and-exports", "wrangler-configuration"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        guard let config = analysis.wrangler, config.parseError == nil else { return }
        let created = config.createdClasses
        var definedNotExported: Set<String> = []
        var exported: Set<String> = []
        var reExports = false
        for unit in analysis.units {
            exported.formUnion(unit.exportedNames)
            reExports = reExports || unit.hasExportStar
            for c in unit.classes where !c.name.isEmpty && !c.isExported { definedNotExported.insert(c.name) }
        }
        definedNotExported.subtract(exported)
        // The entry module, when it is among the reviewed files: a bound class must be exported from it.
        let mainUnit = config.main.flatMap { m in analysis.units.first { Self.isSamePath($0.path, Self.resolve(m.value, besides: config.path)) } }
        // One finding per class: the same class bound again in another environment is the same fault, and its
        // other bindings are given as related locations.
        var seen: Set<String> = []
        let local = config.bindings.filter { $0.scriptName.isEmpty }
        for b in local {
            guard seen.insert(b.className).inserted else { continue }
            let others = local.filter { $0.className == b.className && $0.line != b.line }.map {
                RelatedLocation(file: config.path, line: $0.line, column: config.column(of: $0.className, line: $0.line),
                                message: "`\($0.className)` is bound here too\($0.environment.isEmpty ? "" : " (env.\($0.environment))")")
            }
            if !created.contains(b.className) {
                sink.add(Self.info, file: config.path, line: b.line, column: config.column(of: b.className, line: b.line), endLine: b.line,
                         endColumn: config.column(of: b.className, line: b.line) + b.className.unicodeScalars.count,
                         excerpt: config.lineText(b.line),
                         message: "Binding `\(b.name)` uses class `\(b.className)`, but no migration or exports entry creates it: the deploy fails with a missing-migration error.",
                         fix: "Add a migration that creates it (SQLite-backed):\n[[migrations]]\ntag = \"v\(config.migrations.count + 1)\"\nnew_sqlite_classes = [\"\(b.className)\"]\n# or, with declarative exports: exports = { \(b.className) = { type = \"durable-object\", storage = \"sqlite\" } }",
                         related: others)
            } else if definedNotExported.contains(b.className), !reExports {
                sink.add(Self.info, file: config.path, line: b.line, column: config.column(of: b.className, line: b.line), endLine: b.line,
                         endColumn: config.column(of: b.className, line: b.line) + b.className.unicodeScalars.count,
                         excerpt: config.lineText(b.line),
                         message: "Binding `\(b.name)` uses class `\(b.className)`, which the code defines but does not export: the Worker must export every Durable Object class it binds.",
                         fix: "Export the class from the Worker's entry module:\nexport class \(b.className) extends DurableObject { … }\n// or: export { \(b.className) } from \"./\(b.className.lowercased())\";",
                         related: others)
            } else if let mainUnit, !mainUnit.hasExportStar, !mainUnit.exportedNames.contains(b.className),
                      !definedNotExported.contains(b.className), let main = config.main {
                sink.add(Self.info, file: config.path, line: b.line, column: config.column(of: b.className, line: b.line), endLine: b.line,
                         endColumn: config.column(of: b.className, line: b.line) + b.className.unicodeScalars.count,
                         excerpt: config.lineText(b.line),
                         message: "Binding `\(b.name)` uses class `\(b.className)`, but the Worker's entry module `\(main.value)` does not export it: the deploy fails because the class is not found in the Worker.",
                         fix: "Export the class from the entry module:\nexport { \(b.className) } from \"./\(b.className.lowercased())\";",
                         related: others + [RelatedLocation(file: mainUnit.path, line: 1, column: 1, message: "the entry module `\(main.value)`, which exports no `\(b.className)`")])
            }
        }
    }

    /// `main` resolved against the folder of the config file, without `./` and `..` steps.
    static func resolve(_ main: String, besides config: String) -> String {
        var parts = config.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        for p in main.split(separator: "/") {
            if p == "." || p.isEmpty { continue }
            if p == "..", let last = parts.last, last != "..", !last.isEmpty { parts.removeLast() } else { parts.append(String(p)) }
        }
        return parts.joined(separator: "/")
    }

    /// The same file, given relative to different folders: one path ends with the other at a `/`.
    static func isSamePath(_ a: String, _ b: String) -> Bool {
        let x = a.hasPrefix("./") ? String(a.dropFirst(2)) : a
        let y = b.hasPrefix("./") ? String(b.dropFirst(2)) : b
        if x == y { return true }
        return x.hasSuffix("/" + y) || y.hasSuffix("/" + x)
    }
}
