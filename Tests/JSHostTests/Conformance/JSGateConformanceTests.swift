@testable import DurableObjects
import Foundation
@testable import JSHost
import TestSupport
import Testing

/// Scenarios of docs/runtime-conformance.md (input gate, output gate, coalescing, blockConcurrencyWhile) run with
/// the fixture's JavaScript classes; the Swift run is in Tests/DurableObjectsTests (same scenario numbers).
struct JSInputGateConformanceTests {
    @Test func scenario2_sqlReadModifyWriteIsRaceFree() async throws {
        try await withJSRuntime { rt, _ in
            let stub = try rt.js("PROBE").getByName("x")
            let values = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 { group.addTask { try #require(try await stub.call("sqlNext").intValue) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(values.sorted() == Array(0..<10))
        }
    }

    @Test func scenario4_externalIOLetsOtherEventsInterleave() async throws {
        try await withJSRuntime { rt, clock in
            let stub = try rt.js("PROBE").getByName("x")
            _ = try await stub.call("instanceId")
            let before = await idleSleepers(clock)
            let a = PendingCall { try await stub.call("readSleepWrite", [30]) }
            let b = PendingCall { try await stub.call("readSleepWrite", [30]) }
            // Both read before either wrote: each is asleep on its timer with the input gate open.
            #expect(await timerStarted(clock, beyond: before, count: 2))
            clock.advance(by: .milliseconds(30))
            let (ra, rb) = (try await a.finish()?.get(), try await b.finish()?.get())
            #expect(ra == 0 && rb == 0)
            #expect(try await stub.call("get", ["c"]) == 1)
        }
    }

    @Test func scenario7_awaitingAPromiseResolvedByAnotherEventDoesNotDeadlock() async throws {
        try await withJSRuntime { rt, _ in
            let stub = try rt.js("PROBE").getByName("x")
            let blocked = PendingCall { try await stub.call("blockedOp", [10]) }
            #expect(await soon { (try? await stub.call("events")) == ["blocked"] })
            _ = try await stub.call("releaseBlocked")
            #expect(try await blocked.finish()?.get() == 12)
        }
    }

    @Test func scenario8_queuedEventsAreDeliveredInArrivalOrder() async throws {
        try await withJSRuntime { rt, clock in
            let stub = try rt.js("PROBE").getByName("x")
            _ = try await stub.call("instanceId")
            let before = await idleSleepers(clock)
            let held = PendingCall { try await stub.call("hold", [50]) }
            #expect(await timerStarted(clock, beyond: before))
            var queued: [PendingCall] = []
            for r in ["R1", "R2", "R3"] {
                queued.append(PendingCall { try await stub.call("note", [.string(r)]) })
                try await Task.sleep(for: .milliseconds(5))
            }
            clock.advance(by: .milliseconds(50))
            _ = try await held.finish()?.get()
            for call in queued { _ = try await call.finish()?.get() }
            // The three arrived while blockConcurrencyWhile held the gate: they run after it, in arrival order.
            #expect(try await stub.call("events") == ["hold-start", "hold-end", "continuation", "R1", "R2", "R3"])
        }
    }

    @Test func scenario9_constructorBlockConcurrencyRunsBeforeTheFirstEvent() async throws {
        try await withJSRuntime { rt, clock in
            _ = try await rt.js("PROBE").getByName("warm-up").call("instanceId")
            let before = await idleSleepers(clock)
            let call = PendingCall { try await rt.js("WARM").getByName("x").call("go") }
            #expect(await timerStarted(clock, beyond: before))
            let result = try await call.finish(advancing: clock, by: .milliseconds(30))?.get()
            #expect(result == ["ctor-start", "ctor-end", "fetch"])
        }
    }

    @Test func manyConcurrentIncrementsOfOneObjectAreAllKept() async throws {
        try await withJSRuntime { rt, _ in
            let stub = try rt.js("COUNTER").getByName("one")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask { for _ in 0..<50 { _ = try await stub.call("increment") } }
                }
                try await group.waitForAll()
            }
            #expect(try await stub.call("get") == 1_000)
        }
    }
}

struct JSOutputGateConformanceTests {
    @Test func scenario10_replyWaitsForTheCommit() async throws {
        let probe = CommitProbe()
        probe.setLatency(.milliseconds(150))
        try await withJSRuntime(configure: { $0.commitHook = probe.hook }) { rt, _ in
            let start = ContinuousClock.now
            let result = try await rt.js("PROBE").getByName("x").call("put", ["k"])
            #expect(result == "ok")
            #expect(ContinuousClock.now - start >= .milliseconds(150))
            #expect(probe.commits == 1)
        }
    }

    @Test func scenario11_failedCommitResetsTheObjectAndFailsTheCaller() async throws {
        let probe = CommitProbe()
        try await withJSRuntime(configure: { $0.commitHook = probe.hook }) { rt, _ in
            let ns = try rt.js("PROBE")
            let first = try await ns.getByName("x").call("instanceId")
            probe.failNext()
            do {
                _ = try await ns.getByName("x").call("put", ["k"])
                Issue.record("a lost write was acknowledged")
            } catch let error as DurableObjectError {
                #expect(error.durableObjectReset)
            }
            #expect(try await ns.getByName("x").call("get", ["k"]) == .null)
            #expect(try await ns.getByName("x").call("instanceId") != first)
        }
    }

    @Test func scenario12_allowUnconfirmedDoesNotHoldTheReply() async throws {
        let probe = CommitProbe()
        probe.setLatency(.milliseconds(300))
        try await withJSRuntime(configure: { $0.commitHook = probe.hook }) { rt, _ in
            _ = try await rt.js("PROBE").getByName("x").call("putUnconfirmed", ["k"])
            #expect(probe.completed == 0)
            await rt.maintain()
            #expect(probe.completed == 1)
        }
    }

    @Test func scenario13_outgoingCallsWaitForTheCommit() async throws {
        let probe = CommitProbe()
        try await withJSRuntime(configure: { $0.commitHook = probe.hook }) { rt, _ in
            let ns = try rt.js("PROBE")
            let caller = ns.idFromName("caller").hex, callee = ns.idFromName("callee").hex
            probe.setLatency(.milliseconds(80), for: caller)
            #expect(try await ns.getByName("caller").call("putThenCall", ["callee"]) == "ok")
            // The call to `callee` (an outgoing message) left only once the caller's write was durable.
            #expect(probe.order == [caller, callee])
        }
    }

    @Test func scenario14_syncWaitsForUnconfirmedWrites() async throws {
        let probe = CommitProbe()
        probe.setLatency(.milliseconds(100))
        try await withJSRuntime(configure: { $0.commitHook = probe.hook }) { rt, _ in
            let start = ContinuousClock.now
            _ = try await rt.js("PROBE").getByName("x").call("putUnconfirmedSync", ["k"])
            #expect(ContinuousClock.now - start >= .milliseconds(100))
        }
    }

    @Test func scenario15_failedUnconfirmedCommitStillResetsTheObject() async throws {
        let probe = CommitProbe()
        try await withJSRuntime(configure: { $0.commitHook = probe.hook }) { rt, _ in
            let ns = try rt.js("PROBE")
            let first = try await ns.getByName("x").call("instanceId")
            probe.failNext()
            _ = try await ns.getByName("x").call("putUnconfirmed", ["k"])
            await rt.maintain()
            #expect(try await ns.getByName("x").call("instanceId") != first)
            #expect(try await ns.getByName("x").call("get", ["k"]) == .null)
        }
    }

    @Test func scenario16_abortDropsWritesAndResets() async throws {
        try await withJSRuntime { rt, _ in
            let ns = try rt.js("PROBE")
            do {
                _ = try await ns.getByName("x").call("abortAfterWrite")
                Issue.record("abort succeeded")
            } catch let error as DurableObjectError {
                #expect(error.message == "test broken")
                #expect(error.durableObjectReset)
            }
            #expect(try await ns.getByName("x").call("get", ["counter"]) == .null)
        }
    }

    @Test func scenario17_hangingCommitTimesOut() async throws {
        let probe = CommitProbe()
        probe.setLatency(.seconds(3600))
        try await withJSRuntime(configure: {
            $0.commitHook = probe.hook
            $0.outputGateTimeout = .seconds(1)
        }) { rt, clock in
            let stub = try rt.js("PROBE").getByName("x")
            let call = PendingCall { try await stub.call("put", ["k"]) }
            #expect(await soon { probe.commits == 1 })
            try await Task.sleep(for: .milliseconds(10))
            clock.advance(by: .seconds(1))
            let error = await call.error()
            #expect(error?.message == "Durable Object storage operation exceeded timeout which caused object to be reset.")
            #expect(error?.overloaded == true && error?.durableObjectReset == true)
        }
    }
}

struct JSCoalescingConformanceTests {
    @Test func scenario18_writesInOneTurnCommitOnce() async throws {
        let probe = CommitProbe()
        try await withJSRuntime(configure: { $0.commitHook = probe.hook }) { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("putThree")
            #expect(result == [3, 2])
            #expect(probe.commits == 1)
        }
    }

    @Test func scenario21_externalAwaitSplitsTheBatch() async throws {
        let probe = CommitProbe()
        try await withJSRuntime(configure: { $0.commitHook = probe.hook }) { rt, _ in
            let ns = try rt.js("PROBE")
            // The first commit (of `k`, at the timer) succeeds; the second (of `j`, at the end) fails.
            probe.fail(commit: 2)
            await #expect(throws: DurableObjectError.self) { try await ns.getByName("x").call("putSleepPut") }
            #expect(probe.commits == 2)
            // A new stub: the old one stays bound to the instance that was reset.
            #expect(try await ns.getByName("x").call("readKJ") == [1, nil])
        }
    }

    @Test func scenario22_readYourOwnWritesWithinTheTurn() async throws {
        try await withJSRuntime { rt, _ in
            let result = try await rt.js("PROBE").getByName("x").call("readYourWrite")
            #expect(result == 2)
        }
    }

    @Test func scenario25_kvAndSqlWritesOfATurnShareOneCommit() async throws {
        let probe = CommitProbe()
        try await withJSRuntime(configure: { $0.commitHook = probe.hook }) { rt, _ in
            _ = try await rt.js("PROBE").getByName("x").call("sqlAndKVInOneTurn")
            #expect(probe.commits == 1)
        }
    }
}

struct JSBlockConcurrencyConformanceTests {
    @Test func scenario26_requestsWaitForTheCriticalSectionAndItsContinuation() async throws {
        try await withJSRuntime { rt, clock in
            let stub = try rt.js("PROBE").getByName("x")
            _ = try await stub.call("instanceId")
            let before = await idleSleepers(clock)
            let first = PendingCall { try await stub.call("hold", [40]) }
            #expect(await timerStarted(clock, beyond: before))
            let second = PendingCall { try await stub.call("note", ["second"]) }
            try await Task.sleep(for: .milliseconds(20))
            clock.advance(by: .milliseconds(40))
            _ = try await first.finish()?.get()
            _ = try await second.finish()?.get()
            #expect(try await stub.call("events") == ["hold-start", "hold-end", "continuation", "second"])
        }
    }

    @Test func scenario27_throwingCallbackResetsTheObject() async throws {
        try await withJSRuntime { rt, clock in
            let stub = try rt.js("PROBE").getByName("x")
            let before = try await stub.call("instanceId")
            let sleepers = await idleSleepers(clock)
            let failing = PendingCall { try await stub.call("holdThenThrow", [20]) }
            #expect(await timerStarted(clock, beyond: sleepers))
            let queued = PendingCall { try await stub.call("instanceId") }
            try await Task.sleep(for: .milliseconds(20))
            clock.advance(by: .milliseconds(20))
            let error = await failing.error()
            #expect(error?.message == "boom")
            #expect(error?.durableObjectReset == true)
            #expect(await queued.error()?.durableObjectReset == true)
            #expect(try await rt.js("PROBE").getByName("x").call("instanceId") != before)
        }
    }

    @Test func scenario28_timeoutResetsWithOverloaded() async throws {
        try await withJSRuntime(configure: { $0.blockConcurrencyTimeout = .seconds(1) }) { rt, clock in
            let stub = try rt.js("PROBE").getByName("x")
            _ = try await stub.call("instanceId")
            let sleepers = await idleSleepers(clock)
            let hanging = PendingCall { try await stub.call("holdForever") }
            #expect(await timerStarted(clock, beyond: sleepers))
            let queued = PendingCall { try await stub.call("note", ["other"]) }
            try await Task.sleep(for: .milliseconds(20))
            clock.advance(by: .seconds(1))
            let error = await queued.error()
            #expect(error?.message.hasPrefix("A call to blockConcurrencyWhile() in a Durable Object waited for too long.") == true)
            #expect(error?.overloaded == true)
            #expect(error?.durableObjectReset == true)
            hanging.cancel()
            #expect(await hanging.error()?.overloaded == true)
        }
    }

    @Test func scenario29_nestingIsLimitedTo64() async throws {
        try await withJSRuntime { rt, _ in
            let outcome = await PendingCall { try await rt.js("PROBE").getByName("x").call("nestDeeply") }.finish()
            switch outcome {
            case .success(let value)?: #expect(value == "blockConcurrencyWhile() calls are nested too deeply.")
            case .failure(let error as DurableObjectError)?: #expect(error.message == "blockConcurrencyWhile() calls are nested too deeply.")
            default: Issue.record("unexpected outcome \(String(describing: outcome))")
            }
        }
    }

    @Test func scenario94_overloadedWhenTheQueueIsFull() async throws {
        try await withJSRuntime(configure: { $0.maxQueuedEvents = 5 }) { rt, clock in
            let stub = try rt.js("PROBE").getByName("x")
            _ = try await stub.call("instanceId")
            let sleepers = await idleSleepers(clock)
            let held = PendingCall { try await stub.call("hold", [100]) }
            #expect(await timerStarted(clock, beyond: sleepers))
            let calls = (0..<10).map { _ in PendingCall { try await stub.call("note", ["x"]) } }
            try await Task.sleep(for: .milliseconds(50))
            clock.advance(by: .milliseconds(100))
            _ = try await held.finish()?.get()
            var overloaded = 0
            for call in calls {
                if let error = await call.error(), error.overloaded, error.message == "Durable Object is overloaded. Too many requests queued." {
                    overloaded += 1
                }
            }
            #expect(overloaded == 5)
        }
    }
}
