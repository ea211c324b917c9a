import DurableObjects
import Foundation
import JSONModel
import Testing
import TestSupport

func sqlError(_ body: () throws -> Void) -> String {
    do {
        try body()
        return "no error"
    } catch let e as DurableObjectError {
        return e.message
    } catch {
        return "\(error)"
    }
}

struct SQLStorageTests {
    @Test func scenario55_execRunsEagerly() async throws {
        try await withRuntime { rt, _ in
            let n = try await inObject(rt) { ctx -> Int in
                try ctx.storage.sql.exec("CREATE TABLE t(a)")
                _ = try ctx.storage.sql.exec("INSERT INTO t VALUES (1)")
                return try ctx.storage.sql.exec("SELECT * FROM t").toArray().count
            }
            #expect(n == 1)
        }
    }

    @Test func scenario56_oneRequiresExactlyOneRow() async throws {
        try await withRuntime { rt, _ in
            let messages = try await inObject(rt) { ctx -> [String] in
                try ctx.storage.sql.exec("CREATE TABLE empty(a)")
                return [
                    sqlError { _ = try ctx.storage.sql.exec("SELECT 1 UNION ALL SELECT 2").one() },
                    sqlError { _ = try ctx.storage.sql.exec("SELECT * FROM empty").one() },
                ]
            }
            #expect(messages == [
                "Expected exactly one result from SQL query, but got multiple results.",
                "Expected exactly one result from SQL query, but got no results.",
            ])
        }
    }

    @Test func scenario57_duplicateColumnNames() async throws {
        try await withRuntime { rt, _ in
            let (names, objectKeys, rawCount, namesAfter) = try await inObject(rt) { ctx -> ([String], Int, Int, [String]) in
                try ctx.storage.sql.exec("CREATE TABLE l(a, b, c); CREATE TABLE r(c, d, e)")
                try ctx.storage.sql.exec("INSERT INTO l VALUES (1, 2, 3); INSERT INTO r VALUES (4, 5, 6)")
                let cursor = try ctx.storage.sql.exec("SELECT * FROM l, r")
                let rows = try cursor.toArray()
                let raw = try ctx.storage.sql.exec("SELECT * FROM l, r").raw()
                return (rows[0].columns, rows[0].object.count, raw[0].count, cursor.columnNames)
            }
            #expect(names == ["a", "b", "c", "c", "d", "e"])
            #expect(objectKeys == 5)
            #expect(rawCount == 6)
            #expect(namesAfter == names)
        }
    }

    @Test func scenario58_multiStatementAndEmptyQueries() async throws {
        try await withRuntime { rt, _ in
            let (rows, messages) = try await inObject(rt) { ctx -> ([SQLRow], [String]) in
                let rows = try ctx.storage.sql.exec("CREATE TABLE a(x); INSERT INTO a VALUES(?); SELECT x FROM a", 7).toArray()
                return (rows, [
                    sqlError { try ctx.storage.sql.exec("SELECT 1; -- c") },
                    sqlError { try ctx.storage.sql.exec("") },
                    sqlError { try ctx.storage.sql.exec(";") },
                ])
            }
            #expect(rows.count == 1)
            #expect(rows.first?["x"] == .integer(7))
            #expect(messages == Array(repeating: "SQL code did not contain a statement.", count: 3))
        }
    }

    @Test func scenario59_transactionStatementsAreRefused() async throws {
        try await withRuntime { rt, _ in
            let messages = try await inObject(rt) { ctx -> [String] in
                [sqlError { try ctx.storage.sql.exec("BEGIN TRANSACTION") }, sqlError { try ctx.storage.sql.exec("SAVEPOINT s") }]
            }
            for m in messages { #expect(m.contains("state.storage.transaction()")) }
        }
    }

    @Test func scenario60_reservedNamesAreRefused() async throws {
        try await withRuntime { rt, _ in
            let messages = try await inObject(rt) { ctx -> [String] in
                try ctx.storage.put("k", 1)
                return [
                    sqlError { try ctx.storage.sql.exec("CREATE TABLE _cf_x(a)") },
                    sqlError { try ctx.storage.sql.exec("CREATE TABLE _CF_y(a)") },
                    sqlError { try ctx.storage.sql.exec("SELECT * FROM _cf_KV") },
                    sqlError { try ctx.storage.sql.exec("PRAGMA table_info(_cf_KV)") },
                ]
            }
            #expect(messages[0].contains("not authorized"))
            #expect(messages[1].contains("not authorized"))
            #expect(messages[2] == "access to _cf_KV.key is prohibited: SQLITE_AUTH")
            #expect(messages[3].contains("not authorized"))
        }
    }

    @Test func scenario61_pragmaAndFeatureRestrictions() async throws {
        try await withRuntime { rt, _ in
            let messages = try await inObject(rt) { ctx -> [String] in
                try ctx.storage.sql.exec("CREATE TABLE t(a)")
                return [
                    "PRAGMA data_version", "PRAGMA table_info(t)", "PRAGMA foreign_keys = on", "PRAGMA page_size = 8192",
                    "PRAGMA max_page_count = 1", "ATTACH 'x' AS y", "CREATE TEMP TABLE z(a)", "SELECT sqlite_version()",
                    "SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6",
                ].map { q in sqlError { try ctx.storage.sql.exec(q) } }
            }
            #expect(Array(messages[0..<3]) == ["no error", "no error", "no error"])
            for m in messages[3..<8] { #expect(m.contains("not authorized"), "\(m)") }
            #expect(messages[8].contains("too many terms in compound SELECT"))
        }
    }

    @Test func scenario62_rowsReadAndWritten() async throws {
        try await withRuntime { rt, _ in
            let r = try await inObject(rt) { ctx -> [Int] in
                try ctx.storage.sql.exec("CREATE TABLE t(a)")
                let ins = try ctx.storage.sql.exec("INSERT INTO t VALUES (1)")
                try ctx.storage.sql.exec("INSERT INTO t VALUES (2)")
                let sel = try ctx.storage.sql.exec("SELECT * FROM t")
                _ = try sel.toArray()
                for i in 3...10 { try ctx.storage.sql.exec("INSERT INTO t VALUES (?)", .integer(Int64(i))) }
                let step = try ctx.storage.sql.exec("SELECT * FROM t")
                var seen: [Int] = []
                while try step.nextRaw() != nil { seen.append(step.rowsRead) }
                return [ins.rowsWritten, sel.rowsRead] + seen
            }
            #expect(r == [1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10])
        }
    }

    @Test func scenario63_wrongNumberOfBindings() async throws {
        try await withRuntime { rt, _ in
            let m = try await inObject(rt) { ctx in sqlError { try ctx.storage.sql.exec("SELECT ?") } }
            #expect(m == "Wrong number of parameter bindings for SQL query.")
        }
    }

    @Test func scenario64_integersAreExactInSwift() async throws {
        try await withRuntime { rt, _ in
            let v = try await inObject(rt) { ctx in try ctx.storage.sql.exec("SELECT 9007199254740993 AS v").one()["v"] }
            #expect(v == .integer(9_007_199_254_740_993))
        }
    }

    @Test func scenario65_databaseSizeCountsUsedPages() async throws {
        try await withRuntime { rt, _ in
            let sizes = try await inObject(rt) { ctx -> [Int64] in
                let fresh = try ctx.storage.sql.databaseSize
                try ctx.storage.sql.exec("CREATE TABLE t(a)")
                let created = try ctx.storage.sql.databaseSize
                try ctx.storage.sql.exec("DROP TABLE t")
                return [fresh, created, try ctx.storage.sql.databaseSize]
            }
            #expect(sizes[0] == 4096)
            #expect(sizes[1] == 8192)
            #expect(sizes[2] == 4096)
        }
    }

    @Test func limitsOnStatementsBindingsAndColumns() async throws {
        try await withRuntime { rt, _ in
            let m = try await inObject(rt) { ctx -> [String] in
                let longSQL = "SELECT '" + String(repeating: "x", count: 100_001) + "'"
                let bindings = (0..<101).map { _ in "?" }.joined(separator: ",")
                let columns = (0..<101).map { "c\($0)" }.joined(separator: ",")
                return [
                    sqlError { try ctx.storage.sql.exec(longSQL) },
                    sqlError { try ctx.storage.sql.exec("SELECT \(bindings)", bindings: Array(repeating: .null, count: 101)) },
                    sqlError { try ctx.storage.sql.exec("CREATE TABLE wide(\(columns))") },
                    sqlError { try ctx.storage.sql.exec("SELECT zeroblob(2100000)") },
                ]
            }
            for x in m { #expect(x != "no error") }
        }
    }
}

extension SQLStorageTests {
    @Test func scenario67_diskFullResetsToTheLastCommit() async throws {
        try await withRuntime(configure: { $0.maxDatabasePages = 12 }) { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { m, _, ctx, _ in
                switch m {
                case "setup":
                    try ctx.storage.sql.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1)")
                    return .null
                case "grow":
                    try ctx.storage.sql.exec("INSERT INTO t VALUES (2)")
                    var messages: [JSON] = []
                    do { try ctx.storage.sql.exec("INSERT INTO t VALUES (zeroblob(200000))") } catch let e as DurableObjectError {
                        messages.append(.string(e.message))
                    }
                    do { try ctx.storage.sql.exec("SELECT * FROM t") } catch let e as DurableObjectError {
                        messages.append(.string(e.message))
                    }
                    return .array(messages)
                default:
                    return try ctx.storage.sql.exec("SELECT count(*) AS n FROM t").one()["n"]!.json
                }
            })
            _ = try await ns.getByName("x").call("setup")
            do {
                let r = try await ns.getByName("x").call("grow")
                Issue.record("grow succeeded: \(r)")
            } catch let e as DurableObjectError {
                #expect(e.durableObjectReset)
                #expect(e.message.contains("database or disk is full"))
            }
            #expect(try await ns.getByName("x").call("count") == 1)
        }
    }
}
