import GRDBSQLite
import JSONModel

/// The KV API over `_cf_KV`: keys ordered and compared as UTF-8 bytes, values stored as JSON.
extension ObjectStorage {
    // MARK: KV reads

    /// The value of `key`, or `nil`.
    public func get(_ key: String) throws -> JSON? {
        try checkKey(key)
        counters.kvReads += 1
        guard let c = try db(create: false), try kvTableExists(c) else { return nil }
        let stmt = try c.cached("SELECT value FROM _cf_KV WHERE key = ?")
        defer { sqlite3_reset(stmt) }
        stmt.bind(1, text: key)
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_ROW { return try JSON(parsing: stmt.blob(0)) }
        if rc != SQLITE_DONE { throw c.sqlError(rc) }
        return nil
    }

    /// The values of up to 128 keys, ordered by key bytes; missing keys are omitted.
    public func get(_ keys: [String]) throws -> [KVEntry] {
        try checkCount(keys.count)
        var out: [KVEntry] = []
        var seen = Set<[UInt8]>()
        for key in keys where seen.insert(Array(key.utf8)).inserted {
            if let v = try get(key) { out.append(KVEntry(key: key, value: v)) }
        }
        counters.kvReads -= max(0, seen.count - 1)
        return out.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
    }

    /// Entries in key order (UTF-8 bytes) within the options' range.
    public func list(_ options: ListOptions = ListOptions()) throws -> [KVEntry] {
        counters.kvLists += 1
        guard let range = try options.compiled() else { return [] }
        guard let c = try db(create: false), try kvTableExists(c) else { return [] }
        let order = options.reverse ? "DESC" : "ASC"
        let limit = options.limit.map { " LIMIT \($0)" } ?? ""
        let sql = range.end == nil
            ? "SELECT key, value FROM _cf_KV WHERE key >= ? ORDER BY key \(order)\(limit)"
            : "SELECT key, value FROM _cf_KV WHERE key >= ? AND key < ? ORDER BY key \(order)\(limit)"
        let stmt = try c.cached(sql)
        defer { sqlite3_reset(stmt) }
        stmt.bind(1, textBytes: range.start)
        if let end = range.end { stmt.bind(2, textBytes: end) }
        var out: [KVEntry] = []
        var rc = sqlite3_step(stmt)
        while rc == SQLITE_ROW {
            out.append(KVEntry(key: stmt.text(0), value: try JSON(parsing: stmt.blob(1))))
            rc = sqlite3_step(stmt)
        }
        if rc != SQLITE_DONE { throw c.sqlError(rc) }
        return out
    }

    // MARK: KV writes

    /// Stores `value` under `key`. `nil` is refused ("put() called with undefined value.").
    public func put(_ key: String, _ value: JSON?, options: WriteOptions = WriteOptions()) throws {
        guard let value else { throw DurableObjectError(.invalidArgument, "put() called with undefined value.") }
        try checkKey(key)
        let bytes = try encode(key, value)
        let c = try beginWrite(confirmed: !options.allowUnconfirmed, forKV: true)
        try ensureKVTable(c)
        let stmt = try c.cached(
            "INSERT INTO _cf_KV VALUES(?, ?) ON CONFLICT DO UPDATE SET value = excluded.value")
        defer { sqlite3_reset(stmt) }
        stmt.bind(1, text: key)
        stmt.bind(2, blob: bytes)
        let rc = sqlite3_step(stmt)
        if rc != SQLITE_DONE { throw c.sqlError(rc) }
        counters.kvWrites += 1
    }

    /// Stores up to 128 entries atomically; entries whose value is `nil` are skipped.
    public func put(_ entries: [(String, JSON?)], options: WriteOptions = WriteOptions()) throws {
        try checkCount(entries.count)
        let present = entries.compactMap { e in e.1.map { (e.0, $0) } }
        for (k, v) in present {
            try checkKey(k)
            _ = try encode(k, v)
        }
        guard !present.isEmpty else { return }
        try transactionSync(name: "_cf_put_multiple_savepoint") {
            for (k, v) in present { try put(k, v, options: options) }
        }
    }

    /// Deletes `key`; returns whether it existed.
    @discardableResult
    public func delete(_ key: String, options: WriteOptions = WriteOptions()) throws -> Bool {
        try checkKey(key)
        counters.kvDeletes += 1
        guard try db(create: false) != nil else { return false }
        let c = try beginWrite(confirmed: !options.allowUnconfirmed)
        guard try kvTableExists(c) else { return false }
        let stmt = try c.cached("DELETE FROM _cf_KV WHERE key = ?")
        defer { sqlite3_reset(stmt) }
        stmt.bind(1, text: key)
        let rc = sqlite3_step(stmt)
        if rc != SQLITE_DONE { throw c.sqlError(rc) }
        return sqlite3_changes(c.handle) > 0
    }

    /// Deletes up to 128 keys; returns how many existed.
    @discardableResult
    public func delete(_ keys: [String], options: WriteOptions = WriteOptions()) throws -> Int {
        try checkCount(keys.count)
        var n = 0
        var seen = Set<[UInt8]>()
        for key in keys where seen.insert(Array(key.utf8)).inserted {
            if try delete(key, options: options) { n += 1 }
        }
        return n
    }

    /// Deletes every key, every SQL table and the alarm; returns the number of keys that existed.
    /// Not allowed inside a transaction. The reply waits for its commit (it is always confirmed).
    @discardableResult
    public func deleteAll() throws -> Int {
        if savepointDepth > 0 {
            throw DurableObjectError(.transaction, "Cannot call deleteAll() within a transaction")
        }
        guard try db(create: false) != nil else { return 0 }
        let c = try beginWrite(confirmed: true)
        var count = 0
        if try kvTableExists(c) { count = Int(try c.integer("SELECT count(*) FROM _cf_KV")) }
        var objects: [(String, String)] = []
        let stmt = try c.cached(
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND type IN ('table','view','trigger')")
        var rc = sqlite3_step(stmt)
        while rc == SQLITE_ROW {
            objects.append((stmt.text(0), stmt.text(1)))
            rc = sqlite3_step(stmt)
        }
        sqlite3_reset(stmt)
        for (type, name) in objects.sorted(by: { $0.0 == "table" ? false : $1.0 == "table" }) {
            let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            try c.execute("DROP \(type.uppercased()) IF EXISTS \(quoted)")
        }
        c.kvTableKnown = false
        c.metadataTableKnown = false
        alarmTouched = true
        counters.kvDeletes += count
        return count
    }
}
