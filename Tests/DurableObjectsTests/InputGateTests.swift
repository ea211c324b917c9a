import DurableObjects
import Foundation
import Testing
import TestSupport

struct InputGateTests {
    @Test func scenario2_sqlReadModifyWriteIsRaceFree() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                try ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS c(v INTEGER)")
                let row = try ctx.storage.sql.exec("SELECT v FROM c").toArray().first
                let v: Int64
                if case .integer(let x)? = row?["v"] { v = x } else {
                    v = 0
                    try ctx.storage.sql.exec("INSERT INTO c VALUES (0)")
                }
                try ctx.storage.sql.exec("UPDATE c SET v = ?", .integer(v + 1))
                return .number(Double(v))
            })
            let values = try await withThrowingTaskGroup(of: Int.self) { g in
                for _ in 0..<10 { g.addTask { try await ns.getByName("x").call("next").intValue! } }
                return try await g.reduce(into: []) { $0.append($1) }
            }
            #expect(values.sorted() == Array(0..<10))
        }
    }

    @Test func scenario4_externalIOLetsOtherEventsInterleave() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                let v = try ctx.storage.get("c")?.intValue ?? 0
                try await ctx.external { try await Task.sleep(for: .milliseconds(30)) }
                try ctx.storage.put("c", .number(Double(v + 1)))
                return .number(Double(v))
            })
            async let a = ns.getByName("x").call("go")
            async let b = ns.getByName("x").call("go")
            let (ra, rb) = try await (a, b)
            #expect(ra == rb)
            #expect(try await ns.inspectRun(ns.idFromName("x")) { try $0.storage.get("c") } == 1)
        }
    }

    @Test func scenario7_awaitingAPromiseResolvedByAnotherEventDoesNotDeadlock() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C", constructor: nil) { m, args, ctx, obj in
                if m == "blockedOp" {
                    let p = ObjectPromise<Int>()
                    obj.memory["n"] = args
                    PromiseStore.shared.set(p)
                    let v = try await ctx.external { try await p.value }
                    return .number(Double(v + args.intValue!))
                }
                PromiseStore.shared.get()?.resolve(2)
                return .null
            })
            let stub = ns.getByName("x")
            async let blocked = stub.call("blockedOp", 10)
            #expect(await eventually { PromiseStore.shared.get() != nil })
            _ = try await stub.call("release")
            #expect(try await blocked == 12)
        }
    }

    @Test func scenario8_queuedEventsAreDeliveredInArrivalOrder() async throws {
        let log = EventLog()
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { m, args, ctx, _ in
                if m == "hold" {
                    try await ctx.blockConcurrencyWhile {
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    return .null
                }
                log.append(args.stringValue!)
                return .null
            })
            let stub = ns.getByName("x")
            async let held = stub.call("hold")
            try await Task.sleep(for: .milliseconds(10))
            try await withThrowingTaskGroup(of: Void.self) { g in
                for r in ["R1", "R2", "R3"] {
                    g.addTask { _ = try await stub.call("log", .string(r)) }
                    try await Task.sleep(for: .milliseconds(3))
                }
                try await g.waitForAll()
            }
            _ = try await held
        }
        #expect(log.entries == ["R1", "R2", "R3"])
    }

    @Test func scenario9_constructorBlockConcurrencyRunsBeforeTheFirstEvent() async throws {
        let log = EventLog()
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C", constructor: { ctx in
                log.append("ctor-start")
                try await ctx.blockConcurrencyWhile {
                    try await Task.sleep(for: .milliseconds(30))
                    log.append("ctor-end")
                }
            }) { _, _, _, _ in
                log.append("fetch")
                return .null
            })
            _ = try await ns.getByName("x").call("go")
        }
        #expect(log.entries == ["ctor-start", "ctor-end", "fetch"])
    }

    @Test func tenThousandConcurrentIncrementsFromOneHundredTasksGiveTenThousand() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "COUNTER", ScriptedObject.objectClass("Counter") { m, _, ctx, _ in
                let v = (try ctx.storage.get("n")?.intValue ?? 0) + (m == "increment" ? 1 : 0)
                if m == "increment" { try ctx.storage.put("n", .number(Double(v))) }
                return .number(Double(v))
            })
            try await withThrowingTaskGroup(of: Void.self) { g in
                for _ in 0..<100 {
                    g.addTask {
                        let stub = ns.getByName("one")
                        for _ in 0..<100 { _ = try await stub.call("increment") }
                    }
                }
                try await g.waitForAll()
            }
            #expect(try await ns.getByName("one").call("get") == 10_000)
        }
    }
}

/// Hands a promise from one event to another in tests.
final class PromiseStore: @unchecked Sendable {
    static let shared = PromiseStore()
    private let lock = NSLock()
    private var promise: ObjectPromise<Int>?
    func set(_ p: ObjectPromise<Int>) { lock.lock(); promise = p; lock.unlock() }
    func get() -> ObjectPromise<Int>? { lock.lock(); defer { lock.unlock() }; return promise }
}
