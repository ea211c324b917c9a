import DurableObjects
import Foundation
import JSONModel
import Testing
import TestSupport

final class TxnBox: @unchecked Sendable {
    var txn: ObjectTransaction?
}

struct TransactionTests {
    @Test func scenario31_transactionReturnsTheClosureValue() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                let r = try await ctx.transaction { txn -> String in
                    try txn.put("t", 1)
                    return "foo"
                }
                return [.string(r), try ctx.storage.get("t") ?? .null]
            })
            #expect(try await ns.getByName("x").call("go") == ["foo", 1])
        }
    }

    @Test func scenario32_throwRollsBackWithoutReset() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { m, _, ctx, _ in
                if m == "go" {
                    try ctx.storage.put("t", 1)
                    try await ctx.transaction { txn in
                        try txn.put("t", 5)
                        throw DurableObjectError.thrown("txn failure")
                    }
                }
                return [try ctx.storage.get("t") ?? .null, .string(String(ctx.instanceId))]
            })
            let before = try await ns.getByName("x").call("read")
            do {
                _ = try await ns.getByName("x").call("go")
                Issue.record("no error")
            } catch let e as DurableObjectError {
                #expect(e.message == "txn failure")
                #expect(!e.durableObjectReset)
            }
            let after = try await ns.getByName("x").call("read")
            #expect(after.arrayValue?[0] == 1)
            #expect(after.arrayValue?[1] == before.arrayValue?[1])
        }
    }

    @Test func scenario33_explicitRollback() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                var message = ""
                try await ctx.transaction { txn in
                    try txn.put("t", 4)
                    try txn.rollback()
                    try txn.rollback()
                    do { try txn.put("x", 1) } catch let e as DurableObjectError { message = e.message }
                }
                return [try ctx.storage.get("t") ?? .null, .string(message)]
            })
            #expect(try await ns.getByName("x").call("go") == [nil, "Cannot put() on rolled back transaction"])
        }
    }

    @Test func scenario34_outerRollbackUndoesNested() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                try ctx.storage.put("t", 1)
                try await ctx.transaction { txn in
                    try txn.put("t", 6)
                    try await ctx.transaction { inner in
                        try inner.put("t", 7)
                        try await ctx.external { try await Task.sleep(for: .milliseconds(2)) }
                    }
                    try txn.rollback()
                }
                return try ctx.storage.get("t") ?? .null
            })
            #expect(try await ns.getByName("x").call("go") == 1)
        }
    }

    @Test func scenario35_implicitWritesCommitBeforeTheTransaction() async throws {
        let control = CommitControl()
        try await withRuntime(configure: { $0.commitHook = control.hook }) { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                try ctx.storage.put("t", 2)
                try await ctx.transaction { txn in try txn.put("t", 3) }
                return try ctx.storage.get("t") ?? .null
            })
            #expect(try await ns.getByName("x").call("go") == 3)
            #expect(control.commits == 2)
        }
    }

    @Test func scenario36_deleteAllIsRefusedInTransactions() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                var messages: [JSON] = []
                try await ctx.transaction { txn in
                    do { try txn.deleteAll() } catch let e as DurableObjectError { messages.append(.string(e.message)) }
                    do { try ctx.storage.deleteAll() } catch let e as DurableObjectError { messages.append(.string(e.message)) }
                }
                return .array(messages)
            })
            #expect(
                try await ns.getByName("x").call("go")
                    == ["Cannot call deleteAll() within a transaction", "Cannot call deleteAll() within a transaction"])
        }
    }

    @Test func scenario37_usingTheHandleAfterTheClosureFails() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                let box = TxnBox()
                try await ctx.transaction { txn in box.txn = txn }
                do { try box.txn?.put("a", 1) } catch let e as DurableObjectError { return .string(e.message) }
                return .null
            })
            #expect(
                try await ns.getByName("x").call("go")
                    == "Cannot call put() on transaction that has already committed: did you move `txn` outside of the closure?")
        }
    }

    @Test func scenario38_transactionsBlockOtherEvents() async throws {
        let log = EventLog()
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { m, _, ctx, _ in
                if m == "txn" {
                    try await ctx.transaction { txn in
                        try txn.put("a", 1)
                        log.append("txn-start")
                        try await ctx.external { try await Task.sleep(for: .milliseconds(40)) }
                        log.append("txn-end")
                    }
                } else {
                    log.append("other")
                }
                return .null
            })
            async let t = ns.getByName("x").call("txn")
            #expect(await eventually { log.entries.contains("txn-start") })
            _ = try await ns.getByName("x").call("other")
            _ = try await t
        }
        #expect(log.entries == ["txn-start", "txn-end", "other"])
    }

    @Test func scenario39_transactionSyncRollsBackOnError() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                var message = ""
                do {
                    try ctx.storage.transactionSync {
                        try ctx.storage.sql.exec("CREATE TABLE a(x)")
                        try ctx.storage.sql.exec("SELECT * FROM missing")
                    }
                } catch let e as DurableObjectError { message = e.message }
                let n = try ctx.storage.sql.exec("SELECT count(*) AS n FROM sqlite_master WHERE name='a'").one()["n"]
                return [.string(message), n!.json]
            })
            let r = try await ns.getByName("x").call("go")
            #expect(r.arrayValue?[0].stringValue?.hasPrefix("no such table: missing") == true)
            #expect(r.arrayValue?[1] == 0)
        }
    }

    @Test func scenario40_nestedTransactionSyncRollsBackOnlyTheInner() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                try ctx.storage.transactionSync {
                    try ctx.storage.put("i", 2)
                    do {
                        try ctx.storage.transactionSync {
                            try ctx.storage.put("i", 3)
                            throw DurableObjectError.thrown("inner")
                        }
                    } catch {}
                }
                return try ctx.storage.get("i") ?? .null
            })
            #expect(try await ns.getByName("x").call("go") == 2)
        }
    }

    @Test func scenario41_transactionSyncOnKVEmulation() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C", storage: .kvEmulation) { _, _, ctx, _ in
                do { _ = try ctx.storage.transactionSync { 1 } } catch let e as DurableObjectError { return .string(e.message) }
                return .null
            })
            #expect(try await ns.getByName("x").call("go") == "Durable Object is not backed by SQL.")
        }
    }
}
