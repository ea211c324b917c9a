import DurableObjects
import Foundation
import Testing
import TestSupport

/// Counts commits and injects latency or failure.
final class CommitControl: @unchecked Sendable {
    private let lock = NSLock()
    private var _commits = 0
    private var _failNext = 0
    private var _latency: Duration = .zero
    private var _completed = 0
    var commits: Int { lock.withLock { _commits } }
    /// Commits whose hook (latency included) has finished.
    var completed: Int { lock.withLock { _completed } }
    func failNext(_ n: Int = 1) { lock.withLock { _failNext = n } }
    func setLatency(_ d: Duration) { lock.withLock { _latency = d } }
    var hook: CommitHook {
        { _, _ in
            let (fail, latency) = self.lock.withLock { () -> (Bool, Duration) in
                self._commits += 1
                if self._failNext > 0 {
                    self._failNext -= 1
                    return (true, self._latency)
                }
                return (false, self._latency)
            }
            if latency > .zero { try await Task.sleep(for: latency) }
            self.lock.withLock { self._completed += 1 }
            if fail { throw DurableObjectError(.storage, "injected commit failure") }
        }
    }
}

func instanceClass(_ name: String = "C") -> DurableObjectClass {
    ScriptedObject.objectClass(name) { m, args, ctx, _ in
        switch m {
        case "instance": return .string(String(ctx.instanceId))
        case "put": try ctx.storage.put(args.stringValue!, "v"); return "ok"
        case "putUnconfirmed":
            try ctx.storage.put(args.stringValue!, "v", options: WriteOptions(allowUnconfirmed: true))
            return "ok"
        case "putUnconfirmedSync":
            try ctx.storage.put(args.stringValue!, "v", options: WriteOptions(allowUnconfirmed: true))
            try await ctx.sync()
            return "ok"
        case "get": return try ctx.storage.get(args.stringValue!) ?? .null
        case "putThree":
            try ctx.storage.put("a", 1)
            try ctx.storage.put("b", 2)
            try ctx.storage.put("a", 3)
            return [try ctx.storage.get("a")!, try ctx.storage.get("b")!]
        case "abort":
            try ctx.storage.put("counter", 888)
            throw ctx.abort("test broken")
        case "putSleepPut":
            try ctx.storage.put("k", 1)
            try await ctx.external { try await Task.sleep(for: .milliseconds(5)) }
            try ctx.storage.put("j", 2)
            return "ok"
        default: return .null
        }
    }
}

struct OutputGateTests {
    @Test func scenario10_replyWaitsForTheCommit() async throws {
        let control = CommitControl()
        control.setLatency(.milliseconds(150))
        try await withRuntime(configure: { $0.commitHook = control.hook }) { rt, _ in
            let ns = try rt.register(binding: "C", instanceClass())
            let start = ContinuousClock.now
            #expect(try await ns.getByName("x").call("put", "k") == "ok")
            #expect(ContinuousClock.now - start >= .milliseconds(150))
            #expect(control.commits == 1)
        }
    }

    @Test func scenario11_failedCommitResetsTheObjectAndFailsTheCaller() async throws {
        let control = CommitControl()
        try await withRuntime(configure: { $0.commitHook = control.hook }) { rt, _ in
            let ns = try rt.register(binding: "C", instanceClass())
            let first = try await ns.getByName("x").call("instance")
            control.failNext()
            do {
                _ = try await ns.getByName("x").call("put", "k")
                Issue.record("a lost write was acknowledged")
            } catch let e as DurableObjectError {
                #expect(e.durableObjectReset)
            }
            #expect(try await ns.getByName("x").call("get", "k") == .null)
            #expect(try await ns.getByName("x").call("instance") != first)
        }
    }

    @Test func scenario12_allowUnconfirmedDoesNotHoldTheReply() async throws {
        let control = CommitControl()
        control.setLatency(.milliseconds(300))
        try await withRuntime(configure: { $0.commitHook = control.hook }) { rt, _ in
            let ns = try rt.register(binding: "C", instanceClass())
            _ = try await ns.getByName("x").call("putUnconfirmed", "k")
            #expect(control.completed == 0)
            await rt.maintain()
            #expect(control.completed == 1)
        }
    }

    @Test func scenario14_syncWaitsForUnconfirmedWrites() async throws {
        let control = CommitControl()
        control.setLatency(.milliseconds(100))
        try await withRuntime(configure: { $0.commitHook = control.hook }) { rt, _ in
            let ns = try rt.register(binding: "C", instanceClass())
            let start = ContinuousClock.now
            _ = try await ns.getByName("x").call("putUnconfirmedSync", "k")
            #expect(ContinuousClock.now - start >= .milliseconds(100))
        }
    }

    @Test func scenario15_failedUnconfirmedCommitStillResetsTheObject() async throws {
        let control = CommitControl()
        try await withRuntime(configure: { $0.commitHook = control.hook }) { rt, _ in
            let ns = try rt.register(binding: "C", instanceClass())
            let first = try await ns.getByName("x").call("instance")
            control.failNext()
            _ = try await ns.getByName("x").call("putUnconfirmed", "k")
            await rt.maintain()
            #expect(try await ns.getByName("x").call("instance") != first)
            #expect(try await ns.getByName("x").call("get", "k") == .null)
        }
    }

    @Test func scenario16_abortDropsWritesAndResets() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", instanceClass())
            do {
                _ = try await ns.getByName("x").call("abort")
                Issue.record("abort succeeded")
            } catch let e as DurableObjectError {
                #expect(e.message == "test broken")
                #expect(e.durableObjectReset)
            }
            #expect(try await ns.getByName("x").call("get", "counter") == .null)
        }
    }

    @Test func scenario18_writesInOneTurnCommitOnce() async throws {
        let control = CommitControl()
        try await withRuntime(configure: { $0.commitHook = control.hook }) { rt, _ in
            let ns = try rt.register(binding: "C", instanceClass())
            #expect(try await ns.getByName("x").call("putThree") == [3, 2])
            #expect(control.commits == 1)
        }
    }

    @Test func scenario21_externalAwaitSplitsTheBatch() async throws {
        let control = CommitControl()
        try await withRuntime(configure: { $0.commitHook = control.hook }) { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { m, _, ctx, _ in
                if m == "go" {
                    try ctx.storage.put("k", 1)
                    try await ctx.external { try await Task.sleep(for: .milliseconds(5)) }
                    control.failNext()
                    try ctx.storage.put("j", 2)
                    return "ok"
                }
                return [try ctx.storage.get("k") ?? .null, try ctx.storage.get("j") ?? .null]
            })
            await #expect(throws: DurableObjectError.self) { try await ns.getByName("x").call("go") }
            #expect(try await ns.getByName("x").call("read") == [1, nil])
        }
    }

    @Test func scenario22_readYourOwnWritesWithinTheTurn() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                try ctx.storage.put("k", 2)
                return try ctx.storage.get("k") ?? .null
            })
            #expect(try await ns.getByName("x").call("go") == 2)
        }
    }

    @Test func scenario25_kvAndSqlWritesOfATurnShareOneCommit() async throws {
        let control = CommitControl()
        try await withRuntime(configure: { $0.commitHook = control.hook }) { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                try ctx.storage.sql.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1)")
                _ = try ctx.storage.get("x")
                try ctx.storage.sql.exec("INSERT INTO t VALUES (2)")
                try ctx.storage.put("k", 1)
                return .null
            })
            _ = try await ns.getByName("x").call("go")
            #expect(control.commits == 1)
        }
    }

    @Test func concurrentWritersShareCommits() async throws {
        let control = CommitControl()
        try await withRuntime(configure: { $0.commitHook = control.hook }) { rt, _ in
            let ns = try rt.register(binding: "C", instanceClass())
            try await withThrowingTaskGroup(of: Void.self) { g in
                for i in 0..<200 { g.addTask { _ = try await ns.getByName("x").call("put", .string("k\(i)")) } }
                try await g.waitForAll()
            }
            #expect(control.commits < 200)
            #expect(try await ns.inspectRun(ns.idFromName("x")) { try $0.storage.list().count } == 200)
        }
    }
}

extension OutputGateTests {
    @Test func scenario13_externalIOWaitsForTheCommit() async throws {
        let control = CommitControl()
        control.setLatency(.milliseconds(50))
        try await withRuntime(configure: { $0.commitHook = control.hook }) { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                try ctx.storage.put("k", 1)
                let seen = try await ctx.external { control.completed }
                return .number(Double(seen))
            })
            #expect(try await ns.getByName("x").call("go") == 1)
        }
    }

    @Test func scenario17_hangingCommitTimesOut() async throws {
        let control = CommitControl()
        control.setLatency(.seconds(3600))
        try await withRuntime(configure: {
            $0.commitHook = control.hook
            $0.outputGateTimeout = .seconds(1)
        }) { rt, clock in
            let ns = try rt.register(binding: "C", instanceClass())
            let call = Task { try await ns.getByName("x").call("put", "k") }
            #expect(await eventually { control.commits == 1 })
            try await Task.sleep(for: .milliseconds(10))
            clock.advance(by: .seconds(1))
            guard case .failure(let e as DurableObjectError) = await call.result else { Issue.record("no error"); return }
            #expect(e.message == "Durable Object storage operation exceeded timeout which caused object to be reset.")
            #expect(e.overloaded && e.durableObjectReset)
        }
    }

    @Test func scenario66_deferredConstraintViolationResetsAtCommit() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { m, _, ctx, _ in
                if m == "setup" {
                    try ctx.storage.sql.exec("CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(pid REFERENCES p(id))")
                    try ctx.storage.sql.exec("PRAGMA foreign_keys = ON")
                    return .null
                }
                if m == "dangle" {
                    try ctx.storage.sql.exec("PRAGMA foreign_keys = ON")
                    try ctx.storage.transactionSync {
                        try ctx.storage.sql.exec("PRAGMA defer_foreign_keys = ON")
                        try ctx.storage.sql.exec("INSERT INTO c VALUES (42)")
                    }
                    return .null
                }
                return try ctx.storage.sql.exec("SELECT count(*) AS n FROM c").one()["n"]!.json
            })
            _ = try await ns.getByName("x").call("setup")
            do {
                _ = try await ns.getByName("x").call("dangle")
                Issue.record("no error")
            } catch let e as DurableObjectError {
                #expect(e.message.hasPrefix("Durable Object was reset and rolled back to its last known good state because the application left the database in a state where constraints were violated"))
                #expect(e.durableObjectReset)
            }
            #expect(try await ns.getByName("x").call("count") == 0)
        }
    }

    @Test func scenario77_alarmAwaitingExternalIOLetsRequestsIn() async throws {
        let log = EventLog()
        try await withRuntime { rt, clock in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C", onAlarm: { _, ctx, _ in
                log.append("alarm-start")
                try await ctx.external { try await Task.sleep(for: .milliseconds(60)) }
                log.append("alarm-end")
            }) { m, _, ctx, _ in
                if m == "set" { try ctx.setAlarm(ctx.clock.nowMilliseconds + 10) } else { log.append("request") }
                return .null
            })
            _ = try await ns.getByName("x").call("set")
            clock.advance(by: .milliseconds(10))
            #expect(await eventually { log.entries.contains("alarm-start") })
            _ = try await ns.getByName("x").call("other")
            #expect(await eventually { log.entries.count == 3 })
            #expect(log.entries == ["alarm-start", "request", "alarm-end"])
        }
    }
}
