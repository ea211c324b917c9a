import DurableObjects
import Foundation
import JSHost
import JSONModel
import TestSupport
import Testing

struct WorkerHostTests {
    @Test func loadReportsNamespacesVarsAndUnemulatedBindings() async throws {
        try await withRuntime { runtime, _ in
            let host = WorkerHost(runtime: runtime)
            let result = try await host.load(path: WorkerLoadingTests.counter.path, config: nil, main: nil, allowedRoots: nil)
            #expect(result.name == "counter-fixture")
            #expect(result.namespaces.map(\.namespace) == ["COUNTER", "NOTES"])
            #expect(result.namespaces.allSatisfy { $0.kind == "worker" && $0.storage == "sqlite" })
            #expect(result.vars == ["LIMIT", "GREETING", "SECRET"])
            #expect(result.notEmulated.map(\.name) == ["CACHE"] && result.notEmulated.map(\.kind) == ["KV namespace"])
            #expect(result.cpuLimitMs == 50)
            #expect(result.bundleBytes > 0)
            #expect(runtime.namespace("COUNTER") != nil)
        }
    }

    @Test func aBindingNamedLikeABuiltInHidesItWhileTheWorkerIsLoaded() async throws {
        try await withRuntime { runtime, _ in
            let builtin = try runtime.register(binding: "NOTES", DurableObjectClass(name: "Other") { _ in ScriptedObject { _, _, _, _ in "builtin" } })
            let host = WorkerHost(runtime: runtime)
            let result = try await host.load(path: WorkerLoadingTests.counter.path, config: nil, main: nil, allowedRoots: nil)
            #expect(result.changes?.hiddenBuiltins == ["NOTES"])
            #expect(result.changes?.added == ["COUNTER", "NOTES"])
            let notes = try #require(runtime.namespace("NOTES"))
            #expect(notes !== builtin)
            #expect(notes.key.uniqueKey == "counter-fixture-Notes")
            #expect(try await host.invokeObject(namespace: "NOTES", name: "n", id: nil, method: "add", args: ["a"], request: nil).result == 1)
        }
    }

    @Test func invokeObjectTakesPositionalArgsOrARequest() async throws {
        try await withRuntime { runtime, _ in
            let host = WorkerHost(runtime: runtime)
            _ = try await host.load(path: WorkerLoadingTests.counter.path, config: nil, main: nil, allowedRoots: nil)
            #expect(try await host.invokeObject(namespace: "COUNTER", name: "x", id: nil, method: "increment", args: [3], request: nil).result == 3)
            let id = runtime.namespace("COUNTER")!.idFromName("x").hex
            #expect(try await host.invokeObject(namespace: "COUNTER", name: nil, id: id, method: "get", args: nil, request: nil).result == 3)
            let page = try await host.invokeObject(
                namespace: "COUNTER", name: "x", id: nil, method: "fetch", args: nil, request: .init(method: "GET", url: "/"))
            #expect(page.result["status"] == 200 && page.result["body"] == "counter 3" && page.id == id)
            await #expect(throws: DurableObjectError.self) {
                try await host.invokeObject(namespace: "NOPE", name: "x", id: nil, method: "get", args: nil, request: nil)
            }
            let response = try await host.invokeWorker(.init(method: "GET", url: "https://w.test/counter/x/increment?by=2"))
            #expect(response.status == 200 && response.headers?["content-type"]?.hasPrefix("application/json") == true)
            #expect(try JSON(parsing: response.body ?? "") == ["name": "x", "value": 5])
        }
    }

    @Test func evictDestroysTheContextAndTheConstructorRunsAgain() async throws {
        try await withRuntime { runtime, _ in
            let host = WorkerHost(runtime: runtime)
            _ = try await host.load(path: WorkerLoadingTests.counter.path, config: nil, main: nil, allowedRoots: nil)
            _ = try await host.invokeObject(namespace: "COUNTER", name: "e", id: nil, method: "increment", args: [4], request: nil)
            #expect(try await host.evict(namespace: "COUNTER", name: "e", id: nil).wasInMemory)
            #expect(try await host.invokeObject(namespace: "COUNTER", name: "e", id: nil, method: "callsSinceStart", args: nil, request: nil).result == 0)
            #expect(try await host.invokeObject(namespace: "COUNTER", name: "e", id: nil, method: "get", args: nil, request: nil).result == 4)
            await #expect(throws: DurableObjectError.self) { try await host.evict(namespace: "COUNTER", name: nil, id: nil) }
        }
    }
}
