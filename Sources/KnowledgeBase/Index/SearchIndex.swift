import Foundation
import GRDBSQLite

/// The SQLite FTS5 index over every section of every doc (porter stemming over unicode61, BM25 ranking).
///
/// One row per section, with the doc's title and tags repeated so that a section can match on them. Column
/// weights favour headings and titles over body text. The index lives in memory and is built once at start.
///
/// It talks to SQLite's C API directly, on one connection with one ranking statement prepared once: a search
/// binds the match expression, steps, and reads two numbers per row. (Through GRDB each search also ran
/// `PRAGMA query_only` twice and a savepoint, and made a `Row` object per hit, about 1,600 allocations for 400
/// hits.) Sendable by hand: the connection and the statement are used only under `lock`.
final class SearchIndex: @unchecked Sendable {
    let ranking: RankingParameters

    struct Hit: Sendable {
        var document: Int
        var section: Int
        /// BM25 rank as FTS5 reports it: lower is better.
        var rank: Double
    }

    // Protected by `lock` (after `init`).
    private let connection: OpaquePointer
    private let rankStatement: OpaquePointer
    private let lock = NSLock()

    init(documents: [KnowledgeDocument], ranking: RankingParameters) throws {
        self.ranking = ranking
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(":memory:", &handle, flags, nil) == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open an in-memory database"
            if let handle { sqlite3_close_v2(handle) }
            throw Self.failure("Could not build the search index: \(message)")
        }
        do {
            try Self.execute(handle, """
                CREATE VIRTUAL TABLE sections USING fts5(
                    title, heading, body, tags,
                    tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3 4')
                """)
            try Self.execute(handle, "BEGIN")
            let insert = try Self.prepare(handle, "INSERT INTO sections(rowid, title, heading, body, tags) VALUES (?, ?, ?, ?, ?)")
            defer { sqlite3_finalize(insert) }
            for (d, document) in documents.enumerated() {
                let tags = document.tags.joined(separator: " ")
                for (s, section) in document.sections.enumerated() {
                    let heading = s == 0 ? document.title : section.heading
                    let body = s == 0 ? document.summary + "\n" + section.indexText : section.indexText
                    sqlite3_reset(insert)
                    sqlite3_bind_int64(insert, 1, Self.rowid(d, s))
                    for (position, text) in [document.title, heading, body, tags].enumerated() {
                        sqlite3_bind_text(insert, Int32(position + 2), text, -1, sqliteTransient)
                    }
                    guard sqlite3_step(insert) == SQLITE_DONE else {
                        throw Self.failure("Could not build the search index: \(String(cString: sqlite3_errmsg(handle)))")
                    }
                }
            }
            try Self.execute(handle, "COMMIT")
            let w = ranking.sectionWeights
            rankStatement = try Self.prepare(handle, """
                SELECT rowid, bm25(sections, \(w.title), \(w.heading), \(w.body), \(w.tags)) AS rank
                FROM sections WHERE sections MATCH ? ORDER BY rank LIMIT ?
                """, persistent: true)
        } catch {
            sqlite3_close_v2(handle)
            throw error
        }
        connection = handle
    }

    deinit {
        sqlite3_finalize(rankStatement)
        sqlite3_close_v2(connection)
    }

    static func rowid(_ document: Int, _ section: Int) -> Int64 { Int64(document) * 10_000 + Int64(section) }

    /// The best `limit` sections for an FTS5 match expression, best first.
    func rank(match: String, limit: Int) throws -> [Hit] {
        lock.lock()
        defer { lock.unlock() }
        let statement = rankStatement
        var hits: [Hit] = []
        hits.reserveCapacity(min(limit, 512))
        // The text is bound without a copy (no destructor: SQLite uses the pointer as it is), so the binding is
        // cleared before `withCString` returns.
        return try match.withCString { text in
            defer {
                sqlite3_reset(statement)
                sqlite3_clear_bindings(statement)
            }
            sqlite3_bind_text(statement, 1, text, -1, nil)
            sqlite3_bind_int64(statement, 2, Int64(limit))
            while true {
                switch sqlite3_step(statement) {
                case SQLITE_ROW:
                    let rowid = sqlite3_column_int64(statement, 0)
                    hits.append(Hit(document: Int(rowid / 10_000), section: Int(rowid % 10_000), rank: sqlite3_column_double(statement, 1)))
                case SQLITE_DONE:
                    return hits
                default:
                    throw Self.failure("The search index failed: \(String(cString: sqlite3_errmsg(connection)))")
                }
            }
        }
    }

    private static func execute(_ handle: OpaquePointer, _ sql: String) throws {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else {
            throw failure("Could not build the search index: \(String(cString: sqlite3_errmsg(handle)))")
        }
    }

    private static func prepare(_ handle: OpaquePointer, _ sql: String, persistent: Bool = false) throws -> OpaquePointer {
        var statement: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        guard sqlite3_prepare_v3(handle, sql, -1, flags, &statement, nil) == SQLITE_OK, let statement else {
            throw failure("Could not build the search index: \(String(cString: sqlite3_errmsg(handle)))")
        }
        return statement
    }

    private static func failure(_ message: String) -> KnowledgeBaseError {
        KnowledgeBaseError(code: .indexFailure, message: message)
    }
}

/// `SQLITE_TRANSIENT` (SQLite copies the bound text), which Swift cannot import.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
