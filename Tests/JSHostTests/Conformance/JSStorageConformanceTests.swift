import DurableObjects
import Foundation
@testable import JSHost
import JSONModel
import TestSupport
import Testing

/// Transactions, KV and SQL scenarios of docs/runtime-conformance.md run with the fixture's JavaScript classes.
struct JSTransactionConformanceTests {
    @Test func scenario31_transactionReturnsTheClosureValue() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("txnReturns")
            #expect(result == ["foo", 1])
        }
    }

    @Test func scenario32_throwRollsBackWithoutReset() async throws {
        try await withJSRuntime { rt, _ in
            let stub = try rt.js("PROBE").getByName("x")
            let before = try await stub.call("readT")
            do {
                _ = try await stub.call("txnThrows")
                Issue.record("no error")
            } catch let error as DurableObjectError {
                #expect(error.message == "txn failure")
                #expect(!error.durableObjectReset)
            }
            let after = try await stub.call("readT")
            #expect(after.arrayValue?[0] == 1)
            #expect(after.arrayValue?[1] == before.arrayValue?[1])
        }
    }

    @Test func scenario33_explicitRollback() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("txnRollback")
            #expect(result == [nil, "Cannot put() on rolled back transaction"])
        }
    }

    @Test func scenario34_outerRollbackUndoesNested() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("txnNestedOuterRollback")
            #expect(result == 1)
        }
    }

    @Test func scenario35_implicitWritesCommitBeforeTheTransaction() async throws {
        let probe = CommitProbe()
        try await withJSRuntime(configure: { $0.commitHook = probe.hook }) { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("txnAfterImplicitWrite")
            #expect(result == 3)
            #expect(probe.commits == 2)
        }
    }

    @Test func scenario36_deleteAllIsRefusedInTransactions() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("txnDeleteAll")
            #expect(result == ["Cannot call deleteAll() within a transaction", "Cannot call deleteAll() within a transaction"])
        }
    }

    @Test func scenario37_usingTheHandleAfterTheClosureFails() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("txnEscaped")
            #expect(result == "Cannot call put() on transaction that has already committed: did you move `txn` outside of the closure?")
        }
    }

    @Test func scenario38_transactionsBlockOtherEvents() async throws {
        try await withJSRuntime { rt, clock in
            let stub = try rt.js("PROBE").getByName("x")
            _ = try await stub.call("instanceId")
            let before = await idleSleepers(clock)
            let txn = PendingCall { try await stub.call("txnLong", [40]) }
            #expect(await timerStarted(clock, beyond: before))
            let other = PendingCall { try await stub.call("note", ["other"]) }
            try await Task.sleep(for: .milliseconds(20))
            clock.advance(by: .milliseconds(40))
            _ = try await txn.finish()?.get()
            _ = try await other.finish()?.get()
            #expect(try await stub.call("events") == ["txn-start", "txn-end", "other"])
        }
    }

    @Test func scenario39_transactionSyncRollsBackOnError() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("txnSyncRollsBack")
            #expect(result.arrayValue?[0].stringValue?.hasPrefix("no such table: missing") == true)
            #expect(result.arrayValue?[1] == 0)
        }
    }

    @Test func scenario40_nestedTransactionSyncRollsBackOnlyTheInner() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("txnSyncNested")
            #expect(result == 2)
        }
    }

    @Test func scenario41_transactionSyncOnAKVBackedClass() async throws {
        try await withJSRuntime { rt, _ in
            let error = try await rt.js("LEGACY").getByName("x").call("transactionSync")
            #expect(described(error).message == "Durable Object is not backed by SQL.")
        }
    }
}

struct JSKVConformanceTests {
    @Test func scenario42_keysOrderedByUTF8Bytes() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("keysInOrder")
            #expect(result == ["a", "b", "\u{E000}", "\u{10000}"])
        }
    }

    @Test func scenario43_canonicallyEquivalentKeysAreDistinct() async throws {
        try await withJSRuntime { rt, _ in
            let keys = try await rt.js("PROBE").getByName("x").call("equivalentKeys").arrayValue ?? []
            #expect(keys.count == 2)
            #expect(keys.map { Array(($0.stringValue ?? "").utf8) } == [Array("e\u{301}".utf8), Array("\u{E9}".utf8)])
        }
    }

    @Test func scenario44_listOptions() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("listOptions")
            #expect(result == [["bar", "baz"], ["bar"], ["bar", "baz"], ["baz"], ["bar", "baz"], ["bar"], ["foo"], ["foo", "baz", "bar"]])
        }
    }

    @Test func scenario45_46_listRejectsStartWithStartAfterAndNonPositiveLimits() async throws {
        try await withJSRuntime { rt, _ in
            let errors = try await rt.js("PROBE").getByName("x").call("listRejects").arrayValue ?? []
            #expect(errors.map { described($0).message } == [
                "list() cannot be called with both start and startAfter values.", "List limit must be positive.", "List limit must be positive.",
            ])
            #expect(errors.map { described($0).name } == ["TypeError", "TypeError", "TypeError"])
        }
    }

    @Test func scenario47_emptyRangesGiveEmptyResults() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("emptyRanges")
            #expect(result == [0, 0])
        }
    }

    @Test func scenario48_getManyOrdersByKeyAndOmitsMissing() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("getMany")
            #expect(result == [true, ["a", "b"]])
        }
    }

    @Test func scenario49_undefinedValues() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("undefinedValues")
            #expect(result.arrayValue?[0] == ["a", "c"])
            #expect(described(result.arrayValue?[1]).name == "TypeError")
            #expect(described(result.arrayValue?[1]).message == "put() called with undefined value.")
        }
    }

    /// Objects keep their member order through storage (written as text in that order), through RPC arguments
    /// from Swift (made from text in that order) and through RPC results back to Swift, as structured clone does.
    @Test func objectMemberOrderSurvivesStorageAndRPC() async throws {
        try await withJSRuntime { rt, _ in
            let given: JSON = ["zulu": 1, "alpha": 2, "inner": ["z": nil, "a": [1, 2]], "mike": "m"]
            let result = try await rt.js("PROBE").getByName("order").call("memberOrder", [given])
            #expect(result["stored"] == [["zeta", "alpha", "mid"], ["y", "b"], ["q", "p"]])
            #expect(result["given"] == [["zulu", "alpha", "inner", "mike"], ["z", "a"]])
            let back = try #require(result["back"])
            #expect(back.objectValue?.keys == ["zeta", "alpha", "mid"])
            #expect(back.textAsWritten == #"{"zeta":1,"alpha":{"y":true,"b":null},"mid":[{"q":1,"p":2}]}"#)
        }
    }

    @Test func scenario50_deleteReturnsExistenceAndCount() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("deleteCounts")
            #expect(result == [false, true, 2])
        }
    }

    @Test func scenario51_kvBackedLimits() async throws {
        try await withJSRuntime { rt, _ in
            let results = try await rt.js("LEGACY").getByName("x").call("limits").arrayValue ?? []
            try #require(results.count == 4)
            #expect(described(results[0]).message?.hasPrefix("Keys cannot be larger than 2048 bytes.") == true)
            #expect(described(results[1]).message?.hasPrefix("Values cannot be larger than 131072 bytes.") == true)
            #expect(described(results[2]).message?.hasPrefix("Maximum number of key value pairs is 128.") == true)
            #expect(results[0...2].map { described($0).name } == ["RangeError", "RangeError", "RangeError"])
            #expect(results[3] == "no error")
        }
    }

    /// The 128-key cap of multi-key `get`, `put` and `delete` on a SQLite-backed object (storage API limits).
    @Test func scenario51_batchesOfMoreThan128KeysAreRefused() async throws {
        try await withJSRuntime { rt, _ in
            let results = try await rt.js("PROBE").getByName("x").call("batchLimits").arrayValue ?? []
            try #require(results.count == 4)
            for result in results[0...2] {
                #expect(described(result).name == "RangeError")
                #expect(described(result).message == "Maximum number of key value pairs is 128. 129 pairs were provided.")
            }
            #expect(results[3] == "no error")
        }
    }

    @Test func scenario52_sqliteValuesAreLimitedTo2MB() async throws {
        try await withJSRuntime { rt, _ in
            let results = try await rt.js("PROBE").getByName("x").call("bigValues").arrayValue ?? []
            try #require(results.count == 2)
            #expect(results[0] == "no error")
            #expect(described(results[1]).name == "RangeError")
            #expect(described(results[1]).message?.contains("cannot be larger than 2 MB") == true)
        }
    }

    @Test func scenario53_deleteAllRemovesKVTablesAndAlarm() async throws {
        try await withJSRuntime { rt, clock in
            let stub = try rt.js("PROBE").getByName("x")
            let before = try #require(try await stub.call("fill").number)
            _ = try await stub.call("setAlarmAt", [.number(Double(clock.nowNanoseconds / 1_000_000 + 60_000))])
            #expect(try await stub.call("deleteAll") == 50)
            let after = try await stub.call("storedState").arrayValue ?? []
            try #require(after.count == 4)
            #expect(after[0] == 0)
            #expect(after[1] == 0)
            #expect(try #require(after[2].number) < before)
            #expect(after[3] == .null)
        }
    }
}

struct JSSQLConformanceTests {
    @Test func scenario55_execRunsEagerly() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("sqlEager")
            #expect(result == 1)
        }
    }

    @Test func scenario56_oneRequiresExactlyOneRow() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("sqlOne")
            #expect(result == [
                "Expected exactly one result from SQL query, but got multiple results.",
                "Expected exactly one result from SQL query, but got no results.",
            ])
        }
    }

    @Test func scenario57_duplicateColumnNames() async throws {
        try await withJSRuntime { rt, _ in
            let r = try await rt.js("PROBE").getByName("x").call("sqlDuplicateColumns").arrayValue ?? []
            try #require(r.count == 5)
            #expect(r[0] == ["a", "b", "c", "c", "d", "e"])
            #expect(r[1] == 5)
            #expect(r[2] == 4)  // the second table's `c`
            #expect(r[3] == 6)
            #expect(r[4] == [1, 2, 3, 4, 5, 6])
        }
    }

    @Test func scenario58_multiStatementAndEmptyQueries() async throws {
        try await withJSRuntime { rt, _ in
            let r = try await rt.js("PROBE").getByName("x").call("sqlMultiStatement")
            #expect(r.arrayValue?[0] == [["x": 7]])
            #expect(r.arrayValue?[1] == .array(Array(repeating: "SQL code did not contain a statement.", count: 3)))
        }
    }

    @Test func scenario59_transactionStatementsAreRefused() async throws {
        try await withJSRuntime { rt, _ in
            let messages = try await rt.js("PROBE").getByName("x").call("sqlTransactionStatements").arrayValue ?? []
            #expect(messages.count == 2)
            for m in messages { #expect(m.stringValue?.contains("state.storage.transaction()") == true) }
        }
    }

    @Test func scenario60_reservedNamesAreRefused() async throws {
        try await withJSRuntime { rt, _ in
            let m = try await rt.js("PROBE").getByName("x").call("sqlReservedNames").arrayValue?.map { $0.stringValue ?? "" } ?? []
            try #require(m.count == 4)
            #expect(m[0].contains("not authorized"))
            #expect(m[1].contains("not authorized"))
            #expect(m[2] == "access to _cf_KV.key is prohibited: SQLITE_AUTH")
            #expect(m[3].contains("not authorized"))
        }
    }

    @Test func scenario61_pragmaAndFeatureRestrictions() async throws {
        try await withJSRuntime { rt, _ in
            let m = try await rt.js("PROBE").getByName("x").call("sqlRestrictions").arrayValue?.map { $0.stringValue ?? "" } ?? []
            try #require(m.count == 9)
            #expect(Array(m[0..<3]) == ["no error", "no error", "no error"])
            for message in m[3..<8] { #expect(message.contains("not authorized"), "\(message)") }
            #expect(m[8].contains("too many terms in compound SELECT"))
        }
    }

    @Test func scenario62_rowsReadAndWritten() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("sqlRowCounters")
            #expect(result == [1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10])
        }
    }

    @Test func scenario63_wrongNumberOfBindings() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("sqlMissingBinding")
            #expect(result == "Wrong number of parameter bindings for SQL query.")
        }
    }

    /// As in workerd: an INTEGER reaches JavaScript as a double (the Swift run keeps it exact, see the doc).
    @Test func scenario64_integersBeyond2To53AreRoundedToDoubles() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("sqlBigInteger")
            #expect(result == .number(9_007_199_254_740_992))
        }
    }

    @Test func scenario65_databaseSizeCountsUsedPages() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("sqlDatabaseSize")
            #expect(result == [4096, 8192, 4096])
        }
    }

    @Test func scenario66_deferredConstraintViolationResetsAtCommit() async throws {
        try await withJSRuntime { rt, _ in
            let ns = try rt.js("PROBE")
            _ = try await ns.getByName("x").call("sqlForeignKeySetup")
            do {
                _ = try await ns.getByName("x").call("sqlDangle")
                Issue.record("no error")
            } catch let error as DurableObjectError {
                #expect(error.message.hasPrefix(
                    "Durable Object was reset and rolled back to its last known good state because the application left the database in a state where constraints were violated"))
                #expect(error.durableObjectReset)
            }
            #expect(try await ns.getByName("x").call("sqlChildren") == 0)
        }
    }

    @Test func scenario67_diskFullResetsToTheLastCommit() async throws {
        try await withJSRuntime(configure: { $0.maxDatabasePages = 12 }) { rt, _ in
            let ns = try rt.js("PROBE")
            _ = try await ns.getByName("x").call("sqlGrowSetup")
            do {
                let r = try await ns.getByName("x").call("sqlGrow")
                Issue.record("grow succeeded: \(r)")
            } catch let error as DurableObjectError {
                #expect(error.durableObjectReset)
                #expect(error.message.contains("database or disk is full"))
            }
            #expect(try await ns.getByName("x").call("sqlCount") == 1)
        }
    }
}
