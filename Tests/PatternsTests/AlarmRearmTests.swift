import DurableObjects
import Foundation
import TestSupport
import Testing

/// The runtime fix the queue classes need: an alarm set again, at the very time that just fired, by an event
/// whose writes share a commit with the firing alarm's deferred deletion, must still be scheduled.
struct AlarmRearmTests {
    @Test
    func anAlarmSetAgainAtTheTimeThatJustFiredIsNotLost() async throws {
        try await withRuntime { runtime, _ in
            let fired = Locked(0)
            let objectClass = ScriptedObject.objectClass("Rearm", onAlarm: { _, _, _ in fired.withLock { $0 += 1 } }) {
                method, _, ctx, _ in
                if method == "arm", try ctx.getAlarm() == nil { try ctx.setAlarm(ctx.clock.nowMilliseconds) }
                return try ctx.getAlarm().map { .number(Double($0)) } ?? .null
            }
            let ns = try runtime.register(binding: "REARM", objectClass)
            let stub = ns.getByName("x")
            // The manual clock does not move: every alarm is set for the same millisecond.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { for _ in 0..<100 { _ = try await stub.call("arm") } } }
                try await group.waitForAll()
            }
            let settled = try await eventually {
                let stored = try await stub.call("get")
                let scheduled = try await ns.inspect(ns.idFromName("x")).alarm
                return stored == .null && scheduled == nil
            }
            #expect(settled, "an alarm stored in the object but unknown to the scheduler never fires")
            #expect(fired.withLock { $0 } >= 2)
        }
    }
}
