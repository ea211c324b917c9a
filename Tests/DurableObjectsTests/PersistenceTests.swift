import DurableObjects
import Foundation
import Testing
import TestSupport

func counterClass() -> DurableObjectClass {
    ScriptedObject.objectClass("Counter") { m, _, ctx, _ in
        var v = try ctx.storage.get("n")?.intValue ?? 0
        if m == "increment" {
            v += 1
            try ctx.storage.put("n", .number(Double(v)))
        }
        return .number(Double(v))
    }
}

struct PersistenceTests {
    @Test func scenario95_filesLayoutAndDataSurviveARestart() async throws {
        try await withTemporaryDirectory { dir in
            let ids = try await withRuntime(dataDirectory: dir) { rt, _ in
                let ns = try rt.register(binding: "COUNTER", counterClass())
                _ = try await ns.getByName("a").call("increment")
                _ = try await ns.getByName("b").call("increment")
                _ = try await ns.getByName("b").call("increment")
                return ns.storedObjectIds()
            }
            let key = NamespaceKey(uniqueKey: "do-architect-Counter")
            #expect(ids == [key.idFromName("a").hex, key.idFromName("b").hex].sorted())
            let base = dir.appendingPathComponent("do/do-architect-Counter")
            #expect(FileManager.default.fileExists(atPath: base.appendingPathComponent("metadata.sqlite").path))
            let a = key.idFromName("a").hex
            #expect(FileManager.default.fileExists(atPath: base.appendingPathComponent("\(a.prefix(2))/\(a).sqlite").path))
            try await withRuntime(dataDirectory: dir) { rt, _ in
                let ns = try rt.register(binding: "COUNTER", counterClass())
                #expect(try await ns.getByName("a").call("get") == 1)
                #expect(try await ns.getByName("b").call("get") == 2)
            }
        }
    }

    @Test func scenario97_hostAccessSeesCommittedData() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "COUNTER", counterClass())
            try await ns.inspectRun(ns.idFromName("h")) { ctx in try ctx.storage.put("n", 41) }
            #expect(try await ns.getByName("h").call("increment") == 42)
            #expect(try await ns.inspectRun(ns.idFromName("h")) { try $0.storage.get("n") } == 42)
        }
    }

    @Test func inspectAndDeleteObjects() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "COUNTER", counterClass())
            _ = try await ns.getByName("a").call("increment")
            let info = try await ns.inspect(ns.idFromName("a"))
            #expect(info.exists && info.keyCount == 1 && info.sampleKeys.first?.key == "n")
            let missing = try await ns.inspect(ns.idFromName("never"))
            #expect(!missing.exists)
            #expect(await ns.deleteAllObjects() == 1)
            #expect(ns.storedObjectIds().isEmpty)
            #expect(try await ns.getByName("a").call("get") == 0)
            // The shard folders went with the objects: writing again makes them again.
            #expect(try await ns.getByName("a").call("increment") == 1)
            #expect(ns.storedObjectIds() == [ns.idFromName("a").hex])
        }
    }

    @Test func manyObjectsShareABoundedNumberOfOpenDatabases() async throws {
        try await withRuntime(configure: { $0.maxOpenDatabases = 8 }) { rt, _ in
            let ns = try rt.register(binding: "COUNTER", counterClass())
            for i in 0..<40 { _ = try await ns.getByName("o\(i)").call("increment") }
            for i in 0..<40 { #expect(try await ns.getByName("o\(i)").call("get") == 1) }
            #expect(ns.storedObjectIds().count == 40)
        }
    }
}
