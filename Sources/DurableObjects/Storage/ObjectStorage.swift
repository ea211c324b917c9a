import Foundation
import GRDBSQLite
import JSONModel

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
        if let critical = connection?.criticalError { throw critical }
    }

    /// The critical SQLite error seen in this turn, if any (the object must be reset).
    var criticalError: DurableObjectError? { connection?.criticalError }

    /// The connection for this turn; `nil` when the database does not exist and `create` is false. `forKV`: a
    /// database created now is made with the KV table already in it (the write about to run is a KV write).
    func db(create: Bool, forKV: Bool = false) throws -> SQLiteConnection? {
        try checkUsable()
        if let connection { return connection }
        let c = try pool.checkout(path: path, create: create, withKVTable: forKV)
        connection = c
        return c
    }

    /// Starts (or joins) the implicit transaction before a write.
    func beginWrite(confirmed: Bool, forKV: Bool = false) throws -> SQLiteConnection {
        guard let c = try db(create: true, forKV: forKV) else { throw DurableObjectError(.storage, "Cannot create \(path)") }
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

    func encode(_ key: String, _ value: JSON) throws -> [UInt8] {
        let bytes = value.bytesAsWritten
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

    /// The KV table: BINARY collation, so keys sort in UTF-8 byte order.
    static let createKVTable = "CREATE TABLE IF NOT EXISTS _cf_KV (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID"

    func ensureKVTable(_ c: SQLiteConnection) throws {
        if try kvTableExists(c) { return }
        try c.execute(Self.createKVTable)
        c.kvTableKnown = true
    }

    func ensureMetadataTable(_ c: SQLiteConnection) throws {
        if c.metadataTableKnown == true { return }
        try c.execute("CREATE TABLE IF NOT EXISTS _cf_METADATA (key INTEGER PRIMARY KEY, value BLOB)")
        c.metadataTableKnown = true
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
