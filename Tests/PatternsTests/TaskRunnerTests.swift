import DurableObjects
import TestSupport
import Testing

@testable import Patterns

struct TaskRunnerTests {
    @Test func manyTasksShareTheOneAlarm() async throws {
        try await withPatterns { p, clock in
            let t0 = clock.nowMilliseconds
            for (name, delay) in [("c", 30), ("a", 10), ("b", 20), ("d", 40)] {
                _ = try await p.call("TASK_RUNNER", "jobs", "schedule", ["name": .string(name), "delaySeconds": .number(Double(delay))])
            }
            var stats = try await p.call("TASK_RUNNER", "jobs", "stats")
            #expect(stats["alarm"]?.intValue.map(Int64.init) == t0 + 10_000)
            #expect(stats["pending"] == 4)

            clock.advance(by: .seconds(25))  // a and b are due: one alarm runs both
            stats = try await waitFor(p, "TASK_RUNNER", "jobs", "stats") { $0["done"] == 2 }
            #expect(stats["alarm"]?.intValue.map(Int64.init) == t0 + 30_000)
            let done = try await p.call("TASK_RUNNER", "jobs", "list", ["status": "done"])["tasks"]?.arrayValue?.map { $0["name"] }
            #expect(done == ["a", "b"])

            // Cancelling the earliest pending task moves the alarm to the next one.
            let c = try await p.call("TASK_RUNNER", "jobs", "list")["tasks"]?.arrayValue?.first?["id"] ?? .null
            #expect(try await p.call("TASK_RUNNER", "jobs", "cancel", ["id": c])["cancelled"] == true)
            stats = try await p.call("TASK_RUNNER", "jobs", "stats")
            #expect(stats["alarm"]?.intValue.map(Int64.init) == t0 + 40_000)

            clock.advance(by: .seconds(20))
            stats = try await waitFor(p, "TASK_RUNNER", "jobs", "stats") { $0["pending"] == 0 }
            #expect(stats["done"] == 3)
            #expect(stats["runs"] == 3)
            #expect(stats["alarm"] == .null)
        }
    }

    @Test func schedulingAnEarlierTaskMovesTheAlarmForward() async throws {
        try await withPatterns { p, clock in
            let t0 = clock.nowMilliseconds
            _ = try await p.call("TASK_RUNNER", "jobs", "schedule", ["name": "late", "delaySeconds": 100])
            _ = try await p.call("TASK_RUNNER", "jobs", "schedule", ["name": "soon", "delaySeconds": 5])
            #expect(try await p.call("TASK_RUNNER", "jobs", "stats")["alarm"]?.intValue.map(Int64.init) == t0 + 5_000)
        }
    }
}
