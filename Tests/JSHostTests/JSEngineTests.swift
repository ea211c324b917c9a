import DurableObjects
import Foundation
@testable import JSHost
import JSONModel
import TestSupport
import Testing

/// A global context on its own group, for tests of the engine layer.
private final class Sandbox: @unchecked Sendable {
    // Only used inside `group.thread.sync`.
    let group: JSGroup
    let global: JSGlobal
    var logs: [(String, String)] = []
    var timers: [(Int, Double, Bool)] = []

    init(cpuLimit: Double = 30) {
        group = JSGroup(thread: JSThreadPool.shared.assign(), cpuLimit: cpuLimit)
        let group = self.group
        global = group.thread.sync { JSGlobal(group: group, name: "sandbox") }.value
        group.thread.sync {
            var hooks = HostHooks()
            hooks.log = { self.logs.append(($0, $1)) }
            hooks.setTimer = { self.timers.append(($0, $1, $2)) }
            global.installHost(hooks)
        }
    }

    func json(_ script: String) throws -> JSON {
        try group.thread.sync { try JSValue.json(global.context, try global.evaluate(script, sourceURL: "test.js")) }.value
    }

    deinit {
        let global = self.global
        group.thread.sync { global.release() }
    }
}

struct JSEngineTests {
    /// The JIT thresholds are in the environment before JavaScriptCore starts (set by a C constructor before
    /// `main`, unless the environment had them already).
    @Test func theJITThresholdsAreSetBeforeTheEngineStarts() {
        _ = JSEngineOptions.applied
        let environment = ProcessInfo.processInfo.environment
        #expect(environment["JSC_thresholdForJITAfterWarmUp"] != nil)
        #expect(environment["JSC_thresholdForJITSoon"] != nil)
        #expect((0...2).contains(JSEngineOptions.applied))
    }

    @Test func evaluatesScriptsAndConvertsJSON() throws {
        let box = Sandbox()
        #expect(try box.json("({a: [1, 'x', null], b: 1 + 1})") == ["a": [1, "x", nil], "b": 2])
        #expect(try box.json("globalThis.n = 41; n + 1") == 42)
    }

    @Test func aScriptCompiledOnceRunsInEveryGlobalOfItsGroupAndASyntaxErrorIsStillReported() throws {
        let group = JSGroup(thread: JSThreadPool.shared.assign())
        let script = JSScriptText("globalThis.made = (globalThis.made ?? 0) + 1; function where() { throw new RangeError('here'); }", url: "shared.js")
        let broken = JSScriptText("let = ;", url: "broken.js")
        try group.thread.sync {
            let globals = (0..<3).map { JSGlobal(group: group, name: "g\($0)") }
            defer { globals.forEach { $0.release() } }
            for global in globals {
                try global.evaluate(script)
                // Each global runs the script itself: its own state, and stacks name the script's URL.
                #expect(try JSValue.json(global.context, try global.evaluate("made", sourceURL: "t.js")) == 1)
                do {
                    try global.evaluate("where()", sourceURL: "t.js")
                    Issue.record("no exception")
                } catch let error as JSHostError {
                    #expect(error.name == "RangeError" && error.stack?.contains("shared.js:1") == true, "\(error)")
                }
                do {
                    try global.evaluate(broken)
                    Issue.record("no syntax error")
                } catch let error as JSHostError {
                    #expect(error.name == "SyntaxError", "\(error)")
                }
            }
            #expect(group.script(for: script) != nil && group.script(for: broken) == nil)
        }
    }

    @Test func exceptionsKeepNameMessageAndSourceURL() throws {
        let box = Sandbox()
        do {
            _ = try box.json("function f() { throw new TypeError('bad ' + 'thing') }\nf()")
            Issue.record("no error")
        } catch let error as JSHostError {
            #expect(error.code == .exception)
            #expect(error.name == "TypeError")
            #expect(error.message == "bad thing")
            #expect(error.stack?.contains("test.js:1") == true)
        }
    }

    @Test func runawayScriptStopsAtTheCPULimitAndTheContextStaysUsable() throws {
        let box = Sandbox(cpuLimit: 0.05)
        let start = ContinuousClock.now
        #expect(throws: JSHostError.cpuLimit) { try box.json("while (true) {}") }
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(try box.json("'still here'") == "still here")
    }

    @Test func hostLogNowAndTimersFollowTheShimContract() throws {
        let box = Sandbox()
        _ = try box.json("__host.log('warn', 'careful'); 0")
        #expect(box.logs.map(\.0) == ["warn"] && box.logs.map(\.1) == ["careful"])
        #expect(throws: JSHostError.self) { try box.json("__host.log('loud', 'x')") }
        #expect(try box.json("typeof __host.now() === 'number' && __host.now() >= 0") == true)
        #expect(try box.json("[__host.setTimer(25, false), __host.setTimer(-3, true)]") == [1, 2])
        #expect(box.timers.map(\.0) == [1, 2] && box.timers.map(\.1) == [25, 0] && box.timers.map(\.2) == [false, true])
        _ = try box.json("globalThis.fired = []; globalThis.__hostTimerFired = id => fired.push(id); 0")
        try box.group.thread.sync { try box.global.fireTimer(2) }
        #expect(try box.json("fired") == [2])
    }

    @Test func unhandledRejectionsAreLogged() throws {
        let box = Sandbox()
        _ = try box.json("Promise.reject(new TypeError('nobody listens')); Promise.reject(1).catch(() => {}); 0")
        #expect(box.logs.map(\.0) == ["error"])
        #expect(box.logs.first?.1 == "Uncaught (in promise) TypeError: nobody listens")
    }

    @Test func fillRandomFillsInPlaceIncludingSubarrays() throws {
        let box = Sandbox()
        let result = try box.json("""
            const a = new Uint8Array(64); const same = __host.fillRandom(a) === a;
            const b = new Uint8Array(32); __host.fillRandom(b.subarray(16));
            [same, a.some(x => x !== 0), b.slice(0, 16).every(x => x === 0), b.slice(16).some(x => x !== 0)]
            """)
        #expect(result == [true, true, true, true])
        #expect(throws: JSHostError.self) { try box.json("__host.fillRandom([1, 2])") }
    }

    @Test(arguments: [
        ("SHA-1", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("SHA-256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ])
    func digestHashesBytes(algorithm: String, hex: String) throws {
        let box = Sandbox()
        let result = try box.json("""
            const d = __host.digest('\(algorithm)', new Uint8Array([97, 98, 99]));
            [d instanceof ArrayBuffer, [...new Uint8Array(d)].map(b => b.toString(16).padStart(2, '0')).join('')]
            """)
        #expect(result == [true, .string(hex)])
    }

    @Test func unknownDigestIsRefused() throws {
        let box = Sandbox()
        #expect(throws: JSHostError.self) { try box.json("__host.digest('MD5', new Uint8Array(1))") }
    }

    @Test func entriesIntoOneGroupAreSerialisedOnItsThread() async throws {
        let box = Sandbox()
        _ = try box.json("globalThis.count = 0; globalThis.bump = () => { const c = count; for (let i = 0; i < 1000; i++) {} count = c + 1; }; 0")
        await withTaskGroup(of: Void.self) { tasks in
            for _ in 0..<200 {
                tasks.addTask { _ = try? box.group.thread.sync { try box.global.callGlobal("bump", []) } }
            }
        }
        #expect(try box.json("count") == 200)
    }

    @Test func entriesNestAndNeverOverlapTheLanesDeferredJobs() async throws {
        let lane = JSThread(index: 99)
        defer { lane.stop() }
        let state = Locked((inside: 0, overlaps: 0, done: 0))
        @Sendable func work() {
            state.withLock { s in
                if s.inside > 0 { s.overlaps += 1 }
                s.inside += 1
            }
            usleep(20)
            state.withLock { s in
                s.inside -= 1
                s.done += 1
            }
        }
        await withTaskGroup(of: Void.self) { tasks in
            for i in 0..<200 {
                tasks.addTask { if i % 2 == 0 { lane.async { work() } } else { lane.sync { work() } } }
            }
        }
        // An entry that enters again (a native re-entering its engine) runs inline instead of waiting for itself.
        #expect(lane.sync { lane.sync { 42 }.value }.value == 42)
        #expect(await eventually { state.withLock { $0.done } == 200 })
        #expect(state.withLock { $0.overlaps } == 0)
    }
}
