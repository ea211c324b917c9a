import Foundation
import GRDBSQLite

/// Counts of storage work done by an object, harvested by the metrics recorder.
package struct StorageCounters: Sendable {
    package var kvReads = 0
    package var kvWrites = 0
    package var kvDeletes = 0
    package var kvLists = 0
    package var sqlRowsRead = 0
    package var sqlRowsWritten = 0
    package var alarmsSet = 0
    package init() {}
}

/// A change of the stored alarm made by a committed transaction.
package enum AlarmChange: Sendable, Equatable {
    case set(Int64)
    case deleted
}

/// One object's storage: the KV API, the SQL API, alarms and synchronous transactions, all synchronous.
///
/// It lives inside its `ObjectContext` and is used only from that context's isolation, within the object's turn,
/// so a storage call can never let another event in (the input gate). The first write opens an implicit
/// transaction; the context commits it when the event ends (coalescing writes; see `docs/runtime.md`).
public final class ObjectStorage {
    let path: String
    let pool: ConnectionPool
    let backend: StorageBackend
    var connection: SQLiteConnection?
    var implicitOpen = false
    var confirmedPending = false
    var unconfirmedPending = false
    var savepointDepth = 0
    var alarmTouched = false
    /// `setAlarm` ran in the open transaction: report the alarm even if it equals the committed time (the
    /// scheduler may have just fired and forgotten that time).
    var alarmSetInTransaction = false
    var committedAlarm: Int64?
    var alarmLoaded = false
    var broken: DurableObjectError?
    var cursors: [WeakCursor] = []
    package var counters = StorageCounters()
    /// Whether the object's class has an `alarm` handler; `setAlarm` refuses otherwise (after construction).
    var alarmHandlerRequired = false
    /// Inside a running alarm: the deferred deletion of that alarm is pending (`getAlarm` returns nil).
    var deferredAlarmDelete: Int64?

    init(path: String, pool: ConnectionPool, backend: StorageBackend) {
        self.path = path
        self.pool = pool
        self.backend = backend
    }

    // MARK: Connection and the implicit transaction

    func checkUsable() throws {
        if let broken { throw broken }
    }

    /// The connection for this turn; `nil` when the database does not exist and `create` is false.
    func db(create: Bool) throws -> SQLiteConnection? {
        try checkUsable()
        if let connection { return connection }
        let c = try pool.checkout(path: path, create: create)
        connection = c
        return c
    }

    /// Starts (or joins) the implicit transaction before a write.
    func beginWrite(confirmed: Bool) throws -> SQLiteConnection {
        guard let c = try db(create: true) else { throw DurableObjectError(.storage, "Cannot create \(path)") }
        if !implicitOpen {
            if !alarmLoaded { try loadAlarm(c) }
            try c.execute("BEGIN")
            implicitOpen = true
        }
        if confirmed { confirmedPending = true } else { unconfirmedPending = true }
        return c
    }

    /// Whether a transaction with writes is waiting to be committed.
    public var hasPendingWrites: Bool { implicitOpen }
    /// Whether any pending write holds the output gate.
    var hasConfirmedWrites: Bool { confirmedPending }

    /// Commits the implicit transaction. Returns the alarm change it made. On failure the transaction is rolled
    /// back and the error is thrown (the caller breaks the object).
    func commit() throws -> AlarmChange? {
        guard implicitOpen, let c = connection else { return nil }
        finishCursors()
        var change: AlarmChange?
        if alarmTouched {
            let stored = try readAlarm(c)
            if stored != committedAlarm || (alarmSetInTransaction && stored != nil) {
                change = stored.map { .set($0) } ?? .deleted
            }
        }
        do {
            try c.execute("COMMIT")
        } catch {
            rollback()
            throw error
        }
        implicitOpen = false
        confirmedPending = false
        unconfirmedPending = false
        alarmTouched = false
        alarmSetInTransaction = false
        if let change {
            switch change {
            case .set(let t): committedAlarm = t
            case .deleted: committedAlarm = nil
            }
        }
        return change
    }

    /// The alarm time the pending transaction would commit (to persist in the scheduler first).
    func pendingAlarmChange() throws -> AlarmChange? {
        guard implicitOpen, alarmTouched, let c = connection else { return nil }
        let stored = try readAlarm(c)
        if stored == committedAlarm && !(alarmSetInTransaction && stored != nil) { return nil }
        return stored.map { .set($0) } ?? .deleted
    }

    /// Rolls the implicit transaction back.
    func rollback() {
        finishCursors()
        if let c = connection, c.inTransaction { try? c.execute("ROLLBACK") }
        connection?.kvTableKnown = nil
        connection?.metadataTableKnown = nil
        implicitOpen = false
        confirmedPending = false
        unconfirmedPending = false
        alarmTouched = false
        alarmSetInTransaction = false
        savepointDepth = 0
    }

    /// Returns the connection to the pool at the end of a turn (no transaction open).
    func endTurn() {
        guard !implicitOpen, let c = connection else { return }
        finishCursors()
        connection = nil
        pool.checkin(c)
    }

    /// Discards everything: the instance is broken or evicted.
    func close(error: DurableObjectError?) {
        if implicitOpen { rollback() }
        if let error { broken = error }
        if let c = connection {
            connection = nil
            if error != nil {
                pool.discard(c)
            } else {
                pool.checkin(c)
            }
        }
    }

    func finishCursors() {
        for w in cursors { w.cursor?.finish() }
        cursors.removeAll()
    }

    // MARK: Limits

    func checkKey(_ key: String) throws {
        if backend == .kvEmulation, key.utf8.count > 2048 {
            throw DurableObjectError(
                .limitExceeded, "Keys cannot be larger than 2048 bytes. A key of size \(key.utf8.count) was provided.")
        }
    }

    func checkCount(_ n: Int) throws {
        if n > 128 {
            throw DurableObjectError(
                .limitExceeded, "Maximum number of key value pairs is 128. \(n) pairs were provided.")
        }
    }

    func encode(_ key: String, _ value: JSONValue) throws -> [UInt8] {
        let bytes = value.jsonBytes
        switch backend {
        case .kvEmulation:
            if bytes.count > 131_072 {
                throw DurableObjectError(
                    .limitExceeded,
                    "Values cannot be larger than 131072 bytes. A value of size \(bytes.count) was provided.")
            }
        case .sqlite:
            if bytes.count + key.utf8.count > 2_000_000 {
                throw DurableObjectError(
                    .limitExceeded,
                    "Key and value together cannot be larger than 2 MB (SQLite-backed Durable Objects). Size \(bytes.count + key.utf8.count) was provided.")
            }
        }
        return bytes
    }

    // MARK: Tables

    func kvTableExists(_ c: SQLiteConnection) throws -> Bool {
        if let known = c.kvTableKnown { return known }
        let n = try c.integer("SELECT count(*) FROM sqlite_master WHERE name='_cf_KV'")
        c.kvTableKnown = n > 0
        return n > 0
    }

    func ensureKVTable(_ c: SQLiteConnection) throws {
        if try kvTableExists(c) { return }
        try c.execute("CREATE TABLE IF NOT EXISTS _cf_KV (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID")
        c.kvTableKnown = true
    }

    func ensureMetadataTable(_ c: SQLiteConnection) throws {
        if c.metadataTableKnown == true { return }
        try c.execute("CREATE TABLE IF NOT EXISTS _cf_METADATA (key INTEGER PRIMARY KEY, value BLOB)")
        c.metadataTableKnown = true
    }

    // MARK: KV reads

    /// The value of `key`, or `nil`.
    public func get(_ key: String) throws -> JSONValue? {
        try checkKey(key)
        counters.kvReads += 1
        guard let c = try db(create: false), try kvTableExists(c) else { return nil }
        let stmt = try c.cached("SELECT value FROM _cf_KV WHERE key = ?")
        defer { sqlite3_reset(stmt) }
        stmt.bind(1, text: key)
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_ROW { return try JSONValue(parsing: stmt.blob(0)) }
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
            out.append(KVEntry(key: stmt.text(0), value: try JSONValue(parsing: stmt.blob(1))))
            rc = sqlite3_step(stmt)
        }
        if rc != SQLITE_DONE { throw c.sqlError(rc) }
        return out
    }

    // MARK: KV writes

    /// Stores `value` under `key`. `nil` is refused ("put() called with undefined value.").
    public func put(_ key: String, _ value: JSONValue?, options: WriteOptions = WriteOptions()) throws {
        guard let value else { throw DurableObjectError(.invalidArgument, "put() called with undefined value.") }
        try checkKey(key)
        let bytes = try encode(key, value)
        let c = try beginWrite(confirmed: !options.allowUnconfirmed)
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
    public func put(_ entries: [(String, JSONValue?)], options: WriteOptions = WriteOptions()) throws {
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

    // MARK: Alarms

    func loadAlarm(_ c: SQLiteConnection) throws {
        committedAlarm = try readAlarm(c)
        alarmLoaded = true
    }

    func readAlarm(_ c: SQLiteConnection) throws -> Int64? {
        if c.metadataTableKnown == false { return nil }
        let exists = try c.integer("SELECT count(*) FROM sqlite_master WHERE name='_cf_METADATA'") > 0
        c.metadataTableKnown = exists
        guard exists else { return nil }
        let stmt = try c.cached("SELECT value FROM _cf_METADATA WHERE key = 1")
        defer { sqlite3_reset(stmt) }
        guard sqlite3_step(stmt) == SQLITE_ROW, sqlite3_column_type(stmt, 0) != SQLITE_NULL else { return nil }
        return sqlite3_column_int64(stmt, 0)
    }

    /// The stored alarm in nanoseconds since the epoch (inside a running alarm handler: `nil` unless re-set).
    func storedAlarmNanos() throws -> Int64? {
        guard let c = try db(create: false) else { return nil }
        let t = try readAlarm(c)
        if let deferred = deferredAlarmDelete, t == deferred { return nil }
        return t
    }

    /// The alarm time in milliseconds since the epoch, or `nil`.
    public func getAlarm() throws -> Int64? {
        try storedAlarmNanos().map { $0 / 1_000_000 }
    }

    func writeAlarm(nanos: Int64?, options: WriteOptions) throws {
        let c = try beginWrite(confirmed: !options.allowUnconfirmed)
        try ensureMetadataTable(c)
        let stmt = try c.cached("INSERT OR REPLACE INTO _cf_METADATA VALUES (1, ?)")
        defer { sqlite3_reset(stmt) }
        if let nanos { sqlite3_bind_int64(stmt, 1, nanos) } else { sqlite3_bind_null(stmt, 1) }
        try c.run(stmt)
        alarmTouched = true
    }

    /// Sets the alarm (`now` clamps times in the past). Use `ObjectContext.setAlarm`.
    func setAlarm(milliseconds: Int64, now: Int64, options: WriteOptions) throws {
        if milliseconds <= 0 {
            throw DurableObjectError(.invalidArgument, "setAlarm() cannot be called with an alarm time <= 0")
        }
        if alarmHandlerRequired {
            throw DurableObjectError(
                .invalidArgument, "Your Durable Object class must have an alarm() handler in order to call setAlarm()")
        }
        let nanos = max(milliseconds * 1_000_000, now)
        try writeAlarm(nanos: nanos, options: options)
        alarmSetInTransaction = true
        deferredAlarmDelete = nil
        counters.alarmsSet += 1
    }

    /// Deletes the alarm.
    public func deleteAlarm(options: WriteOptions = WriteOptions()) throws {
        guard try db(create: false) != nil else { return }
        if try storedAlarmNanos() == nil && deferredAlarmDelete == nil { return }
        try writeAlarm(nanos: nil, options: options)
    }

    // MARK: Synchronous transactions

    /// Runs `body` in a savepoint: all its writes commit with the surrounding turn, or none if it throws.
    public func transactionSync<T>(_ body: () throws -> T) throws -> T {
        if backend == .kvEmulation { throw DurableObjectError(.transaction, "Durable Object is not backed by SQL.") }
        return try transactionSync(name: "_cf_sync_savepoint_\(savepointDepth)", body)
    }

    func transactionSync<T>(name: String, _ body: () throws -> T) throws -> T {
        let c = try beginWrite(confirmed: true)
        try c.execute("SAVEPOINT \(name)")
        savepointDepth += 1
        do {
            let result = try body()
            savepointDepth -= 1
            try c.execute("RELEASE \(name)")
            return result
        } catch {
            savepointDepth -= 1
            try? c.execute("ROLLBACK TO \(name)")
            try? c.execute("RELEASE \(name)")
            c.kvTableKnown = nil
            c.metadataTableKnown = nil
            throw error
        }
    }

    // MARK: Size

    /// Bytes of the database file's pages (page count × page size), for the stored-bytes metric.
    func fileBytes() -> Int64? {
        guard let c = connection, let pages = try? c.integer("PRAGMA page_count"),
            let size = try? c.integer("PRAGMA page_size")
        else { return nil }
        return pages * size
    }

    /// Bytes used by the database: (pages − free pages) × page size; 4,096 for an object never written.
    public var databaseSize: Int64 {
        get throws {
            guard let c = try db(create: false) else { return 4096 }
            let pages = try c.integer("PRAGMA page_count")
            let free = try c.integer("PRAGMA freelist_count")
            let size = try c.integer("PRAGMA page_size")
            return max(1, pages - free) * size
        }
    }
}

/// A weak reference to an open cursor (finished at the end of the turn).
struct WeakCursor {
    weak var cursor: SQLCursor?
}

extension ObjectStorage {
    /// `PRAGMA integrity_check` of the database ("ok" when sound; "absent" when there is no file).
    package func integrityCheck() throws -> String {
        guard let c = try db(create: false) else { return "absent" }
        let s = try c.cached("PRAGMA integrity_check")
        defer { sqlite3_reset(s) }
        var lines: [String] = []
        while sqlite3_step(s) == SQLITE_ROW { lines.append(s.text(0)) }
        return lines.joined(separator: "\n")
    }
}
