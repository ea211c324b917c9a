import Foundation
import GRDBSQLite

/// The metrics store: `<dataDirectory>/metrics.sqlite`, written about once a second by the runtime and readable by
/// any process (`do-architect metrics`).
///
/// Tables: `namespace_seconds` (one row per namespace per second, counters and histograms), `object_totals`
/// (running totals per object), `hot_objects` (per second, the objects with most requests among those touched).
public final class MetricsStore: Sendable {
    private let connection: Locked<SQLiteConnection>
    /// The file.
    public let path: String

    static let schema = """
        CREATE TABLE IF NOT EXISTS namespace_seconds (
          namespace TEXT NOT NULL, second INTEGER NOT NULL, requests INTEGER, errors INTEGER, overloaded INTEGER,
          cpu_ns INTEGER, wall_ns INTEGER, gate_wait_ns INTEGER, kv_reads INTEGER, kv_writes INTEGER,
          kv_deletes INTEGER, kv_lists INTEGER, sql_rows_read INTEGER, sql_rows_written INTEGER, alarms_set INTEGER,
          alarms_fired INTEGER, alarms_retried INTEGER, alarms_dropped INTEGER, ws_in INTEGER, ws_out INTEGER,
          evictions INTEGER, billable_ns INTEGER, active_objects INTEGER, objects_in_memory INTEGER,
          hibernated_ws INTEGER, open_ws INTEGER, cpu_hist TEXT, wall_hist TEXT, gate_hist TEXT,
          hibernated_objects INTEGER, cold_starts INTEGER, cold_start_ns INTEGER, cold_hist TEXT,
          PRIMARY KEY (namespace, second)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS object_totals (
          namespace TEXT NOT NULL, id TEXT NOT NULL, name TEXT, requests INTEGER, errors INTEGER, cpu_ns INTEGER,
          wall_ns INTEGER, gate_wait_ns INTEGER, kv_reads INTEGER, kv_writes INTEGER, kv_deletes INTEGER,
          kv_lists INTEGER, sql_rows_read INTEGER, sql_rows_written INTEGER, alarms_fired INTEGER, ws_in INTEGER,
          ws_out INTEGER, billable_ns INTEGER, last_active INTEGER, stored_bytes INTEGER,
          PRIMARY KEY (namespace, id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS object_totals_active ON object_totals(namespace, last_active);
        CREATE INDEX IF NOT EXISTS object_totals_stored ON object_totals(namespace, stored_bytes);
        CREATE TABLE IF NOT EXISTS hot_objects (
          namespace TEXT NOT NULL, second INTEGER NOT NULL, id TEXT NOT NULL, name TEXT, requests INTEGER,
          PRIMARY KEY (namespace, second, id)) WITHOUT ROWID;
        """

    /// Opens (creating when needed) the store of a data directory.
    public init(dataDirectory: URL) throws {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        path = dataDirectory.appendingPathComponent("metrics.sqlite").path
        let c = try SQLiteConnection(path: path, create: true, durability: .processCrash)
        try c.execute(Self.schema)
        try Self.addMissingColumns(c)
        connection = Locked(c)
    }

    /// Columns added after the first release, appended to stores written by an older binary.
    static let addedColumns = [
        ("namespace_seconds", "cold_starts", "INTEGER"), ("namespace_seconds", "cold_start_ns", "INTEGER"),
        ("namespace_seconds", "cold_hist", "TEXT"),
    ]

    private static func addMissingColumns(_ c: SQLiteConnection) throws {
        for (table, column, type) in addedColumns {
            let present = try c.integer("SELECT count(*) FROM pragma_table_info('\(table)') WHERE name = '\(column)'")
            if present == 0 { try c.execute("ALTER TABLE \(table) ADD COLUMN \(column) \(type)") }
        }
    }

    // MARK: Writing

    func write(namespace: String, seconds: [(MetricsSecond, [HotObject])], objects: [ObjectMetrics], retention: Int)
        throws
    {
        guard !seconds.isEmpty || !objects.isEmpty else { return }
        try connection.withLock { c in
            try c.execute("BEGIN")
            do {
                let s = try c.cached(
                    "INSERT OR REPLACE INTO namespace_seconds VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                for (sec, hot) in seconds {
                    sqlite3_reset(s)
                    s.bind(1, text: namespace)
                    let ints: [Int64] = [
                        sec.second, Int64(clamping: sec.requests), Int64(clamping: sec.errors), Int64(clamping: sec.overloaded),
                        Int64(clamping: sec.cpuNanos), Int64(clamping: sec.wallNanos), Int64(clamping: sec.gateWaitNanos), Int64(clamping: sec.kvReads),
                        Int64(clamping: sec.kvWrites), Int64(clamping: sec.kvDeletes), Int64(clamping: sec.kvLists), Int64(clamping: sec.sqlRowsRead),
                        Int64(clamping: sec.sqlRowsWritten), Int64(clamping: sec.alarmsSet), Int64(clamping: sec.alarmsFired),
                        Int64(clamping: sec.alarmsRetried), Int64(clamping: sec.alarmsDropped), Int64(clamping: sec.webSocketMessagesIn),
                        Int64(clamping: sec.webSocketMessagesOut), Int64(clamping: sec.evictions), Int64(clamping: sec.billableNanos),
                        Int64(clamping: sec.activeObjects), Int64(clamping: sec.objectsInMemory), Int64(clamping: sec.hibernatedWebSockets),
                        Int64(clamping: sec.openWebSockets),
                    ]
                    for (i, v) in ints.enumerated() { sqlite3_bind_int64(s, Int32(i + 2), v) }
                    s.bind(27, text: sec.cpuHistogram.encoded)
                    s.bind(28, text: sec.wallHistogram.encoded)
                    s.bind(29, text: sec.gateWaitHistogram.encoded)
                    sqlite3_bind_int64(s, 30, Int64(sec.hibernatedObjects))
                    sqlite3_bind_int64(s, 31, Int64(clamping: sec.coldStarts))
                    sqlite3_bind_int64(s, 32, Int64(clamping: sec.coldStartNanos))
                    s.bind(33, text: sec.coldStartHistogram.encoded)
                    try c.run(s)
                    let h = try c.cached("INSERT OR REPLACE INTO hot_objects VALUES (?,?,?,?,?)")
                    for o in hot where o.requests > 0 {
                        sqlite3_reset(h)
                        h.bind(1, text: namespace)
                        sqlite3_bind_int64(h, 2, sec.second)
                        h.bind(3, text: o.id)
                        if let n = o.name { h.bind(4, text: n) } else { sqlite3_bind_null(h, 4) }
                        sqlite3_bind_int64(h, 5, Int64(o.requests))
                        try c.run(h)
                    }
                }
                let o = try c.cached(
                    "INSERT OR REPLACE INTO object_totals VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                for t in objects {
                    sqlite3_reset(o)
                    o.bind(1, text: namespace)
                    o.bind(2, text: t.id)
                    if let n = t.name { o.bind(3, text: n) } else { sqlite3_bind_null(o, 3) }
                    let ints: [Int64] = [
                        Int64(clamping: t.requests), Int64(clamping: t.errors), Int64(clamping: t.cpuNanos), Int64(clamping: t.wallNanos),
                        Int64(clamping: t.gateWaitNanos), Int64(clamping: t.kvReads), Int64(clamping: t.kvWrites), Int64(clamping: t.kvDeletes),
                        Int64(clamping: t.kvLists), Int64(clamping: t.sqlRowsRead), Int64(clamping: t.sqlRowsWritten), Int64(clamping: t.alarmsFired),
                        Int64(clamping: t.webSocketMessagesIn), Int64(clamping: t.webSocketMessagesOut), Int64(clamping: t.billableNanos),
                        t.lastActive, t.storedBytes,
                    ]
                    for (i, v) in ints.enumerated() { sqlite3_bind_int64(o, Int32(i + 4), v) }
                    try c.run(o)
                }
                if let newest = seconds.last?.0.second {
                    let cutoff = newest - Int64(retention)
                    try c.execute("DELETE FROM namespace_seconds WHERE second < \(cutoff)")
                    try c.execute("DELETE FROM hot_objects WHERE second < \(cutoff)")
                }
                try c.execute("COMMIT")
            } catch {
                try? c.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Deletes the totals of objects (after `resetObjects`); `id == nil` deletes the namespace's totals.
    public func forget(namespace: String?, id: String?) throws {
        try connection.withLock { c in
            if let namespace, let id {
                try c.execute("DELETE FROM object_totals WHERE namespace = '\(namespace.sqlEscaped)' AND id = '\(id.sqlEscaped)'")
            } else if let namespace {
                try c.execute("DELETE FROM object_totals WHERE namespace = '\(namespace.sqlEscaped)'")
            } else {
                try c.execute("DELETE FROM object_totals; DELETE FROM namespace_seconds; DELETE FROM hot_objects")
            }
        }
    }

    // MARK: Reading

    /// Namespaces with recorded seconds or objects.
    public func namespaces() throws -> [String] {
        // Distinct namespaces of object_totals by one index seek per namespace (a plain DISTINCT or UNION reads
        // every object's row: with 100,000 objects, most of getDOMetrics' time).
        try query(
            """
            WITH RECURSIVE objects(n) AS (
              SELECT min(namespace) FROM object_totals
              UNION ALL SELECT (SELECT min(namespace) FROM object_totals WHERE namespace > n) FROM objects WHERE n IS NOT NULL)
            SELECT n FROM objects WHERE n IS NOT NULL UNION SELECT namespace FROM namespace_seconds ORDER BY 1
            """
        ) { $0.text(0) }
    }

    /// Per-second rows of a namespace with `from <= second <= to`, oldest first.
    public func seconds(namespace: String, from: Int64, to: Int64) throws -> [MetricsSecond] {
        try query(
            "SELECT * FROM namespace_seconds WHERE namespace = ? AND second BETWEEN ? AND ? ORDER BY second",
            .text(namespace), .integer(from), .integer(to)
        ) { s in
            var m = MetricsSecond(second: sqlite3_column_int64(s, 1))
            func i(_ c: Int32) -> Int { Int(sqlite3_column_int64(s, c)) }
            func u(_ c: Int32) -> UInt64 { UInt64(max(0, sqlite3_column_int64(s, c))) }
            m.requests = i(2); m.errors = i(3); m.overloaded = i(4)
            m.cpuNanos = u(5); m.wallNanos = u(6); m.gateWaitNanos = u(7)
            m.kvReads = i(8); m.kvWrites = i(9); m.kvDeletes = i(10); m.kvLists = i(11)
            m.sqlRowsRead = i(12); m.sqlRowsWritten = i(13); m.alarmsSet = i(14); m.alarmsFired = i(15)
            m.alarmsRetried = i(16); m.alarmsDropped = i(17); m.webSocketMessagesIn = i(18)
            m.webSocketMessagesOut = i(19); m.evictions = i(20); m.billableNanos = u(21)
            m.activeObjects = i(22); m.objectsInMemory = i(23); m.hibernatedWebSockets = i(24)
            m.openWebSockets = i(25)
            m.cpuHistogram = LogHistogram(encoded: s.text(26))
            m.wallHistogram = LogHistogram(encoded: s.text(27))
            m.gateWaitHistogram = LogHistogram(encoded: s.text(28))
            m.hibernatedObjects = Int(sqlite3_column_int64(s, 29))
            m.coldStarts = i(30)
            m.coldStartNanos = u(31)
            m.coldStartHistogram = LogHistogram(encoded: s.text(32))
            return m
        }
    }

    /// Objects of a namespace active since `since` (Unix seconds), most requests first.
    public func objectTotals(namespace: String, activeSince since: Int64 = 0, limit: Int = 100) throws -> [ObjectMetrics] {
        try query(
            "SELECT * FROM object_totals WHERE namespace = ? AND last_active >= ? ORDER BY requests DESC LIMIT ?",
            .text(namespace), .integer(since), .integer(Int64(limit))
        ) { s in
            var o = ObjectMetrics(id: s.text(1), name: sqlite3_column_type(s, 2) == SQLITE_NULL ? nil : s.text(2))
            func i(_ c: Int32) -> Int { Int(sqlite3_column_int64(s, c)) }
            func u(_ c: Int32) -> UInt64 { UInt64(max(0, sqlite3_column_int64(s, c))) }
            o.requests = i(3); o.errors = i(4); o.cpuNanos = u(5); o.wallNanos = u(6); o.gateWaitNanos = u(7)
            o.kvReads = i(8); o.kvWrites = i(9); o.kvDeletes = i(10); o.kvLists = i(11); o.sqlRowsRead = i(12)
            o.sqlRowsWritten = i(13); o.alarmsFired = i(14); o.webSocketMessagesIn = i(15)
            o.webSocketMessagesOut = i(16); o.billableNanos = u(17); o.lastActive = sqlite3_column_int64(s, 18)
            o.storedBytes = sqlite3_column_int64(s, 19)
            return o
        }
    }

    /// Distinct objects of a namespace that handled an event since `since` (Unix seconds).
    public func activeObjectCount(namespace: String, since: Int64) throws -> Int {
        try query(
            "SELECT count(*) FROM object_totals WHERE namespace = ? AND last_active >= ?", .text(namespace),
            .integer(since)
        ) { Int(sqlite3_column_int64($0, 0)) }.first ?? 0
    }

    /// Objects of a namespace with a database, and their total size in bytes (as of each object's last commit
    /// recorded in this store).
    public func storedSize(namespace: String) throws -> (objects: Int, bytes: Int64) {
        try query(
            "SELECT count(*), coalesce(sum(stored_bytes), 0) FROM object_totals WHERE namespace = ? AND stored_bytes > 0",
            .text(namespace)
        ) { (Int(sqlite3_column_int64($0, 0)), sqlite3_column_int64($0, 1)) }.first ?? (0, 0)
    }

    /// Objects with most requests in `[from, to]`, summed over the per-second hottest lists.
    public func hotObjects(namespace: String, from: Int64, to: Int64, limit: Int = 5) throws -> [HotObject] {
        try query(
            """
            SELECT id, max(name), sum(requests) AS r FROM hot_objects
            WHERE namespace = ? AND second BETWEEN ? AND ? GROUP BY id ORDER BY r DESC LIMIT ?
            """, .text(namespace), .integer(from), .integer(to), .integer(Int64(limit))
        ) { s in
            HotObject(
                id: s.text(0), name: sqlite3_column_type(s, 1) == SQLITE_NULL ? nil : s.text(1),
                requests: Int(sqlite3_column_int64(s, 2)))
        }
    }

    /// The busiest objects of `[from, to]` with their peak second: `(id, name, requests, peakPerSecond, activeSeconds)`,
    /// summed over the per-second hottest lists, most requests first.
    public func hotObjectWindows(namespace: String, from: Int64, to: Int64, limit: Int = 5) throws
        -> [(id: String, name: String?, requests: Int, peakPerSecond: Int, activeSeconds: Int)]
    {
        try query(
            """
            SELECT id, max(name), sum(requests) AS r, max(requests), count(*) FROM hot_objects
            WHERE namespace = ? AND second BETWEEN ? AND ? GROUP BY id ORDER BY r DESC LIMIT ?
            """, .text(namespace), .integer(from), .integer(to), .integer(Int64(limit))
        ) { s in
            (id: s.text(0), name: sqlite3_column_type(s, 1) == SQLITE_NULL ? nil : s.text(1),
             requests: Int(sqlite3_column_int64(s, 2)), peakPerSecond: Int(sqlite3_column_int64(s, 3)),
             activeSeconds: Int(sqlite3_column_int64(s, 4)))
        }
    }

    private func query<T>(_ sql: String, _ bindings: SQLBinding..., row: (OpaquePointer) -> T) throws -> [T] {
        try connection.withLock { c in
            let s = try c.cached(sql)
            defer { sqlite3_reset(s) }
            for (i, b) in bindings.enumerated() { SQLStorage.bind(s, Int32(i + 1), b) }
            var out: [T] = []
            var rc = sqlite3_step(s)
            while rc == SQLITE_ROW {
                out.append(row(s))
                rc = sqlite3_step(s)
            }
            if rc != SQLITE_DONE { throw c.sqlError(rc) }
            return out
        }
    }
}

extension String {
    var sqlEscaped: String { replacingOccurrences(of: "'", with: "''") }
}
