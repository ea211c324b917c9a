import DurableObjects
import Foundation
import TestSupport
import Testing

@testable import Patterns

struct PatternRuntimeTests {
    @Test func stateSurvivesARestartOfTheRuntime() async throws {
        try await withTemporaryDirectory { dir in
            try await withRuntime(dataDirectory: dir) { runtime, _ in
                let p = try PatternRuntime(runtime: runtime)
                _ = try await p.call("COUNTER", "a", "increment", ["by": 5])
                _ = try await p.call("BANK_ACCOUNT", "bank", "deposit", ["account": "x", "amount": 9])
            }
            try await withRuntime(dataDirectory: dir) { runtime, _ in
                let p = try PatternRuntime(runtime: runtime)
                #expect(try await p.call("COUNTER", "a", "get")["value"] == 5)
                #expect(try await p.call("BANK_ACCOUNT", "bank", "balance", ["account": "x"])["balance"] == 9)
            }
        }
    }

    @Test func aQueuedWebhookIsDeliveredAfterARestart() async throws {
        try await withTemporaryDirectory { dir in
            try await withRuntime(dataDirectory: dir) { runtime, _ in
                let p = try PatternRuntime(runtime: runtime)
                _ = try await p.call("WEBHOOK_PROCESSOR", "hooks", "configure", ["baseDelayMs": 5_000])
                _ = try await p.call("WEBHOOK_PROCESSOR", "hooks", "enqueue", ["eventId": "e1", "customer": "A", "failAttempts": 1])
                _ = try await waitFor(p, "WEBHOOK_PROCESSOR", "hooks", "status") { $0["nextAttemptAt"] != .null && $0["delivered"] == 0 }
            }
            try await withRuntime(dataDirectory: dir) { runtime, clock in
                let p = try PatternRuntime(runtime: runtime)
                clock.advance(by: .seconds(5))
                let status = try await waitFor(p, "WEBHOOK_PROCESSOR", "hooks", "status") { $0["delivered"] == 1 }
                #expect(status["pending"] == 0)
            }
        }
    }

    @Test func inspectShowsTheStorageOfAnObject() async throws {
        try await withPatterns { p, _ in
            _ = try await p.call("TASK_RUNNER", "jobs", "schedule", ["name": "t", "delaySeconds": 60])
            let i = try await p.inspect(namespace: "TASK_RUNNER", object: .name("jobs"))
            #expect(i.exists)
            #expect(i.tables.first { $0.name == "tasks" }?.rows == 1)
            #expect(i.alarm != nil)
        }
    }

    @Test func theConvenienceInitializerRegistersEveryClass() async throws {
        try await withTemporaryDirectory { dir in
            let p = try PatternRuntime(dataDirectory: dir) { $0.metricsPersisted = false }
            #expect(p.runtime.namespaces.map(\.binding).sorted() == PatternCatalog.all.map(\.binding).sorted())
            #expect(p.runtime.configuration.workerName == "do-architect")
            #expect(try p.namespace("COUNTER").key.uniqueKey == "do-architect-Counter")
            await p.runtime.shutdown()
        }
    }
}
