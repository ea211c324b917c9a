import Foundation

/// The parts of a wrangler configuration (TOML, JSON or JSONC) that matter for Durable Objects.
package struct WranglerConfig: Sendable {
    /// A string value with the line it was read from.
    struct Located: Sendable {
        var value: String
        var line: Int
    }

    struct BoundClass: Sendable {
        var name: String
        var className: String
        var scriptName: String
        var environment: String
        var line: Int
    }

    struct Migration: Sendable {
        var tag: String
        var line: Int
        var newSqliteClasses: [Located]
        var newClasses: [Located]
        /// Targets of `renamed_classes` and `transferred_classes`.
        var movedTo: [Located]
        var deleted: [Located]
    }

    let path: String
    private let lines: [Substring]
    private(set) var bindings: [BoundClass] = []
    private(set) var migrations: [Migration] = []
    /// Class names declared in `exports` as Durable Objects, and whether each is live (not deleted or renamed).
    private(set) var exports: [(name: Located, live: Bool)] = []
    /// Set when the file could not be read; the wrangler rules then report nothing.
    private(set) var parseError: ConfigSyntaxError?
    /// The entry module (`main`), as written, relative to the config's folder.
    private(set) var main: Located?

    init(file: SourceFile) {
        path = file.path
        lines = file.content.split(separator: "\n", omittingEmptySubsequences: false)
        let lower = file.path.lowercased()
        let root: ConfigNode
        do throws(ConfigSyntaxError) {
            if lower.hasSuffix(".json") || lower.hasSuffix(".jsonc") || file.content.drop(while: { $0.isWhitespace }).first == "{" {
                var reader = JSONCReader(file.content)
                root = try reader.read()
            } else {
                var reader = TOMLReader(file.content)
                root = try reader.read()
            }
        } catch {
            parseError = error
            return
        }
        if let m = root["main"], let value = m.string { main = Located(value: value, line: m.line) }
        read(root, environment: "")
        for (env, node) in root["env"]?.entries ?? [] { read(node, environment: env) }
        for (key, node) in root["exports"]?.entries ?? [] where node["type"]?.string == "durable-object" {
            let state = node["state"]?.string ?? "created"
            exports.append((Located(value: key, line: node.line), state == "created" || state == "expecting-transfer"))
        }
    }

    private mutating func read(_ node: ConfigNode, environment: String) {
        // `[durable_objects] bindings`, and the older `[[bindings]]` entries of `type = "durable_object_namespace"`.
        let older = (node["bindings"]?.array ?? []).filter { $0["type"]?.string == "durable_object_namespace" }
        for b in (node["durable_objects"]?["bindings"]?.array ?? []) + older {
            guard let className = b["class_name"]?.string else { continue }
            bindings.append(BoundClass(name: b["name"]?.string ?? "", className: className,
                                       scriptName: b["script_name"]?.string ?? "", environment: environment,
                                       line: b["class_name"]?.line ?? b.line))
        }
        for m in node["migrations"]?.array ?? [] {
            func names(_ key: String) -> [Located] {
                (m[key]?.array ?? []).compactMap { n in n.string.map { Located(value: $0, line: n.line) } }
            }
            let moved = ((m["renamed_classes"]?.array ?? []) + (m["transferred_classes"]?.array ?? [])).compactMap { n in
                n["to"]?.string.map { Located(value: $0, line: n["to"]?.line ?? n.line) }
            }
            migrations.append(Migration(tag: m["tag"]?.string ?? "", line: m.line, newSqliteClasses: names("new_sqlite_classes"),
                                        newClasses: names("new_classes"), movedTo: moved, deleted: names("deleted_classes")))
        }
    }

    /// The text of a 1-based line, without its line break.
    func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lines.count else { return "" }
        return String(lines[line - 1]).trimmingCharacters(in: .newlines)
    }

    /// 1-based column (in Unicode scalars) of `needle` on a line, or 1.
    func column(of needle: String, line: Int) -> Int {
        let text = lineText(line)
        guard let r = text.range(of: needle) else { return 1 }
        return text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: r.lowerBound) + 1
    }

    /// Class names that the migrations, applied in order, leave created (a class deleted by one tag and created
    /// again by a later one exists), or that a live `exports` entry creates.
    var createdClasses: Set<String> {
        var names: Set<String> = []
        for m in migrations {
            names.subtract(m.deleted.map(\.value))
            names.formUnion(m.newSqliteClasses.map(\.value))
            names.formUnion(m.newClasses.map(\.value))
            names.formUnion(m.movedTo.map(\.value))
        }
        return names.union(exports.filter(\.live).map(\.name.value))
    }
}
