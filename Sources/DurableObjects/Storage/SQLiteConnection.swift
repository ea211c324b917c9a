import CObjectSQLite
import Foundation
import GRDBSQLite

/// `SQLITE_TRANSIENT`, which Swift cannot import.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One raw SQLite connection to an object database, with a statement cache and our own authorizer.
///
/// Not thread-safe: it is used by one object's executor at a time (checked out from `ConnectionPool`).
package final class SQLiteConnection: @unchecked Sendable {
    package let handle: OpaquePointer
    package let path: String
    let durability: DurabilityMode
    private var cache: [String: OpaquePointer] = [:]
    private var cacheInUse: Set<String> = []
    /// Authorizer state: when `userMode` is on, statements are checked against the SQL API's rules.
    package let authorizer = SQLAuthorizerState()
    /// A critical error (disk full, I/O, corruption, out of memory) seen on this connection: the object must be
    /// reset and every later storage call fails with it.
    package var criticalError: DurableObjectError?
    /// Whether `_cf_KV` exists (`nil`: not checked since the last schema change).
    package var kvTableKnown: Bool?
    /// Whether `_cf_METADATA` exists (`nil`: not checked).
    package var metadataTableKnown: Bool?

    /// Opens (and creates when `create`) a database with the runtime's limits: an object database (`exclusive`) with
    /// a persistent rollback journal in process-crash mode and in WAL mode in power-loss mode; other databases in
    /// WAL mode.
    package init(
        path: String, create: Bool, durability: DurabilityMode, exclusive: Bool = false, maxPages: Int? = nil
    ) throws {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        // Exclusive (object) databases use the `unix-none` VFS, without POSIX advisory locks: SQLite's unix VFS
        // keeps every locked file in one global list that it walks, under a global mutex, on every open (twice);
        // with a thousand object databases open that walk was a fifth of the cost of creating an object. Each
        // object database has exactly one connection (this one) and the data directory is locked by the server,
        // so the locks protected nothing; another process must not open an object's database while the runtime
        // holds it open.
        let rc = sqlite3_open_v2(path, &db, flags, exclusive ? Self.objectVFS : nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw DurableObjectError(.storage, "Cannot open object database \(path): \(message)")
        }
        self.handle = db
        self.path = path
        self.durability = durability
        sqlite3_busy_timeout(db, 5_000)
        sqlite3_extended_result_codes(db, 1)
        // Process-crash durability needs no fsync: every completed write() is in the OS cache and survives the
        // process. So in that mode nothing is synced (synchronous=OFF). Power-loss durability syncs every commit
        // (FULL).
        let synchronous = durability == .powerLoss ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=OFF;"
        if exclusive && durability == .processCrash {
            // Object databases in process-crash mode: one connection per database, exclusive locking, and a
            // rollback journal kept between transactions (PERSIST: its header is zeroed at commit, the file stays,
            // so no file is created or deleted per transaction). A killed process leaves either a zeroed journal
            // (the commit completed) or a hot one, which the next open rolls back: every acknowledged commit
            // survives, none is half-applied.
            //
            // Not WAL, for memory: in exclusive mode WAL keeps its index on the heap, a zeroed 32 KiB per open
            // connection, half of what an open object database cost (about 67 KB against 35 KB, measured with
            // 4,000 databases open), and the runtime keeps up to 10,000 open. The price is the commit: about 30 µs
            // instead of 10 µs for a one-row transaction on this machine (the journal's page and header writes),
            // while reopening an evicted object gets cheaper (no WAL to read back: about 150 µs against 210 µs).
            // `journal_size_limit` truncates a journal left larger than 64 KiB by a big transaction.
            try execute(
                "PRAGMA locking_mode=EXCLUSIVE; PRAGMA journal_mode=PERSIST; PRAGMA journal_size_limit=65536; "
                    + "\(synchronous) PRAGMA cache_size=-128")
        } else if exclusive {
            // Power-loss mode: WAL, so that a commit costs one fsync (of the WAL) rather than two or more. Exclusive
            // locking lets WAL work without the shared-memory index file; it must come first: the first statement
            // that reads the schema enters WAL mode (with a -shm file unless the locking mode is already
            // exclusive). The WAL is kept when the connection closes (SQLITE_FCNTL_PERSIST_WAL), and closing does
            // not checkpoint it: its next open reads the few frames back. Checkpoints happen as commits fill the
            // WAL, which is then truncated (journal_size_limit=0).
            var persist: Int32 = 1
            sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
            _ = do_object_db_skip_checkpoint_on_close(UnsafeMutableRawPointer(db))
            try execute(
                "PRAGMA locking_mode=EXCLUSIVE; PRAGMA journal_size_limit=0; PRAGMA wal_autocheckpoint=64; \(synchronous)"
                    + " PRAGMA journal_mode=WAL; PRAGMA cache_size=-128")
        } else {
            try execute("\(synchronous) PRAGMA journal_mode=WAL; PRAGMA cache_size=-128")
        }
        sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 2_000_000)
        sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 100_000)
        sqlite3_limit(db, SQLITE_LIMIT_COLUMN, 100)
        sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, 100)
        sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 5)
        sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0)
        sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 100)
        sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 50)
        sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 10)
        sqlite3_limit(db, SQLITE_LIMIT_FUNCTION_ARG, 32)
        if let maxPages { try execute("PRAGMA max_page_count = \(maxPages)") }
        authorizer.install(on: db)
    }

    /// The VFS of object databases: SQLite's `unix-none` without POSIX advisory locks (see `init`), with path
    /// names taken as given (`CObjectSQLite`); `unix-none` itself if that cannot be registered.
    static let objectVFS: String = do_object_vfs_name().map { String(cString: $0) } ?? "unix-none"

    deinit {
        for stmt in cache.values { sqlite3_finalize(stmt) }
        sqlite3_close_v2(handle)
    }

    /// Frees the connection's cached pages that no statement holds (the next read takes them from the file).
    package func releaseCachedPages() { sqlite3_db_release_memory(handle) }

    /// Heap bytes the connection holds, by what holds them (`sqlite3_db_status`): page cache, schema, statements.
    package var memoryUse: (cache: Int, schema: Int, statements: Int) {
        func used(_ op: Int32) -> Int {
            var current: Int32 = 0, highest: Int32 = 0
            sqlite3_db_status(handle, op, &current, &highest, 0)
            return Int(current)
        }
        return (used(SQLITE_DBSTATUS_CACHE_USED), used(SQLITE_DBSTATUS_SCHEMA_USED), used(SQLITE_DBSTATUS_STMT_USED))
    }

    /// The last error message of the connection.
    package var errorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// Runs SQL without results (internal statements only).
    package func execute(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let message = err.map { String(cString: $0) } ?? errorMessage
            sqlite3_free(err)
            throw DurableObjectError(.storage, message)
        }
    }

    /// A cached prepared statement for internal SQL, reset and with bindings cleared.
    package func cached(_ sql: String) throws -> OpaquePointer {
        if let stmt = cache[sql] {
            sqlite3_reset(stmt)
            sqlite3_clear_bindings(stmt)
            return stmt
        }
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil) == SQLITE_OK,
            let stmt
        else { throw DurableObjectError(.storage, errorMessage) }
        cache[sql] = stmt
        return stmt
    }

    /// Borrows a cached statement for a user cursor; `nil` when it is in use (the caller compiles a one-off).
    package func borrow(_ sql: String) -> OpaquePointer? {
        guard !cacheInUse.contains(sql), let stmt = cache[sql] else { return nil }
        cacheInUse.insert(sql)
        sqlite3_reset(stmt)
        sqlite3_clear_bindings(stmt)
        return stmt
    }

    /// Adds a statement to the cache as borrowed (when the cache is small enough).
    package func adopt(_ sql: String, _ stmt: OpaquePointer) -> Bool {
        guard cache[sql] == nil, cache.count < 200 else { return false }
        cache[sql] = stmt
        cacheInUse.insert(sql)
        return true
    }

    /// Returns a borrowed statement.
    package func giveBack(_ sql: String) {
        if let stmt = cache[sql] { sqlite3_reset(stmt) }
        cacheInUse.remove(sql)
    }

    /// Steps a statement to completion, throwing on error.
    package func run(_ stmt: OpaquePointer) throws {
        var rc = sqlite3_step(stmt)
        while rc == SQLITE_ROW { rc = sqlite3_step(stmt) }
        if rc != SQLITE_DONE { throw sqlError(rc) }
    }

    /// The error for a failing result code.
    package func sqlError(_ rc: Int32) -> DurableObjectError {
        noteCritical(rc, DurableObjectError(.sql, "\(errorMessage): \(String(cString: sqlite3_errstr(rc)))"))
    }

    /// Records `error` as critical when `rc` is one of SQLite's critical result codes; returns it.
    package func noteCritical(_ rc: Int32, _ error: DurableObjectError) -> DurableObjectError {
        switch rc & 0xFF {
        case SQLITE_FULL, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_NOMEM:
            if criticalError == nil { criticalError = DurableObjectError(.storage, errorMessage, remote: true) }
        default: break
        }
        return error
    }

    /// Whether a transaction is open.
    package var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs a single-integer query.
    package func integer(_ sql: String) throws -> Int64 {
        let stmt = try cached(sql)
        defer { sqlite3_reset(stmt) }
        let rc = sqlite3_step(stmt)
        guard rc == SQLITE_ROW else {
            if rc == SQLITE_DONE { return 0 }
            throw sqlError(rc)
        }
        return sqlite3_column_int64(stmt, 0)
    }
}

extension OpaquePointer {
    /// Binds text (UTF-8 bytes as given).
    @inline(__always)
    func bind(_ index: Int32, text: String) {
        var s = text
        s.withUTF8 { buf in
            let p = UnsafeRawPointer(buf.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
            _ = sqlite3_bind_text(self, index, p, Int32(buf.count), sqliteTransient)
        }
    }

    /// Binds a blob.
    @inline(__always)
    func bind(_ index: Int32, blob: [UInt8]) {
        blob.withUnsafeBytes { buf in
            _ = sqlite3_bind_blob(self, index, buf.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buf.count), sqliteTransient)
        }
    }

    /// Binds raw bytes as TEXT (compared with memcmp; may be a key bound that is not valid UTF-8).
    @inline(__always)
    func bind(_ index: Int32, textBytes: [UInt8]) {
        textBytes.withUnsafeBytes { buf in
            let p = (buf.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
            _ = sqlite3_bind_text(self, index, p, Int32(buf.count), sqliteTransient)
        }
    }

    /// Reads a text column as a String.
    @inline(__always)
    func text(_ column: Int32) -> String {
        guard let p = sqlite3_column_text(self, column) else { return "" }
        let n = Int(sqlite3_column_bytes(self, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    /// Reads a blob column.
    @inline(__always)
    func blob(_ column: Int32) -> [UInt8] {
        let n = Int(sqlite3_column_bytes(self, column))
        guard n > 0, let p = sqlite3_column_blob(self, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }
}

import GRDBSQLite

/// Steps a statement; true on a row, false at the end (resetting it).
@inline(__always)
func sqlite3_step_row(_ stmt: OpaquePointer) -> Bool {
    if sqlite3_step(stmt) == SQLITE_ROW { return true }
    sqlite3_reset(stmt)
    return false
}

@inline(__always)
func sqlite3_column_int64_(_ stmt: OpaquePointer, _ i: Int32) -> Int64 { sqlite3_column_int64(stmt, i) }
