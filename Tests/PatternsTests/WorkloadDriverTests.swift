import DurableObjects
import JSONModel
import TestSupport
import Testing

@testable import Patterns

struct WorkloadDriverTests {
    private func options(_ namespace: String, _ requests: Int, _ edit: (inout WorkloadOptions) -> Void = { _ in }) -> WorkloadOptions {
        var o = WorkloadOptions(namespace: namespace, requests: requests)
        o.objects = 10
        o.seed = 7
        edit(&o)
        return o
    }

    @Test(arguments: ["COUNTER", "RATE_LIMITER", "USER_SESSION", "CHAT_ROOM", "SHARDED_COUNTER", "WEBHOOK_PROCESSOR", "TASK_RUNNER", "BANK_ACCOUNT", "LAB"])
    func theDefaultWorkloadOfEveryClassPassesItsChecks(namespace: String) async throws {
        try await withPatterns { p, _ in
            // The manual clock does not move: queue alarms are re-armed at the very time that fired.
            let r = try await p.runWorkload(options(namespace, 400) { $0.concurrency = 8 })
            #expect(r.completed == 400, "\(r.errors)")
            #expect(r.allChecksPassed, "\(r.checks)")
            #expect(r.checks.count >= (namespace == "LAB" ? 2 : 3), "pattern checks of \(namespace)")
            #expect(r.objectsTouched == 10)
        }
    }

    @Test func counterTotalsHoldOnObjectsThatAlreadyHadValues() async throws {
        try await withPatterns { p, _ in
            _ = try await p.runWorkload(options("COUNTER", 200))
            let r = try await p.runWorkload(options("COUNTER", 300) { $0.args = ["by": 3] })
            #expect(r.checks.first { $0.name == "counter_totals" }?.passed == true)
            var sum = 0
            for i in 0..<10 { sum += try await p.call("COUNTER", "workload-\(i)", "get")["value"]?.intValue ?? 0 }
            #expect(sum == 200 + 900)
        }
    }

    @Test func theSameSeedPicksTheSameObjects() {
        let a = ObjectPicker.sequence(requests: 1_000, objects: 50, distribution: .zipf, exponent: 1.1, seed: 42)
        let b = ObjectPicker.sequence(requests: 1_000, objects: 50, distribution: .zipf, exponent: 1.1, seed: 42)
        let c = ObjectPicker.sequence(requests: 1_000, objects: 50, distribution: .zipf, exponent: 1.1, seed: 43)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func zipfMakesTheFirstObjectsHot() {
        let s = ObjectPicker.sequence(requests: 20_000, objects: 100, distribution: .zipf, exponent: 1.1, seed: 1)
        let first = s.filter { $0 == 0 }.count
        let last = s.filter { $0 == 99 }.count
        #expect(first > 10 * max(1, last))
        #expect(ObjectPicker.sequence(requests: 10, objects: 100, distribution: .single, exponent: 1, seed: 1).allSatisfy { $0 == 0 })
    }

    @Test(arguments: [
        ("requests", 1_000_001.0), ("requests", 0), ("concurrency", 1_025), ("objects", 100_001), ("durationSeconds", 301),
        ("durationSeconds", 0.05), ("zipfExponent", 0), ("ratePerSecond", -1),
    ] as [(String, Double)])
    func parametersOutsideTheCapsAreRefusedNamingTheField(field: String, value: Double) throws {
        var o = WorkloadOptions(namespace: "COUNTER", requests: 10)
        switch field {
        case "requests": o.requests = Int(value)
        case "concurrency": o.concurrency = Int(value)
        case "objects": o.objects = Int(value)
        case "durationSeconds": o.durationSeconds = value
        case "zipfExponent": o.zipfExponent = value
        default: o.ratePerSecond = value
        }
        #expect {
            try o.validate()
        } throws: { error in
            guard let e = error as? PatternError else { return false }
            return e.code == .invalidWorkload && e.message.hasPrefix(field)
        }
    }

    @Test func aClientSideMethodCannotBeDriven() async throws {
        try await withPatterns { p, _ in
            await #expect(throws: PatternError.self) {
                _ = try await p.runWorkload(options("CHAT_ROOM", 10) { $0.method = "join" })
            }
            await #expect(throws: PatternError.self) {
                _ = try await p.runWorkload(options("COUNTER", 10) { $0.method = "nope" })
            }
        }
    }

    @Test func errorsAreCountedByKind() async throws {
        try await withPatterns { p, _ in
            let r = try await p.runWorkload(options("LAB", 50) { $0.args = ["fail": true] })
            #expect(r.completed == 0)
            #expect(r.errors == ["user_error": 50])
            #expect(r.checks.first { $0.name == "no_errors" }?.passed == false)
        }
    }

    @Test func progressIsReportedAndEndsAtTheTotal() async throws {
        try await withPatterns { p, _ in
            let seen = Locked<[Int]>([])
            _ = try await p.runWorkload(options("LAB", 200) { $0.args = ["cpuMs": 1]; $0.concurrency = 2 }) { done, total in
                #expect(total == 200)
                seen.withLock { $0.append(done) }
            }
            let values = seen.withLock { $0 }
            #expect(values.last == 200)
            #expect(values == values.sorted())
            #expect(values.count >= 2)
        }
    }

    @Test func theDurationCapStopsSending() async throws {
        try await withPatterns { p, _ in
            let r = try await p.runWorkload(options("COUNTER", 1_000) { $0.ratePerSecond = 100; $0.durationSeconds = 1 })
            #expect(r.completed < 1_000 && r.completed > 0)
            #expect(r.stoppedEarly == "durationSeconds")
            let encoded = try JSONValueEncoder().encode(r)
            #expect(encoded["stoppedEarly"] == "durationSeconds", "the key of runWorkload's output schema")
            #expect(encoded["stoppedBy"] == nil)
            #expect(r.checks.first { $0.name == "all_requests_sent" }?.passed == false)
            #expect(r.checks.first { $0.name == "counter_totals" }?.passed == true)
        }
    }

    @Test func cancellationStopsTheRunPromptly() async throws {
        try await withPatterns { p, _ in
            let run = Task { try await p.runWorkload(options("LAB", 1_000_000) { $0.args = ["cpuMs": 1]; $0.concurrency = 4 }) }
            try await Task.sleep(for: .milliseconds(100))
            let start = ContinuousClock.now
            run.cancel()
            await #expect(throws: CancellationError.self) { _ = try await run.value }
            #expect(ContinuousClock.now - start < .seconds(2))
        }
    }

    @Test func resultJSONHasTheToolShape() async throws {
        try await withPatterns { p, _ in
            let r = try JSONValueEncoder().encode(try await p.runWorkload(options("COUNTER", 20)))
            for key in ["namespace", "method", "requests", "completed", "errors", "durationMs", "throughput", "latencyMs", "objectsTouched", "checks"] {
                #expect(r[key] != nil, "\(key)")
            }
            #expect(r["latencyMs"]?["p99"] != nil)
            #expect(r["method"] == "increment")
        }
    }
}
