import Foundation
import GRDBSQLite

/// The SQL API of a SQLite-backed object (`ctx.storage.sql`).
public struct SQLStorage {
    let storage: ObjectStorage

    /// Runs one or more `;`-separated statements; bindings are consumed in order by the statements' parameters;
    /// the cursor is the last statement's.
    ///
    /// Refused: `BEGIN`/`SAVEPOINT` (use `transaction`/`transactionSync`), names starting with `_cf_`, `ATTACH`, TEMP
    /// objects, PRAGMAs outside the allow-list, `sqlite_*` functions. Limits: 100,000-byte statements, 100
    /// bindings, 100 columns, 2 MB strings/BLOBs/rows, 5 compound SELECT terms.
    @discardableResult
    public func exec(_ query: String, _ bindings: SQLBinding...) throws -> SQLCursor {
        try exec(query, bindings: bindings)
    }

    /// `exec` with an array of bindings.
    @discardableResult
    public func exec(_ query: String, bindings: [SQLBinding]) throws -> SQLCursor {
        if storage.backend == .kvEmulation {
            throw DurableObjectError(.sql, "SQL is not enabled for this Durable Object class.")
        }
        guard query.utf8.count <= 100_000 else {
            throw DurableObjectError(.limitExceeded, "SQL statement too long: the limit is 100,000 bytes.")
        }
        guard let c = try storage.db(create: true) else { throw DurableObjectError(.storage, "no database") }
        let utf8 = Array(query.utf8) + [0]
        return try utf8.withUnsafeBufferPointer { buffer -> SQLCursor in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            var offset = 0
            var rowsRead = 0
            var rowsWritten = 0
            var used = 0
            let end = buffer.count - 1
            while true {
                var stmt: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                c.authorizer.userMode = true
                c.authorizer.denial = nil
                let rc = sqlite3_prepare_v2(c.handle, base + offset, Int32(end - offset), &stmt, &tail)
                c.authorizer.userMode = false
                if rc != SQLITE_OK { throw Self.error(c, rc) }
                let next = tail.map { $0 - base } ?? end
                guard let stmt else {
                    throw DurableObjectError(.sql, "SQL code did not contain a statement.")
                }
                let rest = String(decoding: Array(buffer[next..<end]), as: UTF8.self)
                let isLast = rest.allSatisfy(\.isWhitespace)
                let readOnly = sqlite3_stmt_readonly(stmt) != 0
                if !readOnly {
                    if sqlite3_stmt_isexplain(stmt) == 0 { _ = try storage.beginWrite(confirmed: true) }
                    c.kvTableKnown = nil
                    c.metadataTableKnown = nil
                }
                let wanted = Int(sqlite3_bind_parameter_count(stmt))
                if used + wanted > bindings.count || (isLast && used + wanted != bindings.count) {
                    sqlite3_finalize(stmt)
                    throw DurableObjectError(.sql, "Wrong number of parameter bindings for SQL query.")
                }
                for i in 0..<wanted { Self.bind(stmt, Int32(i + 1), bindings[used + i]) }
                used += wanted
                if isLast {
                    let cursor = try SQLCursor(
                        stmt: stmt, connection: c, cachedSQL: nil, rowsRead: rowsRead, rowsWritten: rowsWritten)
                    storage.counters.sqlRowsRead += cursor.rowsRead
                    storage.counters.sqlRowsWritten += cursor.rowsWritten
                    storage.cursors.append(WeakCursor(cursor: cursor))
                    return cursor
                }
                var step = sqlite3_step(stmt)
                while step == SQLITE_ROW {
                    rowsRead += 1
                    step = sqlite3_step(stmt)
                }
                if step != SQLITE_DONE {
                    let e = Self.error(c, step)
                    sqlite3_finalize(stmt)
                    throw e
                }
                if !readOnly { rowsWritten += Int(sqlite3_changes(c.handle)) }
                sqlite3_finalize(stmt)
                offset = next
            }
        }
    }

    /// Bytes used by the database.
    public var databaseSize: Int64 { get throws { try storage.databaseSize } }

    static func bind(_ stmt: OpaquePointer, _ index: Int32, _ value: SQLBinding) {
        switch value {
        case .null: sqlite3_bind_null(stmt, index)
        case .integer(let i): sqlite3_bind_int64(stmt, index, i)
        case .real(let d): sqlite3_bind_double(stmt, index, d)
        case .text(let s): stmt.bind(index, text: s)
        case .blob(let b): stmt.bind(index, blob: b)
        }
    }

    static func error(_ c: SQLiteConnection, _ rc: Int32) -> DurableObjectError {
        if rc & 0xFF == SQLITE_AUTH, let denial = c.authorizer.denial {
            if denial.hasPrefix("access to") { return DurableObjectError(.sql, "\(denial): SQLITE_AUTH") }
            return DurableObjectError(.sql, denial)
        }
        return c.noteCritical(rc, DurableObjectError(.sql, "\(c.errorMessage): \(String(cString: sqlite3_errstr(rc)))"))
    }
}

extension ObjectStorage {
    /// The SQL API (SQLite-backed classes only).
    public var sql: SQLStorage { SQLStorage(storage: self) }
}
