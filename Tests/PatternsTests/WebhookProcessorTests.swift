import DurableObjects
import TestSupport
import Testing

@testable import Patterns

struct WebhookProcessorTests {
    private func delivered(_ p: PatternRuntime) async throws -> [String] {
        try await p.call("WEBHOOK_PROCESSOR", "hooks", "deliveries")["deliveries"]?.arrayValue?.compactMap { $0["eventId"]?.stringValue } ?? []
    }

    @Test func retriesByAlarmWithBackoffInOrderPerCustomer() async throws {
        try await withPatterns { p, clock in
            let start = clock.nowMilliseconds
            _ = try await p.call("WEBHOOK_PROCESSOR", "hooks", "configure", ["baseDelayMs": 1_000, "maxAttempts": 5])
            _ = try await p.call("WEBHOOK_PROCESSOR", "hooks", "enqueue", ["eventId": "a1", "customer": "A", "failAttempts": 2])
            _ = try await p.call("WEBHOOK_PROCESSOR", "hooks", "enqueue", ["eventId": "a2", "customer": "A"])
            _ = try await p.call("WEBHOOK_PROCESSOR", "hooks", "enqueue", ["eventId": "b1", "customer": "B"])
            // First alarm: a1 fails (A waits 1 s), B is not held back.
            var status = try await waitFor(p, "WEBHOOK_PROCESSOR", "hooks", "status") { $0["delivered"] == 1 }
            #expect(try await delivered(p) == ["b1"])
            #expect(status["nextAttemptAt"]?.intValue.map(Int64.init) == start + 1_000)
            // Second attempt after 1 s fails; the next waits 2 s (doubled).
            clock.advance(by: .seconds(1))
            status = try await waitFor(p, "WEBHOOK_PROCESSOR", "hooks", "status") {
                $0["nextAttemptAt"]?.intValue.map(Int64.init) == start + 3_000
            }
            #expect(status["delivered"] == 1)
            clock.advance(by: .milliseconds(1_999))
            try await Task.sleep(for: .milliseconds(30))
            #expect(try await delivered(p) == ["b1"])
            // Third attempt succeeds, then a2 follows in order.
            clock.advance(by: .milliseconds(1))
            status = try await waitFor(p, "WEBHOOK_PROCESSOR", "hooks", "status") { $0["pending"] == 0 }
            #expect(try await delivered(p) == ["b1", "a1", "a2"])
            #expect(status["outOfOrder"] == 0)
            #expect(status["duplicates"] == 0)
            #expect(status["nextAttemptAt"] == .null)
            let a1 = try await p.call("WEBHOOK_PROCESSOR", "hooks", "deliveries", ["customer": "A"])["deliveries"]?.arrayValue?.first
            #expect(a1?["attempts"] == 3)
        }
    }

    @Test func anEventThatKeepsFailingGoesToTheDeadLettersAndTheCustomerMovesOn() async throws {
        try await withPatterns { p, clock in
            _ = try await p.call("WEBHOOK_PROCESSOR", "hooks", "configure", ["baseDelayMs": 100, "maxAttempts": 2])
            _ = try await p.call("WEBHOOK_PROCESSOR", "hooks", "enqueue", ["eventId": "bad", "customer": "A", "failAttempts": 10])
            _ = try await p.call("WEBHOOK_PROCESSOR", "hooks", "enqueue", ["eventId": "good", "customer": "A"])
            _ = try await waitFor(p, "WEBHOOK_PROCESSOR", "hooks", "status") { $0["nextAttemptAt"] != .null && $0["pending"] == 2 }
            clock.advance(by: .milliseconds(100))
            let status = try await waitFor(p, "WEBHOOK_PROCESSOR", "hooks", "status") { $0["pending"] == 0 }
            #expect(status["deadLettered"] == 1)
            #expect(try await delivered(p) == ["good"])
            let dead = try await p.call("WEBHOOK_PROCESSOR", "hooks", "deadLetters")["deadLetters"]?.arrayValue
            #expect(dead?.first?["eventId"] == "bad")
            #expect(dead?.first?["attempts"] == 2)
        }
    }

    @Test func aRepeatedEventIdIsAcknowledgedAndIgnored() async throws {
        try await withPatterns { p, _ in
            let first = try await p.call("WEBHOOK_PROCESSOR", "hooks", "enqueue", ["eventId": "e", "customer": "A"])
            #expect(first["accepted"] == true)
            _ = try await waitFor(p, "WEBHOOK_PROCESSOR", "hooks", "status") { $0["delivered"] == 1 }
            let again = try await p.call("WEBHOOK_PROCESSOR", "hooks", "enqueue", ["eventId": "e", "customer": "A"])
            #expect(again["accepted"] == false)
            #expect(again["duplicate"] == true)
            #expect(try await delivered(p) == ["e"])
        }
    }
}
