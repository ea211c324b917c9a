import DurableObjects
import Foundation
import Testing
import TestSupport

struct BlockConcurrencyTests {
    @Test func scenario26_requestsWaitForTheCriticalSectionAndItsContinuation() async throws {
        let log = EventLog()
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { m, _, ctx, _ in
                if m == "bcw" {
                    try await ctx.blockConcurrencyWhile {
                        log.append("callback-start")
                        try await ctx.external { try await Task.sleep(for: .milliseconds(40)) }
                        log.append("callback-done")
                    }
                    log.append("continuation")
                    return .null
                }
                log.append("second")
                return .null
            })
            async let first = ns.getByName("x").call("bcw")
            #expect(await eventually { log.entries.contains("callback-start") })
            _ = try await ns.getByName("x").call("second")
            _ = try await first
        }
        #expect(log.entries == ["callback-start", "callback-done", "continuation", "second"])
    }

    @Test func scenario27_throwingCallbackResetsTheObject() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { m, _, ctx, _ in
                if m == "bcw" {
                    try await ctx.blockConcurrencyWhile {
                        try await Task.sleep(for: .milliseconds(20))
                        throw DurableObjectError.thrown("boom")
                    }
                }
                return .string(String(ctx.instanceId))
            })
            let before = try await ns.getByName("x").call("id")
            let stub = ns.getByName("x")
            async let a = Result { try await stub.call("bcw") }
            try await Task.sleep(for: .milliseconds(5))
            let queued = await Result(catching: { try await stub.call("id") })
            let first = await a
            guard case .failure(let e as DurableObjectError) = first else { Issue.record("bcw did not fail"); return }
            #expect(e.message == "boom")
            #expect(e.durableObjectReset)
            guard case .failure(let q as DurableObjectError) = queued else { Issue.record("queued did not fail"); return }
            #expect(q.durableObjectReset)
            #expect(try await ns.getByName("x").call("id") != before)
        }
    }

    @Test func scenario28_timeoutResetsWithOverloaded() async throws {
        try await withRuntime(configure: { $0.blockConcurrencyTimeout = .seconds(1) }) { rt, clock in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { m, _, ctx, _ in
                if m == "hang" {
                    let never = ObjectPromise<Int>()
                    try await ctx.blockConcurrencyWhile { _ = try await never.value }
                }
                return .null
            })
            let stub = ns.getByName("x")
            let hanging = Task { try await stub.call("hang") }
            #expect(await eventually { clock.sleeperCount >= 2 })
            let queued = Task { try await stub.call("other") }
            try await Task.sleep(for: .milliseconds(10))
            clock.advance(by: .seconds(1))
            let result = await queued.result
            guard case .failure(let e as DurableObjectError) = result else { Issue.record("queued did not fail"); return }
            #expect(e.message.hasPrefix("A call to blockConcurrencyWhile() in a Durable Object waited for too long."))
            #expect(e.overloaded)
            #expect(e.durableObjectReset)
            hanging.cancel()
            guard case .failure(let h as DurableObjectError) = await hanging.result else { Issue.record("hang succeeded"); return }
            #expect(h.overloaded)
        }
    }

    @Test func scenario29_nestingIsLimitedTo64() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                func nest(_ depth: Int, _ ctx: isolated ObjectContext) async throws -> Int {
                    try await ctx.blockConcurrencyWhile { try await nest(depth + 1, ctx) }
                }
                do {
                    _ = try await nest(1, ctx)
                } catch let e as DurableObjectError {
                    return .string(e.message)
                }
                return .null
            })
            let r = await Result(catching: { try await ns.getByName("x").call("go") })
            if case .failure(let e as DurableObjectError) = r {
                #expect(e.message == "blockConcurrencyWhile() calls are nested too deeply.")
            } else if case .success(let v) = r {
                #expect(v == "blockConcurrencyWhile() calls are nested too deeply.")
            }
        }
    }

    @Test func scenario94_overloadedWhenTheQueueIsFull() async throws {
        try await withRuntime(configure: { $0.maxQueuedEvents = 5 }) { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { m, _, ctx, _ in
                if m == "hold" {
                    try await ctx.blockConcurrencyWhile { try await Task.sleep(for: .milliseconds(100)) }
                }
                return .null
            })
            let stub = ns.getByName("x")
            async let held = stub.call("hold")
            try await Task.sleep(for: .milliseconds(20))
            let results = await withTaskGroup(of: Bool.self) { g in
                for _ in 0..<10 {
                    g.addTask {
                        do {
                            _ = try await stub.call("x")
                            return false
                        } catch let e as DurableObjectError {
                            return e.overloaded && e.message == "Durable Object is overloaded. Too many requests queued."
                        } catch { return false }
                    }
                }
                return await g.reduce(into: [Bool]()) { $0.append($1) }
            }
            _ = try await held
            #expect(results.filter { $0 }.count == 5)
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
