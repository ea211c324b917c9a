import DurableObjects
import TestSupport
import Testing

@testable import Patterns

struct LabTests {
    @Test func workBurnsTheCPUAskedFor() async throws {
        try await withPatterns { p, _ in
            let r = try await p.call("LAB", "x", "work", ["cpuMs": 5, "stateOps": 4])
            #expect((r["cpuMs"]?.number ?? 0) >= 5)
            #expect(r["stateOps"] == 4)
            #expect(try await p.call("LAB", "x", "status")["keys"] == 2)
        }
    }

    @Test func configuredKnobsApplyWhenTheCallGivesNone() async throws {
        try await withPatterns { p, _ in
            _ = try await p.call("LAB", "x", "configure", ["stateOps": 6])
            let ns = try p.namespace("LAB")
            #expect(await ns.evict(ns.idFromName("x")))
            #expect(try await p.call("LAB", "x", "work")["stateOps"] == 6)
        }
    }

    @Test func aFailingAlarmIsRetriedThenDropped() async throws {
        try await withPatterns(configure: { $0.alarmBackoffScale = 0.001; $0.alarmJitter = false }) { p, clock in
            _ = try await p.call("LAB", "x", "armFailingAlarm")
            let dropped = await eventually(timeout: .seconds(60)) {
                clock.advance(by: .milliseconds(100))
                return p.runtime.recentMetrics("LAB").reduce(0) { $0 + $1.alarmsDropped } == 1
            }
            #expect(dropped)
            #expect(p.runtime.recentMetrics("LAB").reduce(0) { $0 + $1.alarmsRetried } == 6)
            #expect(try await p.call("LAB", "x", "status")["alarm"] == .null)
        }
    }

    @Test func aStandardSocketKeepsTheObjectInMemory() async throws {
        try await withPatterns { p, _ in
            _ = try await p.call("LAB", "x", "openStandardSocket")
            let ns = try p.namespace("LAB")
            #expect(await ns.evict(ns.idFromName("x")) == false)
            #expect(try await p.call("LAB", "x", "closeSockets")["closed"] == 1)
            #expect(await ns.evict(ns.idFromName("x")))
        }
    }

    @Test func blockConcurrencyHoldsTheGateAcrossTheAwait() async throws {
        try await withPatterns { p, clock in
            let slow = Task { try await p.call("LAB", "x", "work", ["blockConcurrency": true, "holdMs": 1_000]) }
            try await Task.sleep(for: .milliseconds(30))
            let fast = Task { try await p.call("LAB", "x", "work") }
            try await Task.sleep(for: .milliseconds(30))
            clock.advance(by: .seconds(1))
            _ = try await slow.value
            _ = try await fast.value
        }
    }

    @Test func failTrueMakesTheRequestThrow() async throws {
        try await withPatterns { p, _ in
            await #expect(throws: DurableObjectError.self) { _ = try await p.call("LAB", "x", "work", ["fail": true]) }
        }
    }
}
