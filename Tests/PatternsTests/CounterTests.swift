import DurableObjects
import TestSupport
import Testing

@testable import Patterns

struct CounterTests {
    @Test func incrementAddsAndGetReads() async throws {
        try await withPatterns { p, _ async throws in
            #expect(try await p.call("COUNTER", "a", "get")["value"] == 0)
            #expect(try await p.call("COUNTER", "a", "increment")["value"] == 1)
            #expect(try await p.call("COUNTER", "a", "increment", ["by": 41])["value"] == 42)
            #expect(try await p.call("COUNTER", "b", "get")["value"] == 0)
        }
    }

    @Test func concurrentIncrementsAreNotLost() async throws {
        try await withPatterns { p, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<500 { group.addTask { _ = try await p.call("COUNTER", "hot", "increment") } }
                try await group.waitForAll()
            }
            #expect(try await p.call("COUNTER", "hot", "get")["value"] == 500)
        }
    }

    @Test func valueSurvivesEviction() async throws {
        try await withPatterns { p, _ in
            _ = try await p.call("COUNTER", "a", "increment", ["by": 7])
            let ns = try p.namespace("COUNTER")
            #expect(await ns.evict(ns.idFromName("a")))
            #expect(try await p.call("COUNTER", "a", "get")["value"] == 7)
        }
    }
}
