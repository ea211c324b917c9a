import DurableObjects
import Foundation
import Testing
import TestSupport

struct ErrorTests {
    @Test func scenario91_userErrorsAreRemoteAndDoNotReset() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { m, _, ctx, _ in
                if m == "bad" { throw DurableObjectError.thrown("bad", errorClass: "RangeError") }
                return .string(String(ctx.instanceId))
            })
            let stub = ns.getByName("x")
            let before = try await stub.call("id")
            do {
                _ = try await stub.call("bad")
                Issue.record("no error")
            } catch let e as DurableObjectError {
                #expect(e.errorClass == "RangeError")
                #expect(e.message == "bad")
                #expect(e.remote)
                #expect(!e.durableObjectReset)
            }
            #expect(try await stub.call("id") == before)
        }
    }

    @Test func scenario92_brokenStubKeepsFailingNewStubWorks() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { m, _, ctx, _ in
                if m == "break" { try await ctx.blockConcurrencyWhile { throw DurableObjectError.thrown("boom") } }
                return .string(String(ctx.instanceId))
            })
            let old = ns.getByName("x")
            let first = try await old.call("id")
            await #expect(throws: DurableObjectError.self) { try await old.call("break") }
            do {
                _ = try await old.call("id")
                Issue.record("old stub worked")
            } catch let e as DurableObjectError {
                #expect(e.durableObjectReset)
            }
            let fresh = try await ns.getByName("x").call("id")
            #expect(fresh != first)
        }
    }

    @Test func scenario93_constructorFailureFailsEveryRequest() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C", constructor: { _ in
                throw DurableObjectError.thrown("ctor")
            }) { _, _, _, _ in .null })
            let stub = ns.getByName("x")
            for _ in 0..<2 {
                do {
                    _ = try await stub.call("x")
                    Issue.record("no error")
                } catch let e as DurableObjectError {
                    #expect(e.message == "ctor")
                    #expect(e.durableObjectReset)
                }
            }
        }
    }

    @Test func unknownMethodIsAClearError() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", DurableObjectClass(name: "Empty") { _ in EmptyObject() })
            do {
                _ = try await ns.getByName("x").call("nope")
                Issue.record("no error")
            } catch let e as DurableObjectError {
                #expect(e.code == .notFound)
                #expect(e.remote)
            }
        }
    }
}

final class EmptyObject: DurableObject {}
