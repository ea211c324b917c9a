import DurableObjects
import Foundation
@testable import JSHost
import JSONModel
import TestSupport
import Testing

/// The fixture Worker, loaded once (bundling takes a few milliseconds, evaluation less).
private let counterWorker = Result { try JSWorker.load(path: WorkerLoadingTests.counter.path) }

struct JSDurableObjectTests {
    @Test func rpcMethodsRunWithDurableStorageAndInMemoryState() async throws {
        let worker = try counterWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let counter = try #require(runtime.namespace("COUNTER")).getByName("a")
            #expect(try await counter.call("increment", [2]) == 2)
            #expect(try await counter.call("increment", []) == 3)
            #expect(try await counter.call("increment", .null) == 4)
            #expect(try await counter.call("get") == 4)
            #expect(try await counter.call("callsSinceStart") == 3)
            let other = try #require(runtime.namespace("COUNTER")).getByName("b")
            #expect(try await other.call("get") == 0)
        }
    }

    @Test func gettersAreReadOverRPCButInstanceFieldsAndRpcTargetsAreNot() async throws {
        let worker = try counterWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let counter = try #require(runtime.namespace("COUNTER")).getByName("getters")
            _ = try await counter.call("increment", [1])
            #expect(try await counter.call("label") == "counter with 1 calls")
            await #expect(throws: DurableObjectError.self) { try await counter.call("instanceField") }
            do {
                _ = try await counter.call("handle")
                Issue.record("no error")
            } catch let error as DurableObjectError {
                #expect(error.message.contains("RpcTarget (Handle)"))
            }
        }
    }

    @Test func alarmsAreSetReadAndRunOnTheRuntimeClock() async throws {
        let worker = try counterWorker.get()
        try await withRuntime { runtime, clock in
            try worker.register(in: runtime)
            let counter = try #require(runtime.namespace("COUNTER")).getByName("alarmed")
            _ = try await counter.call("increment", [9])
            let at = clock.nowNanoseconds / 1_000_000 + 60_000
            #expect(try await counter.call("scheduleAt", [.number(Double(at))]) == .number(Double(at)))
            clock.advance(by: .seconds(61))
            #expect(await eventually { (try? await counter.call("alarmRuns")) == 0 })
            #expect(try await counter.call("get") == 0)
        }
    }

    @Test func transactionSyncRollsBackWhenItsCallbackThrows() async throws {
        let worker = try counterWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let notes = try #require(runtime.namespace("NOTES")).getByName("tx")
            #expect(try await notes.call("addAll", [["a", "b", "c"], 2]) == 0)
            #expect(try await notes.call("addAll", [["a", "b", "c"], -1]) == 3)
        }
    }

    @Test func evictionDropsTheContextButKeepsStorage() async throws {
        let worker = try counterWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let namespace = try #require(runtime.namespace("COUNTER"))
            let id = namespace.idFromName("evicted")
            #expect(try await namespace.get(id).call("increment", [5]) == 5)
            #expect(await namespace.evict(id))
            #expect(try await namespace.get(id).call("callsSinceStart") == 0)
            #expect(try await namespace.get(id).call("get") == 5)
        }
    }

    @Test func idNameAndVarsReachTheObject() async throws {
        let worker = try counterWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let counter = try #require(runtime.namespace("COUNTER")).getByName("room-7")
            #expect(try await counter.call("describe") == "hi from dev, room-7")
        }
    }

    @Test func sqlExecWithCursorOneAndToArray() async throws {
        let worker = try counterWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let notes = try #require(runtime.namespace("NOTES")).getByName("n")
            #expect(try await notes.call("add", ["first"]) == 1)
            #expect(try await notes.call("add", ["second"]) == 2)
            #expect(try await notes.call("all") == ["first", "second"])
            let inspection = try await runtime.namespace("NOTES")!.inspect(runtime.namespace("NOTES")!.idFromName("n"))
            #expect(inspection.tables.contains { $0.name == "notes" && $0.rows == 2 })
        }
    }

    @Test func exceptionsComeBackWithTheirClassMessageAndTheUsersFileAndLine() async throws {
        let worker = try counterWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let counter = try #require(runtime.namespace("COUNTER")).getByName("a")
            do {
                _ = try await counter.call("fail", ["nope"])
                Issue.record("no error")
            } catch let error as DurableObjectError {
                #expect(error.message == "nope")
                #expect(error.errorClass == "RangeError")
                #expect(error.stack?.contains("src/index.ts:45:") == true)
            }
            do {
                _ = try await counter.call("missing")
                Issue.record("no error")
            } catch let error as DurableObjectError {
                #expect(error.message.contains("does not implement the method \"missing\""))
            }
        }
        // The mapping itself, through the instance layer (the runtime keeps the message).
        let mapped = worker.mapped(JSHostError(.exception, "x", stack: "fail@\(worker.bundle.sourceURL):\(try lineOf("throw new RangeError", in: worker.bundle.script)):13"))
        #expect(mapped.stack?.contains("src/index.ts:45:") == true)
    }

    @Test func aRunawayMethodStopsAtTheWorkersCPULimitWithCloudflaresError() async throws {
        let worker = try counterWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let counter = try #require(runtime.namespace("COUNTER")).getByName("spinner")
            do {
                _ = try await counter.call("spin")
                Issue.record("no error")
            } catch let error as DurableObjectError {
                #expect(error.message == "Worker exceeded CPU time limit.")
            }
            #expect(try await counter.call("increment", [1]) == 1)
        }
    }

    @Test func engineThreadCPUIsChargedToTheEvent() async throws {
        let worker = try counterWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let counter = try #require(runtime.namespace("COUNTER")).getByName("cpu")
            _ = try? await counter.call("spin")
            let totals = runtime.objectMetrics("COUNTER").first { $0.name == "cpu" }
            // The spin ran ≈ 50 ms on the engine thread while the object's executor waited.
            #expect((totals?.cpuNanos ?? 0) > 20_000_000)
        }
    }

    @Test func concurrentCallsToOneObjectDoNotLoseIncrements() async throws {
        let worker = try counterWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let counter = try #require(runtime.namespace("COUNTER")).getByName("busy")
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for _ in 0..<100 { tasks.addTask { _ = try await counter.call("increment", [1]) } }
                try await tasks.waitForAll()
            }
            #expect(try await counter.call("get") == 100)
        }
    }
}

/// Host I/O: timers, calls between objects, `fetch` into objects and the Worker's own `fetch` (these need the
/// shim's `Request`/`Response`/`setTimeout`, `Sources/JSHost/Shim/globals.js`).
struct JSHostIOTests {
    @Test func aTimerInsideAMethodResumesIt() async throws {
        let worker = try counterWorker.get()
        try await withRuntime(clock: ManualClock()) { runtime, clock in
            try worker.register(in: runtime)
            let counter = try #require(runtime.namespace("COUNTER")).getByName("timer")
            _ = try await counter.call("get")
            let before = clock.sleeperCount  // the runtime's own maintenance loop sleeps on the clock too
            async let value = counter.call("later", [5_000])
            #expect(await eventually { clock.sleeperCount > before })
            clock.advance(by: .seconds(5))
            #expect(try await value == 1)
        }
    }

    @Test func anObjectCallsAnotherThroughItsEnvBinding() async throws {
        let worker = try counterWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let notes = try #require(runtime.namespace("NOTES")).getByName("n")
            #expect(try await notes.call("bumpCounter", ["shared"]) == 10)
            #expect(try await notes.call("bumpCounter", ["shared"]) == 20)
            #expect(try await runtime.namespace("COUNTER")!.getByName("shared").call("get") == 20)
        }
    }

    @Test func fetchReachesTheObjectsHandler() async throws {
        let worker = try counterWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let counter = try #require(runtime.namespace("COUNTER")).getByName("page")
            _ = try await counter.call("increment", [7])
            let response = try await counter.fetch(ObjectRequest(method: "GET", url: "/anything"))
            #expect(response.status == 200)
            #expect(response.text == "counter 7")
        }
    }

    @Test func theWorkersFetchReachesObjectsThroughStubs() async throws {
        let worker = try counterWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let first = try await worker.fetch(ObjectRequest(url: "https://example.com/counter/alice/increment?by=4"), runtime: runtime)
            #expect(first.status == 200)
            #expect(try JSON(parsing: first.text) == ["name": "alice", "value": 4])
            let page = try await worker.fetch(ObjectRequest(url: "https://example.com/counter/alice/page"), runtime: runtime)
            #expect(page.text == "counter 4")
            let missing = try await worker.fetch(ObjectRequest(url: "/nothing"), runtime: runtime)
            #expect(missing.status == 404)
            #expect(missing.headers.contains { $0.0 == "x-worker" && $0.1 == "hi from dev" })
        }
    }

    @Test func anErrorFromAnotherObjectHasItsClassMessageAndAStack() async throws {
        let worker = try counterWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            let response = try await worker.fetch(ObjectRequest(url: "https://example.com/counter/bob/fail"), runtime: runtime)
            let parts = response.text.split(separator: "|", maxSplits: 2).map(String.init)
            #expect(parts.count == 3 && parts[0] == "RangeError" && parts[1] == "refused", "\(response.text)")
            // The thrower's stack, mapped to the Worker's file, under the error's first line (not `undefined`).
            #expect(parts.last?.hasPrefix("RangeError: refused\n") == true, "\(response.text)")
            #expect(parts.last?.contains("src/index.ts:45") == true, "\(response.text)")
        }
    }

    @Test func bindingsWeDoNotEmulateThrowNamingTheBinding() async throws {
        let worker = try counterWorker.get()
        try await withRuntime { runtime, _ in
            try worker.register(in: runtime)
            do {
                _ = try await worker.fetch(ObjectRequest(url: "/kv"), runtime: runtime)
                Issue.record("no error")
            } catch let error as DurableObjectError {
                #expect(error.message.contains("KV namespace binding CACHE is not emulated"))
            }
        }
    }
}

/// The 1-based line of the first line containing `text`.
private func lineOf(_ text: String, in script: String) throws -> Int {
    let lines = script.split(separator: "\n", omittingEmptySubsequences: false)
    return try #require(lines.firstIndex { $0.contains(text) }) + 1
}
