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
