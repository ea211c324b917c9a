import Foundation

/// `do-as-kv`: a Durable Object used as a plain key-value store, with no coordination that needs one.
struct DoAsKvRule: Rule {
    static let info = RuleInfo(
        id: "do-as-kv", severity: .info, title: "Durable Object used as a key-value store",
        summary: "A Durable Object class whose every handler is a plain storage get, put, delete or list by key, or SQL that reads, writes or deletes one row by key (no read-modify-write on one path, no conditions on stored data beyond whether it exists, no alarms, no WebSockets, no calls out); or a caller that creates one object per storage key with idFromName(key) (low confidence unless the stub is then used as a map).",
        notFlagged: "Classes with any coordination: read-modify-write, transactions, alarms, WebSockets, loops, calls to other services; objects named after an entity (user, room, document) rather than a raw key.",
        topics: ["do-vs-kv", "choosing-storage"])

    private static let handles: Set<String> = ["ctx", "state", "env", "storage", "sql"]
    private static let arithmetic: Set<String> = ["+=", "-=", "++", "--", "..."]
    private static let keyNames: Set<String> = ["key", "cachekey", "storagekey", "kvkey"]

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for d in analysis.doClasses {
            let unit = analysis.units[d.unit]
            let cls = unit.classes[d.index]
            let handlers = cls.members.filter { d.requestPath.contains($0) && !unit.functions[$0].isPrivate }
                .filter { f in cls.members.contains(f) && unit.functions[f].kind != .constructor }
            guard !handlers.isEmpty, !cls.members.contains(where: { Analysis.handlerNames.contains(unit.functions[$0].name) && unit.functions[$0].name != "fetch" }) else { continue }
            let plain = handlers.allSatisfy { isPlainKeyValue(unit, unit.functions[$0].body) }
            // A constructor that does more than `super(ctx, env)` sets the object up: more than a store.
            // Creating the table the values live in (`CREATE TABLE IF NOT EXISTS kv …`) is no more than that.
            let setsUp = cls.constructorIndex.map { ctor in
                unit.calls(in: unit.functions[ctor].body).contains { $0.name != "super" && !isSchemaSetUp(unit, $0) }
            } ?? false
            let coordination = setsUp
                || ["acceptWebSocket", "WebSocketPair", "setAlarm", "transaction", "blockConcurrencyWhile"].contains { unit.containsWord($0, in: cls.body) }
            guard plain, !coordination else { continue }
            let usesStorage = handlers.contains { f in unit.calls(in: unit.functions[f].body).contains { unit.isStorageCall($0) } }
            guard usesStorage else { continue }
            // A key-value store is both written and read by key; a write-only sink or a read-only view is not.
            let kinds = Set(handlers.flatMap { f in unit.calls(in: unit.functions[f].body).filter { unit.isStorageCall($0) }.map(\.name) })
            let sqlKinds = Set(handlers.flatMap { f in unit.calls(in: unit.functions[f].body).compactMap { sqlKeyValueKind(unit, $0) } })
            guard kinds.contains("get") && (kinds.contains("put") || kinds.contains("delete"))
                    || sqlKinds.contains("get") && (sqlKinds.contains("put") || sqlKinds.contains("delete")) else { continue }
            sink.add(Self.info, unit, from: cls.nameToken,
                     message: "Every handler of `\(analysis.className(d))` is a plain storage get or put by key, with no coordination: Workers KV (or D1) serves this cheaper and from every location.",
                     fix: "Read and write the value from the Worker with a KV binding:\nconst value = await env.MY_KV.get(key);\nawait env.MY_KV.put(key, value);")
        }
        for unit in analysis.units {
            for call in unit.calls where call.name == "idFromName" || call.name == "getByName" {
                let args = unit.arguments(call)
                guard args.count == 1, args[0].count == 1, let t = unit.token(args[0].lowerBound), t.kind == .identifier,
                      Self.keyNames.contains(t.text.lowercased()) else { continue }
                // The name says "key", but whether the object is a map or coordinates per key (a rate limiter, a
                // lock) is not in this call: low, unless the stub is then used as a map in the same function.
                let scope = unit.function(at: call.open).map { unit.functions[$0].body } ?? unit.tokens.indices
                let mapLike: Set<String> = ["get", "put", "set", "delete", "getValue", "setValue"]
                let usedAsMap = unit.calls(in: scope).contains { c in
                    c.open > call.close && c.path.count == 2 && c.path[0] != "this" && c.path[0] != "env"
                        && mapLike.contains(c.name) && c.path[0] != call.path.first && !unit.isStubFactory(c)
                }
                let ns = call.path.count >= 2 ? call.path[call.path.count - 2] : "namespace"
                sink.add(Self.info, unit, from: call.calleeStart, to: call.close,
                         message: "`\(ns).\(call.name)(\(t.text))` creates one Durable Object per storage key: that is a key-value store, which Workers KV provides without an object per key.",
                         fix: "Use a KV namespace for per-key values:\nconst value = await env.MY_KV.get(\(t.text));",
                         confidence: usedAsMap ? .medium : .low)
            }
        }
    }

    /// Only storage get/put/delete by key, no read-modify-write of the same key, no loops or outgoing calls.
    private func isPlainKeyValue(_ unit: SourceUnit, _ body: Range<Int>) -> Bool {
        var reads: [Int] = []
        var writes: [Int] = []
        // A handler that does not touch storage serves something else than stored values.
        guard unit.calls(in: body).contains(where: { unit.isStorageCall($0) }) else { return false }
        for c in unit.calls(in: body) {
            if unit.isStorageCall(c) {
                if c.has("sql") {
                    // SQL that reads, writes or deletes one row by key is the same map, in a table.
                    switch sqlKeyValueKind(unit, c) {
                    case "get": reads.append(c.open)
                    case "put", "delete": writes.append(c.open)
                    default: return false
                    }
                } else if c.name == "get" || c.name == "list" { reads.append(c.open) } else if c.name == "put" || c.name == "delete" { writes.append(c.open) } else { return false }
            } else if c.name == "fetch" || unit.isStubFactory(c) || c.path.first == "this" && c.path.count == 2 {
                return false
            }
        }
        // A read and a write on one path is a read-modify-write; a route that reads and returns, beside one that
        // writes, is two map operations.
        for r in reads {
            for w in writes {
                let (first, later) = (min(r, w), max(r, w))
                guard let f = unit.function(at: first), unit.leavesBlock(after: first, before: later, in: f) else { return false }
            }
        }
        if !unit.loops(in: body).isEmpty { return false }
        // Instance state beyond the storage handles (an in-memory cache, counters) is more than a store.
        for i in body where unit.tokens[i].isWord("this") && unit.isPunct(i + 1, ".") {
            if let member = unit.token(i + 2), !Self.handles.contains(member.text) { return false }
        }
        // A condition on what was read (expiry, ownership, versions) is logic a key-value store does not have.
        // Whether a value was found (`if (!value)`, `if (rows.length === 0)`) is what a map answers too.
        let readValues = Set(unit.calls(in: body).filter { c in
            unit.isStorageCall(c) && (c.name == "get" || c.has("sql"))
                || ["toArray", "one", "raw"].contains(c.name) && c.path.contains("()")
        }.compactMap { unit.assignedName(of: $0) })
        for i in body where unit.tokens[i].isWord("if") && unit.isPunct(i + 1, "(") {
            let cond = unit.inside(i + 1)
            if cond.contains(where: { unit.tokens[$0].kind == .identifier && readValues.contains(unit.tokens[$0].text) }),
               !isExistenceTest(unit, cond, of: readValues) {
                return false
            }
        }
        // Arithmetic or merging on what was read is coordination.
        for i in body where unit.tokens[i].kind == .punct && Self.arithmetic.contains(unit.tokens[i].text) {
            return false
        }
        return true
    }

    /// `!v`, `v`, `v === undefined | null`, `v.length === 0`, `rows.length > 0`: a test that a value was found.
    private func isExistenceTest(_ unit: SourceUnit, _ cond: Range<Int>, of names: Set<String>) -> Bool {
        let allowed: Set<String> = ["length", "undefined", "null"]
        for j in cond {
            let t = unit.tokens[j]
            switch t.kind {
            case .identifier: if !names.contains(t.text) && !allowed.contains(t.text) { return false }
            case .number: if t.text != "0" { return false }
            case .punct: if !["!", ".", "===", "==", "!==", "!=", ">", "<", "(", ")", "?."].contains(t.text) { return false }
            default: return false
            }
        }
        return true
    }

    /// The SQL text of an `exec` whose first argument is a plain string or template without substitutions.
    private func sqlText(_ unit: SourceUnit, _ c: CallSite) -> String? {
        guard c.has("sql"), c.name == "exec", let first = unit.arguments(c).first, first.count == 1 else { return nil }
        let t = unit.tokens[first.lowerBound]
        guard t.kind == .string || t.kind == .template else { return nil }
        return String(t.text.dropFirst().dropLast()).uppercased()
    }

    /// `CREATE TABLE` / `CREATE INDEX` statements only.
    private func isSchemaSetUp(_ unit: SourceUnit, _ c: CallSite) -> Bool {
        guard let sql = sqlText(unit, c) else { return false }
        let statements = sql.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        return !statements.isEmpty && statements.allSatisfy { $0.hasPrefix("CREATE TABLE") || $0.hasPrefix("CREATE INDEX") || $0.hasPrefix("CREATE UNIQUE INDEX") }
    }

    /// "get", "put" or "delete" for one statement on one row by key (`SELECT … WHERE key = ?`, `INSERT … VALUES`,
    /// an upsert that sets the new values, `DELETE … WHERE key = ?`); nil for anything else: joins, aggregates,
    /// order, arithmetic on stored columns, several statements.
    private func sqlKeyValueKind(_ unit: SourceUnit, _ c: CallSite) -> String? {
        guard let raw = sqlText(unit, c) else { return nil }
        let sql = raw.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: "; "))
        guard !sql.contains(";") else { return nil }
        for word in [" JOIN ", "GROUP BY", "ORDER BY", "COUNT(", "SUM(", "MAX(", "MIN(", "AVG(", " UNION ", "RETURNING"] where sql.contains(word) { return nil }
        if sql.hasPrefix("SELECT ") {
            guard let w = sql.range(of: " WHERE ") else { return nil }
            let clause = sql[w.upperBound...]
            return clause.contains("= ?") || clause.contains("=?") ? "get" : nil
        }
        if sql.hasPrefix("DELETE FROM ") {
            return sql.contains(" WHERE ") && (sql.contains("= ?") || sql.contains("=?")) ? "delete" : nil
        }
        if sql.hasPrefix("INSERT ") || sql.hasPrefix("REPLACE ") {
            guard sql.contains(" VALUES") else { return nil }
            if let u = sql.range(of: " DO UPDATE SET ") {
                // Only `col = excluded.col`: the new value replaces the old one.
                let sets = sql[u.upperBound...].split(separator: ",")
                guard sets.allSatisfy({ $0.contains("EXCLUDED.") && !$0.contains("+") && !$0.contains("-") }) else { return nil }
            }
            return "put"
        }
        return nil
    }
}
