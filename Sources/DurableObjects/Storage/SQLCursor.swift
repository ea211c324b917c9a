import GRDBSQLite

/// The result of `sql.exec`: a lazy, one-row-ahead cursor over the last statement's rows.
///
/// Execution starts in `exec` (writes take effect even if the cursor is never read). Valid within the object's
/// turn; at the end of the turn unread rows are dropped.
public final class SQLCursor: Sequence, IteratorProtocol {
    private var stmt: OpaquePointer?
    private let connection: SQLiteConnection
    private let cachedSQL: String?
    private var pending: [SQLValue]?
    /// Column names of the result, duplicates kept; readable after exhaustion.
    public let columnNames: [String]
    /// Rows read so far (rows returned; one ahead of the consumer).
    public private(set) var rowsRead: Int
    /// Rows written by the statements of this `exec`.
    public private(set) var rowsWritten: Int

    init(stmt: OpaquePointer, connection: SQLiteConnection, cachedSQL: String?, rowsRead: Int, rowsWritten: Int) throws {
        self.stmt = stmt
        self.connection = connection
        self.cachedSQL = cachedSQL
        self.columnNames = (0..<sqlite3_column_count(stmt)).map { String(cString: sqlite3_column_name(stmt, $0)) }
        self.rowsRead = rowsRead
        self.rowsWritten = rowsWritten
        try advance()
        if pending == nil, sqlite3_stmt_readonly(stmt) == 0 {
            self.rowsWritten += Int(sqlite3_changes(connection.handle))
        }
    }

    deinit { finish() }

    private func advance() throws {
        guard let stmt else {
            pending = nil
            return
        }
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_ROW {
            rowsRead += 1
            pending = (0..<sqlite3_column_count(stmt)).map { i in
                switch sqlite3_column_type(stmt, i) {
                case SQLITE_INTEGER: return .integer(sqlite3_column_int64(stmt, i))
                case SQLITE_FLOAT: return .real(sqlite3_column_double(stmt, i))
                case SQLITE_TEXT: return .text(stmt.text(i))
                case SQLITE_BLOB: return .blob(stmt.blob(i))
                default: return .null
                }
            }
        } else {
            pending = nil
            let error = rc == SQLITE_DONE ? nil : SQLStorage.error(connection, rc)
            finish()
            if let error { throw error }
        }
    }

    /// Ends the statement early.
    func finish() {
        guard let s = stmt else { return }
        stmt = nil
        if let cachedSQL {
            connection.giveBack(cachedSQL)
        } else {
            sqlite3_finalize(s)
        }
    }

    /// The next row as values, or `nil` at the end. Errors while stepping end the cursor.
    public func nextRaw() throws -> [SQLValue]? {
        guard let row = pending else { return nil }
        try advance()
        return row
    }

    /// The next row (a failure while stepping ends the sequence; use `nextRaw` to see errors).
    public func next() -> SQLRow? {
        guard let values = try? nextRaw() else { return nil }
        return SQLRow(columns: columnNames, values: values)
    }

    /// The remaining rows.
    public func toArray() throws -> [SQLRow] {
        var rows: [SQLRow] = []
        while let v = try nextRaw() { rows.append(SQLRow(columns: columnNames, values: v)) }
        return rows
    }

    /// The remaining rows as arrays of values (sharing this cursor's position).
    public func raw() throws -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        while let v = try nextRaw() { rows.append(v) }
        return rows
    }

    /// Exactly one remaining row.
    /// - Throws: "Expected exactly one result from SQL query, but got no results." / "… multiple results.".
    public func one() throws -> SQLRow {
        guard let first = try nextRaw() else {
            throw DurableObjectError(.sql, "Expected exactly one result from SQL query, but got no results.")
        }
        if pending != nil {
            finish()
            pending = nil
            throw DurableObjectError(.sql, "Expected exactly one result from SQL query, but got multiple results.")
        }
        return SQLRow(columns: columnNames, values: first)
    }
}
