@testable import DurableObjects
import Foundation
@testable import JSHost
import JSONModel
import TestSupport
import Testing

/// A recorded alarm run of the fixture's `Alarmed` class (its `runs` table).
struct AlarmRun {
    var scheduled: JSON
    var retry: JSON
    var isRetry: JSON
    var inside: JSON
    var now: JSON
    var name: JSON
    var after: JSON

    init(_ row: JSON) {
        scheduled = row["scheduled"] ?? .null
        retry = row["retry"] ?? .null
        isRetry = row["isRetry"] ?? .null
        inside = row["inside"] ?? .null
        now = row["now"] ?? .null
        name = row["name"] ?? .null
        after = row["after"] ?? .null
    }
}

extension DurableObjectStub {
    /// The alarm runs `Alarmed` recorded.
    func alarmRuns() async throws -> [AlarmRun] { (try await call("runs").arrayValue ?? []).map(AlarmRun.init) }
    /// How many alarm runs were recorded (0 when the call fails).
    func alarmRunCount() async -> Int { (try? await alarmRuns().count) ?? 0 }
}

extension ManualClock {
    var nowMilliseconds: Int64 { nowNanoseconds / 1_000_000 }
}

/// Alarm scenarios (68–79) with the fixture's `Alarmed` and `NoAlarm` classes. Each call takes a new stub, as a
/// stub of an instance that was reset keeps failing (scenario 92).
struct JSAlarmConformanceTests {
    @Test func scenario68_alarmRunsOnceAtOrAfterItsTime() async throws {
        try await withJSRuntime { rt, clock in
            let ns = try rt.js("ALARMED")
            let t = clock.nowMilliseconds + 50
            _ = try await ns.getByName("x").call("set", [.number(Double(t))])
            #expect(try await ns.getByName("x").call("get") == .number(Double(t)))
            clock.advance(by: .milliseconds(50))
            #expect(await soon { await ns.getByName("x").alarmRunCount() == 1 })
            let run = try #require(try await ns.getByName("x").alarmRuns().first)
            #expect(run.scheduled == .number(Double(t)))
            #expect(run.retry == 0 && run.isRetry == 0)
            #expect((run.now.number ?? 0) >= Double(t))
            #expect(run.inside == .null)
            #expect(await soon { (try? await ns.getByName("x").call("get")) == .null })
            clock.advance(by: .seconds(10))
            try await Task.sleep(for: .milliseconds(20))
            #expect(await ns.getByName("x").alarmRunCount() == 1)
        }
    }

    @Test func scenario69_pastTimesAreClampedAndRunAtOnce() async throws {
        try await withJSRuntime { rt, clock in
            let ns = try rt.js("ALARMED")
            let now = clock.nowMilliseconds
            _ = try await ns.getByName("x").call("set", [.number(Double(now - 10_000))])
            #expect(await soon { await ns.getByName("x").alarmRunCount() == 1 })
            #expect((try await ns.getByName("x").alarmRuns().first?.scheduled.number ?? 0) >= Double(now))
        }
    }

    @Test func scenario70_nonPositiveTimesAreRejected() async throws {
        try await withJSRuntime { rt, _ in
            let ns = try rt.js("ALARMED")
            for t in [0, -5] {
                let error = try await ns.getByName("x").call("setRejects", [.number(Double(t))])
                #expect(described(error).name == "TypeError")
                #expect(described(error).message == "setAlarm() cannot be called with an alarm time <= 0")
            }
        }
    }

    @Test func scenario71_setAlarmNeedsAHandlerExceptInTheConstructor() async throws {
        try await withJSRuntime { rt, clock in
            let ns = try rt.js("NO_ALARM")
            // The constructor's setAlarm was accepted (it used Date.now(), the wall clock, see docs/js-host.md).
            #expect(try await ns.getByName("x").call("get") != .null)
            do {
                _ = try await ns.getByName("x").call("set", [.number(Double(clock.nowMilliseconds + 1000))])
                Issue.record("accepted")
            } catch let error as DurableObjectError {
                #expect(error.message.hasPrefix("Your Durable Object class must have an alarm() handler"))
                #expect(error.errorClass == "TypeError")
            }
        }
    }

    @Test func scenario72_retriesWithBackoffThenDrops() async throws {
        try await withJSRuntime(configure: { $0.alarmJitter = false }) { rt, clock in
            let ns = try rt.js("ALARMED")
            _ = try await ns.getByName("x").call("set", [.number(Double(clock.nowMilliseconds + 10)), "throwAlways"])
            clock.advance(by: .milliseconds(10))
            #expect(await soon { await ns.getByName("x").alarmRunCount() == 1 })
            for (n, delay) in [2, 4, 8, 16, 32, 64].enumerated() {
                #expect(await soon { rt.alarms.nextDeadline != nil })
                #expect((rt.alarms.nextDeadline ?? 0) - clock.nowNanoseconds == Int64(delay) * 1_000_000_000)
                clock.advance(by: .seconds(delay) - .milliseconds(1))
                try await Task.sleep(for: .milliseconds(10))
                #expect(await ns.getByName("x").alarmRunCount() == n + 1, "retry \(n) ran early")
                clock.advance(by: .milliseconds(1))
                #expect(await soon { await ns.getByName("x").alarmRunCount() == n + 2 })
            }
            let runs = try await ns.getByName("x").alarmRuns()
            #expect(runs.map(\.retry) == [0, 1, 2, 3, 4, 5, 6])
            #expect(runs.map(\.isRetry) == [0, 1, 1, 1, 1, 1, 1])
            clock.advance(by: .seconds(3600))
            #expect(await soon { (try? await ns.getByName("x").call("get")) == .null })
            try await Task.sleep(for: .milliseconds(20))
            #expect(await ns.getByName("x").alarmRunCount() == 7)
        }
    }

    @Test func scenario73_setAlarmInsideTheHandlerSchedulesAnotherRun() async throws {
        try await withJSRuntime { rt, clock in
            let ns = try rt.js("ALARMED")
            let t = clock.nowMilliseconds + 10
            _ = try await ns.getByName("x").call("set", [.number(Double(t)), "setAgain"])
            clock.advance(by: .milliseconds(10))
            #expect(await soon { await ns.getByName("x").alarmRunCount() == 1 })
            #expect(try await ns.getByName("x").alarmRuns().first?.after == .number(Double(t + 100)))
            #expect(await soon { rt.alarms.nextDeadline != nil })
            clock.advance(by: .milliseconds(100))
            #expect(await soon { await ns.getByName("x").alarmRunCount() == 2 })
        }
    }

    @Test func scenario74_deleteAlarmInsideTheHandler() async throws {
        try await withJSRuntime { rt, clock in
            let ns = try rt.js("ALARMED")
            _ = try await ns.getByName("x").call("set", [.number(Double(clock.nowMilliseconds + 10)), "setDelete"])
            clock.advance(by: .milliseconds(10))
            #expect(await soon { await ns.getByName("x").alarmRunCount() == 1 })
            try await Task.sleep(for: .milliseconds(10))
            clock.advance(by: .seconds(5))
            try await Task.sleep(for: .milliseconds(30))
            #expect(await ns.getByName("x").alarmRunCount() == 1)
        }
    }

    @Test func scenario75_deletedAlarmNeverRuns() async throws {
        try await withJSRuntime { rt, clock in
            let ns = try rt.js("ALARMED")
            _ = try await ns.getByName("x").call("setThenDelete", [.number(Double(clock.nowMilliseconds + 500))])
            clock.advance(by: .seconds(2))
            try await Task.sleep(for: .milliseconds(30))
            #expect(await ns.getByName("x").alarmRunCount() == 0)
        }
    }

    @Test func scenario76_alarmsSurviveARestart() async throws {
        let clock = ManualClock()
        try await withTemporaryDirectory { dir in
            try await withJSRuntime(clock: clock, dataDirectory: dir) { rt, clock in
                _ = try await rt.js("ALARMED").getByName("named").call("set", [.number(Double(clock.nowMilliseconds + 2000))])
            }
            clock.advance(by: .seconds(5))
            try await withJSRuntime(clock: clock, dataDirectory: dir) { rt, _ in
                let ns = try rt.js("ALARMED")
                #expect(await soon { await ns.getByName("named").alarmRunCount() == 1 })
                #expect(try await ns.getByName("named").alarmRuns().first?.name == "named")
            }
        }
    }

    @Test func scenario77_alarmAwaitingExternalIOLetsRequestsIn() async throws {
        try await withJSRuntime { rt, clock in
            let ns = try rt.js("ALARMED")
            _ = try await ns.getByName("x").call("set", [.number(Double(clock.nowMilliseconds + 10)), "external"])
            clock.advance(by: .milliseconds(10))
            #expect(await soon { (try? await ns.getByName("x").call("events"))?.arrayValue?.contains("alarm-start") == true })
            _ = try await ns.getByName("x").call("note", ["request"])
            clock.advance(by: .milliseconds(60))
            #expect(await soon { (try? await ns.getByName("x").call("events"))?.arrayValue?.count == 3 })
            #expect(try await ns.getByName("x").call("events") == ["alarm-start", "request", "alarm-end"])
        }
    }

    @Test func scenario78_oneFailureGivesExactlyOneRetry() async throws {
        try await withJSRuntime(configure: { $0.alarmJitter = false }) { rt, clock in
            let ns = try rt.js("ALARMED")
            _ = try await ns.getByName("x").call("set", [.number(Double(clock.nowMilliseconds + 10)), "throwOnce"])
            clock.advance(by: .milliseconds(10))
            #expect(await soon { await ns.getByName("x").alarmRunCount() == 1 })
            #expect(await soon { rt.alarms.nextDeadline != nil })
            clock.advance(by: .seconds(2))
            #expect(await soon { await ns.getByName("x").alarmRunCount() == 2 })
            clock.advance(by: .seconds(100))
            try await Task.sleep(for: .milliseconds(30))
            #expect(await ns.getByName("x").alarmRunCount() == 2)
            #expect(try await ns.getByName("x").alarmRuns().map(\.retry) == [0, 1])
        }
    }

    @Test func scenario79_alarmOverItsWallTimeLimitIsRetried() async throws {
        try await withJSRuntime(configure: {
            $0.alarmTimeout = .seconds(1)
            $0.alarmJitter = false
        }) { rt, clock in
            let ns = try rt.js("ALARMED")
            _ = try await ns.getByName("x").call("set", [.number(Double(clock.nowMilliseconds + 10)), "sleepFirst"])
            clock.advance(by: .milliseconds(10))
            #expect(await soon { await ns.getByName("x").alarmRunCount() == 1 })
            try await Task.sleep(for: .milliseconds(10))
            clock.advance(by: .seconds(1))
            #expect(await soon { rt.recentMetrics("ALARMED").reduce(0) { $0 + $1.alarmsRetried } == 1 })
            #expect(await soon { rt.alarms.nextDeadline != nil })
            clock.advance(by: .seconds(2))
            #expect(await soon { await ns.getByName("x").alarmRunCount() == 2 })
            #expect(try await ns.getByName("x").alarmRuns().last?.retry == 1)
        }
    }
}

/// Eviction (80), identity (88–90), errors (91–93) and persistence (95, 97).
struct JSLifecycleConformanceTests {
    @Test func scenario80_evictionAfterTenIdleSecondsKeepsStorage() async throws {
        try await withJSRuntime { rt, clock in
            let ns = try rt.js("PROBE")
            let first = try await ns.getByName("x").call("putAndRead", [true])
            clock.advance(by: .seconds(5))
            try await Task.sleep(for: .milliseconds(20))
            #expect(try await ns.getByName("x").call("putAndRead", [false]) == first)
            clock.advance(by: .seconds(11))
            #expect(await soon { ns.objectsInMemory == 0 })
            let second = try await ns.getByName("x").call("putAndRead", [false])
            #expect(second.arrayValue?[0] != first.arrayValue?[0])
            #expect(second.arrayValue?[1] == 1)
        }
    }

    @Test func scenario88_idFromNameMatchesTheTestVectors() async throws {
        try await withJSRuntime(configure: { $0.workerName = "worker" }) { rt, _ in
            let ids = try await rt.js("PROBE").getByName("x").call("ids")
            #expect(ids["foo"] == "81e16c61d19fabe0c6fef55c7f225c891140a054e78924bae96195b75148a3e1")
            #expect(ids["empty"] == "69eaf86a1b914c34faab325d461b7b0f9b81e2e4041dc35443e2061762319fb4")
            #expect(ids["again"] == ids["foo"])
            #expect(ids["otherClass"] != ids["foo"])
            #expect(ids["equals"] == true)
            #expect(ids["notEquals"] == false)
            #expect(ids["name"] == "foo")
        }
    }

    @Test func scenario89_idFromStringValidates() async throws {
        try await withJSRuntime { rt, _ in
            let results = try await rt.js("PROBE").getByName("x").call("idFromStringChecks").arrayValue ?? []
            try #require(results.count == 4)
            for result in results[0...1] {
                #expect(described(result).name == "TypeError")
                #expect(described(result).message == "Invalid Durable Object ID: must be 64 hex digits")
            }
            #expect(described(results[2]).name == "TypeError")
            #expect(described(results[2]).message == "Durable Object ID is not valid for this namespace.")
            let valid = try rt.js("COUNTER").idFromName("foo").hex
            #expect(results[3] == ["text": .string(valid), "equals": true, "name": nil])
        }
    }

    @Test func scenario90_newUniqueIdsAreDistinctAndValid() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("uniqueIds", [1000])
            #expect(result == ["distinct": 1000, "valid": 1000, "unnamed": 1000, "byName": "n", "stubName": "n"])
        }
    }

    @Test func scenario91_userErrorsAreRemoteAndDoNotReset() async throws {
        try await withJSRuntime { rt, _ in
            let stub = try rt.js("PROBE").getByName("x")
            let before = try await stub.call("instanceId")
            do {
                _ = try await stub.call("fail", ["RangeError", "bad"])
                Issue.record("no error")
            } catch let error as DurableObjectError {
                #expect(error.errorClass == "RangeError")
                #expect(error.message == "bad")
                #expect(error.remote)
                #expect(!error.durableObjectReset)
            }
            #expect(try await stub.call("instanceId") == before)
        }
    }

    @Test func scenario92_brokenStubKeepsFailingNewStubWorks() async throws {
        try await withJSRuntime { rt, _ in
            let ns = try rt.js("PROBE")
            let old = ns.getByName("x")
            let first = try await old.call("instanceId")
            await #expect(throws: DurableObjectError.self) { try await old.call("breakObject") }
            do {
                _ = try await old.call("instanceId")
                Issue.record("the old stub still works")
            } catch let error as DurableObjectError {
                #expect(error.durableObjectReset)
            }
            #expect(try await ns.getByName("x").call("instanceId") != first)
        }
    }

    @Test func scenario93_constructorFailureFailsEveryRequest() async throws {
        try await withJSRuntime { rt, _ in
            let stub = try rt.js("BROKEN").getByName("x")
            for _ in 0..<2 {
                do {
                    _ = try await stub.call("anything")
                    Issue.record("no error")
                } catch let error as DurableObjectError {
                    #expect(error.message == "ctor")
                    #expect(error.durableObjectReset)
                }
            }
        }
    }

    @Test func scenario95_filesLayoutAndDataSurviveARestart() async throws {
        try await withTemporaryDirectory { dir in
            let ids = try await withJSRuntime(configure: { $0.workerName = "worker" }, dataDirectory: dir) { rt, _ in
                let ns = try rt.js("COUNTER")
                _ = try await ns.getByName("a").call("increment")
                _ = try await ns.getByName("b").call("increment")
                _ = try await ns.getByName("b").call("increment")
                return ns.storedObjectIds()
            }
            let key = NamespaceKey(uniqueKey: "worker-Counter")
            #expect(ids == [key.idFromName("a").hex, key.idFromName("b").hex].sorted())
            let base = dir.appendingPathComponent("do/worker-Counter")
            #expect(FileManager.default.fileExists(atPath: base.appendingPathComponent("metadata.sqlite").path))
            let a = key.idFromName("a").hex
            #expect(FileManager.default.fileExists(atPath: base.appendingPathComponent("\(a.prefix(2))/\(a).sqlite").path))
            try await withJSRuntime(configure: { $0.workerName = "worker" }, dataDirectory: dir) { rt, _ in
                let ns = try rt.js("COUNTER")
                #expect(try await ns.getByName("a").call("get") == 1)
                #expect(try await ns.getByName("b").call("get") == 2)
                #expect(try await ns.getByName("b").call("name") == "b")
            }
        }
    }

    @Test func scenario97_hostAccessSeesCommittedData() async throws {
        try await withJSRuntime { rt, _ in
            let ns = try rt.js("COUNTER")
            try await ns.inspectRun(ns.idFromName("h")) { ctx in try ctx.storage.put("n", 41) }
            #expect(try await ns.getByName("h").call("increment") == 42)
            #expect(try await ns.inspectRun(ns.idFromName("h")) { try $0.storage.get("n") } == 42)
        }
    }
}
