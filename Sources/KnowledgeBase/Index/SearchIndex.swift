import GRDB

/// The SQLite FTS5 index over every section of every doc (porter stemming over unicode61, BM25 ranking).
///
/// One row per section, with the doc's title and tags repeated so that a section can match on them. Column
/// weights favour headings and titles over body text. The index lives in memory and is built once at start.
final class SearchIndex: Sendable {
    let ranking: RankingParameters

    struct Hit: Sendable {
        var document: Int
        var section: Int
        /// BM25 rank as FTS5 reports it: lower is better.
        var rank: Double
    }

    private let database: DatabaseQueue

    init(documents: [KnowledgeDocument], ranking: RankingParameters) throws {
        self.ranking = ranking
        do {
            database = try DatabaseQueue()
            try database.write { db in
                try db.execute(sql: """
                    CREATE VIRTUAL TABLE sections USING fts5(
                        title, heading, body, tags,
                        tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3 4')
                    """)
                let insert = try db.makeStatement(
                    sql: "INSERT INTO sections(rowid, title, heading, body, tags) VALUES (?, ?, ?, ?, ?)")
                for (d, document) in documents.enumerated() {
                    let tags = document.tags.joined(separator: " ")
                    for (s, section) in document.sections.enumerated() {
                        let heading = s == 0 ? document.title : section.heading
                        let body = s == 0 ? document.summary + "\n" + section.indexText : section.indexText
                        try insert.execute(arguments: [Self.rowid(d, s), document.title, heading, body, tags])
                    }
                }
            }
        } catch {
            throw KnowledgeBaseError(code: .indexFailure, message: "Could not build the search index: \(error)")
        }
    }

    static func rowid(_ document: Int, _ section: Int) -> Int64 { Int64(document) * 10_000 + Int64(section) }

    /// The best `limit` sections for an FTS5 match expression, best first.
    func rank(match: String, limit: Int) throws -> [Hit] {
        let w = ranking.sectionWeights
        do {
            return try database.read { db in
                let statement = try db.cachedStatement(sql: """
                    SELECT rowid, bm25(sections, \(w.title), \(w.heading), \(w.body), \(w.tags)) AS rank
                    FROM sections WHERE sections MATCH ? ORDER BY rank LIMIT ?
                    """)
                return try Row.fetchAll(statement, arguments: [match, limit]).map { row in
                    let rowid: Int64 = row[0]
                    return Hit(document: Int(rowid / 10_000), section: Int(rowid % 10_000), rank: row[1])
                }
            }
        } catch {
            throw KnowledgeBaseError(code: .indexFailure, message: "The search index failed: \(error)")
        }
    }

}
