@testable import DurableObjects
import Foundation
import Testing
import TestSupport

/// Records alarm runs: (scheduledTime, retryCount, now, getAlarm inside).
final class AlarmLog: @unchecked Sendable {
    private let lock = NSLock()
    private var runs: [(AlarmInfo, Int64, Int64?)] = []
    func add(_ info: AlarmInfo, _ now: Int64, _ inside: Int64?) { lock.withLock { runs.append((info, now, inside)) } }
    var count: Int { lock.withLock { runs.count } }
    var all: [(AlarmInfo, Int64, Int64?)] { lock.withLock { runs } }
}

func alarmClass(
    _ log: AlarmLog, hasAlarmHandler: Bool = true,
    onAlarm: (@Sendable (AlarmInfo, isolated ObjectContext, Int) async throws -> Void)? = nil
) -> DurableObjectClass {
    ScriptedObject.objectClass(
        "Alarmed", hasAlarmHandler: hasAlarmHandler,
        onAlarm: { info, ctx, _ in
            log.add(info, ctx.clock.nowMilliseconds, try ctx.getAlarm())
            try await onAlarm?(info, ctx, log.count)
        }
    ) { m, args, ctx, _ in
        switch m {
        case "set": try ctx.setAlarm(ctx.clock.nowMilliseconds + Int64(args.intValue!)); return .null
        case "setAbsolute": try ctx.setAlarm(Int64(args.intValue!)); return .null
        case "setThenDelete":
            try ctx.setAlarm(ctx.clock.nowMilliseconds + Int64(args.intValue!))
            try ctx.deleteAlarm()
            return .null
        case "get": return (try ctx.getAlarm()).map { .number(Double($0)) } ?? .null
        case "name": return ctx.id.name.map { .string($0) } ?? .null
        default: return .null
        }
    }
}

struct AlarmTests {
    @Test func scenario68_alarmRunsOnceAtOrAfterItsTime() async throws {
        let log = AlarmLog()
        try await withRuntime { rt, clock in
            let ns = try rt.register(binding: "A", alarmClass(log))
            let t = clock.nowMilliseconds + 50
            _ = try await ns.getByName("x").call("set", 50)
            #expect(try await ns.getByName("x").call("get") == .number(Double(t)))
            clock.advance(by: .milliseconds(50))
            #expect(await eventually { log.count == 1 })
            let run = log.all[0]
            #expect(run.0.scheduledTime == t)
            #expect(run.0.retryCount == 0 && !run.0.isRetry)
            #expect(run.1 >= t)
            #expect(run.2 == nil)
            #expect(await eventually { (try? await ns.getByName("x").call("get")) == .null })
            clock.advance(by: .seconds(10))
            try await Task.sleep(for: .milliseconds(20))
            #expect(log.count == 1)
        }
    }

    @Test func scenario69_pastTimesAreClampedAndRunAtOnce() async throws {
        let log = AlarmLog()
        try await withRuntime { rt, clock in
            let ns = try rt.register(binding: "A", alarmClass(log))
            let now = clock.nowMilliseconds
            _ = try await ns.getByName("x").call("setAbsolute", .number(Double(now - 10_000)))
            #expect(await eventually { log.count == 1 })
            #expect(log.all[0].0.scheduledTime >= now)
        }
    }

    @Test func scenario70_nonPositiveTimesAreRejected() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "A", alarmClass(AlarmLog()))
            for t in [0, -5] {
                do {
                    _ = try await ns.getByName("x").call("setAbsolute", .number(Double(t)))
                    Issue.record("accepted \(t)")
                } catch let e as DurableObjectError {
                    #expect(e.message == "setAlarm() cannot be called with an alarm time <= 0")
                }
            }
        }
    }

    @Test func scenario71_setAlarmNeedsAHandlerExceptInTheConstructor() async throws {
        try await withRuntime { rt, clock in
            let ns = try rt.register(binding: "A", ScriptedObject.objectClass("NoAlarm", hasAlarmHandler: false, constructor: { ctx in
                if try ctx.getAlarm() == nil { try ctx.setAlarm(ctx.clock.nowMilliseconds + 60_000) }
            }) { m, _, ctx, _ in
                if m == "set" { try ctx.setAlarm(ctx.clock.nowMilliseconds + 1000) }
                return (try ctx.getAlarm()).map { .number(Double($0)) } ?? .null
            })
            #expect(try await ns.getByName("x").call("get") == .number(Double(clock.nowMilliseconds + 60_000)))
            do {
                _ = try await ns.getByName("x").call("set")
                Issue.record("accepted")
            } catch let e as DurableObjectError {
                #expect(e.message.hasPrefix("Your Durable Object class must have an alarm() handler"))
            }
        }
    }

    @Test func scenario72_retriesWithBackoffThenDrops() async throws {
        let log = AlarmLog()
        try await withRuntime(configure: { $0.alarmJitter = false }) { rt, clock in
            let ns = try rt.register(binding: "A", alarmClass(log) { _, _, _ in throw DurableObjectError.thrown("always") })
            let start = clock.nowMilliseconds
            _ = try await ns.getByName("x").call("set", 10)
            clock.advance(by: .milliseconds(10))
            #expect(await eventually { log.count == 1 })
            for (n, delay) in [2, 4, 8, 16, 32, 64].enumerated() {
                #expect(await eventually { rt.alarms.nextDeadline != nil })
                #expect(rt.alarms.nextDeadline! - clock.nowNanoseconds == Int64(delay) * 1_000_000_000)
                clock.advance(by: .seconds(delay) - .milliseconds(1))
                try await Task.sleep(for: .milliseconds(10))
                #expect(log.count == n + 1, "retry \(n) ran early")
                clock.advance(by: .milliseconds(1))
                #expect(await eventually { log.count == n + 2 })
            }
            let runs = log.all
            #expect(runs.map(\.0.retryCount) == [0, 1, 2, 3, 4, 5, 6])
            #expect(runs.map(\.0.isRetry) == [false, true, true, true, true, true, true])
            #expect(runs.last!.1 - start == 10 + 126_000)
            clock.advance(by: .seconds(3600))
            #expect(await eventually { (try? await ns.getByName("x").call("get")) == .null })
            try await Task.sleep(for: .milliseconds(20))
            #expect(log.count == 7)
        }
    }

    @Test func scenario73_setAlarmInsideTheHandlerSchedulesAnotherRun() async throws {
        let log = AlarmLog()
        try await withRuntime { rt, clock in
            let ns = try rt.register(binding: "A", alarmClass(log) { _, ctx, n in
                if n == 1 {
                    try ctx.setAlarm(ctx.clock.nowMilliseconds + 100)
                    #expect(try ctx.getAlarm() == ctx.clock.nowMilliseconds + 100)
                }
            })
            _ = try await ns.getByName("x").call("set", 10)
            clock.advance(by: .milliseconds(10))
            #expect(await eventually { log.count == 1 })
            #expect(await eventually { rt.alarms.nextDeadline != nil })
            clock.advance(by: .milliseconds(100))
            #expect(await eventually { log.count == 2 })
        }
    }

    @Test func scenario74_deleteAlarmInsideTheHandler() async throws {
        let log = AlarmLog()
        try await withRuntime { rt, clock in
            let ns = try rt.register(binding: "A", alarmClass(log) { _, ctx, _ in
                try ctx.setAlarm(ctx.clock.nowMilliseconds + 50)
                try ctx.deleteAlarm()
            })
            _ = try await ns.getByName("x").call("set", 10)
            clock.advance(by: .milliseconds(10))
            #expect(await eventually { log.count == 1 })
            try await Task.sleep(for: .milliseconds(10))
            clock.advance(by: .seconds(5))
            try await Task.sleep(for: .milliseconds(30))
            #expect(log.count == 1)
        }
    }

    @Test func scenario75_deletedAlarmNeverRuns() async throws {
        let log = AlarmLog()
        try await withRuntime { rt, clock in
            let ns = try rt.register(binding: "A", alarmClass(log))
            _ = try await ns.getByName("x").call("setThenDelete", 500)
            clock.advance(by: .seconds(2))
            try await Task.sleep(for: .milliseconds(30))
            #expect(log.count == 0)
        }
    }

    @Test func scenario76_alarmsSurviveARestart() async throws {
        let log = AlarmLog()
        let clock = ManualClock()
        try await withTemporaryDirectory { dir in
            try await withRuntime(clock: clock, dataDirectory: dir) { rt, clock in
                let ns = try rt.register(binding: "A", alarmClass(log))
                _ = try await ns.getByName("named").call("set", 2000)
            }
            clock.advance(by: .seconds(5))
            let names = Locked<[String?]>([])
            try await withRuntime(clock: clock, dataDirectory: dir) { rt, _ in
                _ = try rt.register(binding: "A", alarmClass(log) { _, ctx, _ in names.withLock { $0.append(ctx.id.name) } })
                #expect(await eventually { log.count == 1 })
            }
            #expect(names.withLock { $0 } == ["named"])
        }
    }

    @Test func scenario78_oneFailureGivesExactlyOneRetry() async throws {
        let log = AlarmLog()
        try await withRuntime(configure: { $0.alarmJitter = false }) { rt, clock in
            let ns = try rt.register(binding: "A", alarmClass(log) { _, _, n in
                if n == 1 { throw DurableObjectError.thrown("once") }
            })
            _ = try await ns.getByName("x").call("set", 10)
            clock.advance(by: .milliseconds(10))
            #expect(await eventually { log.count == 1 })
            #expect(await eventually { rt.alarms.nextDeadline != nil })
            clock.advance(by: .seconds(2))
            #expect(await eventually { log.count == 2 })
            clock.advance(by: .seconds(100))
            try await Task.sleep(for: .milliseconds(30))
            #expect(log.count == 2)
        }
    }
}

extension AlarmTests {
    @Test func scenario79_alarmOverItsWallTimeLimitIsRetried() async throws {
        let log = AlarmLog()
        try await withRuntime(configure: {
            $0.alarmTimeout = .seconds(1)
            $0.alarmJitter = false
        }) { rt, clock in
            let ns = try rt.register(binding: "A", alarmClass(log) { _, ctx, n in
                if n == 1 { try await ctx.sleep(for: .seconds(2)) }
            })
            _ = try await ns.getByName("x").call("set", 10)
            clock.advance(by: .milliseconds(10))
            #expect(await eventually { log.count == 1 })
            try await Task.sleep(for: .milliseconds(10))
            clock.advance(by: .seconds(1))
            #expect(await eventually { rt.recentMetrics("A").reduce(0) { $0 + $1.alarmsRetried } == 1 })
            #expect(await eventually { rt.alarms.nextDeadline != nil })
            clock.advance(by: .seconds(2))
            #expect(await eventually { log.count == 2 })
            #expect(log.all[1].0.retryCount == 1)
        }
    }
}
