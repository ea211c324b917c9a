import DurableObjects
import Foundation
@testable import JSHost
import JSONModel
import TestSupport
import Testing

/// A Worker project in a temporary folder, rewritten by `write` (to load it again with other code).
final class TemporaryProject: Sendable {
    let url: URL

    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("do-worker-\(UUID().uuidString)")
        try write(files)
    }

    func write(_ files: [String: String]) throws {
        for (path, text) in files {
            let file = url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A wrangler.jsonc binding each `(binding, class)` with SQLite storage, plus `extra` top-level members.
    static func config(name: String, bindings: [(String, String)], kvClasses: [String] = [], extra: String = "") -> String {
        let list = bindings.map { "{ \"name\": \"\($0.0)\", \"class_name\": \"\($0.1)\" }" }.joined(separator: ", ")
        let sqlite = bindings.map(\.1).filter { !kvClasses.contains($0) }.map { "\"\($0)\"" }.joined(separator: ", ")
        let kv = kvClasses.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            { "name": "\(name)", "main": "index.js", "compatibility_date": "2025-04-01",
              "durable_objects": { "bindings": [\(list)] },
              "migrations": [{ "tag": "v1", "new_sqlite_classes": [\(sqlite)], "new_classes": [\(kv)] }]\(extra.isEmpty ? "" : ", " + extra) }
            """
    }
}

/// Calls an object through the host with a console capture; returns the result and the captured lines.
private func call(
    _ host: WorkerHost, _ namespace: String, _ name: String, _ method: String, _ args: [JSON] = []
) async throws -> (result: JSON, logs: ConsoleCapture) {
    let capture = ConsoleCapture()
    let result = try await ConsoleCapture.$current.withValue(capture) {
        try await host.invokeObject(namespace: namespace, name: name, id: nil, method: method, args: args, request: nil).result
    }
    return (result, capture)
}

struct WorkerReloadTests {
    static let v1 = """
        import { DurableObject } from "cloudflare:workers";
        export class Counter extends DurableObject {
          async increment(by = 1) { const v = ((await this.ctx.storage.get("v")) ?? 0) + by; await this.ctx.storage.put("v", v); return v; }
          version() { return 1; }
        }
        export class Notes extends DurableObject { hello() { return "notes"; } }
        export default { fetch() { return new Response("v1"); } };
        """
    static let v2 = """
        import { DurableObject } from "cloudflare:workers";
        export class Counter extends DurableObject {
          async increment(by = 1) { const v = ((await this.ctx.storage.get("v")) ?? 0) + by * 100; await this.ctx.storage.put("v", v); return v; }
          async read() { return (await this.ctx.storage.get("v")) ?? 0; }
        }
        export default { fetch() { return new Response("v2"); } };
        """

    @Test func loadingAgainReplacesTheCodeKeepsTheDataAndSaysWhatChanged() async throws {
        let project = try TemporaryProject([
            "wrangler.jsonc": TemporaryProject.config(name: "reload", bindings: [("COUNTER", "Counter"), ("NOTES", "Notes")]),
            "index.js": Self.v1,
        ])
        try await withRuntime { runtime, _ in
            let builtin = try runtime.register(binding: "COUNTER", DurableObjectClass(name: "Counter") { _ in ScriptedObject { _, _, _, _ in "builtin" } })
            let host = WorkerHost(runtime: runtime)
            let first = try await host.load(path: project.url.path, config: nil, main: nil, allowedRoots: nil)
            #expect(first.changes?.hiddenBuiltins == ["COUNTER"])
            #expect(first.changes?.previousWorker == nil)
            #expect(try await host.invokeObject(namespace: "COUNTER", name: "a", id: nil, method: "increment", args: [5], request: nil).result == 5)
            let userNamespace = try #require(runtime.namespace("COUNTER"))
            #expect(userNamespace !== builtin && userNamespace.key.uniqueKey == "reload-Counter")
            #expect(userNamespace.objectsInMemory == 1)

            try project.write([
                "wrangler.jsonc": TemporaryProject.config(name: "reload", bindings: [("COUNTER", "Counter")]),
                "index.js": Self.v2,
            ])
            let second = try await host.load(path: project.url.path, config: nil, main: nil, allowedRoots: nil)
            let changes = try #require(second.changes)
            #expect(changes.previousWorker == "reload")
            #expect(changes.kept == ["COUNTER"] && changes.removed == ["NOTES"] && changes.added.isEmpty)
            #expect(changes.methodsChanged == [.init(namespace: "COUNTER", added: ["read"], removed: ["version"])])
            #expect(changes.codeChanged && changes.restoredBuiltins.isEmpty && changes.hiddenBuiltins.isEmpty)
            #expect(runtime.namespace("NOTES") == nil)
            // Same namespace, objects evicted: the data stays and the next event runs the new code.
            #expect(runtime.namespace("COUNTER") === userNamespace && userNamespace.objectsInMemory == 0)
            #expect(try await host.invokeObject(namespace: "COUNTER", name: "a", id: nil, method: "read", args: [], request: nil).result == 5)
            #expect(try await host.invokeObject(namespace: "COUNTER", name: "a", id: nil, method: "increment", args: [1], request: nil).result == 105)
            #expect(try await host.invokeWorker(.init(method: "GET", url: "/")).body == "v2")

            // A failed load changes nothing.
            try project.write(["index.js": "export default {};"])
            await #expect(throws: WorkerLoadError.self) {
                try await host.load(path: project.url.path, config: nil, main: nil, allowedRoots: nil)
            }
            #expect(host.worker?.bundle.script.contains("by * 100") == true)
            #expect(runtime.namespace("COUNTER") === userNamespace)
            #expect(try await host.invokeObject(namespace: "COUNTER", name: "a", id: nil, method: "read", args: [], request: nil).result == 105)

            // A Worker without COUNTER shows the built-in again; loading the first one again finds its data.
            try project.write([
                "wrangler.jsonc": TemporaryProject.config(name: "reload", bindings: [("NOTES", "Notes")]),
                "index.js": Self.v1,
            ])
            let third = try await host.load(path: project.url.path, config: nil, main: nil, allowedRoots: nil)
            #expect(third.changes?.restoredBuiltins == ["COUNTER"] && third.changes?.added == ["NOTES"])
            #expect(runtime.namespace("COUNTER") === builtin)
            #expect(try await builtin.getByName("a").call("anything") == "builtin")
            try project.write(["wrangler.jsonc": TemporaryProject.config(name: "reload", bindings: [("COUNTER", "Counter")])])
            _ = try await host.load(path: project.url.path, config: nil, main: nil, allowedRoots: nil)
            #expect(try await host.invokeObject(namespace: "COUNTER", name: "a", id: nil, method: "increment", args: [1], request: nil).result == 106)
        }
    }

    @Test func storageIsKeptPerWorkerNameAndClass() async throws {
        let project = try TemporaryProject([
            "wrangler.jsonc": TemporaryProject.config(name: "first", bindings: [("COUNTER", "Counter")]),
            "index.js": Self.v1,
        ])
        try await withRuntime { runtime, _ in
            let host = WorkerHost(runtime: runtime)
            _ = try await host.load(path: project.url.path, config: nil, main: nil, allowedRoots: nil)
            #expect(try await host.invokeObject(namespace: "COUNTER", name: "a", id: nil, method: "increment", args: [2], request: nil).result == 2)
            try project.write(["wrangler.jsonc": TemporaryProject.config(name: "second", bindings: [("COUNTER", "Counter")])])
            let renamed = try await host.load(path: project.url.path, config: nil, main: nil, allowedRoots: nil)
            #expect(renamed.changes?.classChanged == ["COUNTER"])
            #expect(try await host.invokeObject(namespace: "COUNTER", name: "a", id: nil, method: "increment", args: [2], request: nil).result == 2)
            try project.write(["wrangler.jsonc": TemporaryProject.config(name: "first", bindings: [("COUNTER", "Counter")])])
            _ = try await host.load(path: project.url.path, config: nil, main: nil, allowedRoots: nil)
            #expect(try await host.invokeObject(namespace: "COUNTER", name: "a", id: nil, method: "increment", args: [2], request: nil).result == 4)
        }
    }
}

struct WorkerConsoleTests {
    static let source = """
        import { DurableObject } from "cloudflare:workers";
        export class Talker extends DurableObject {
          constructor(ctx, env) { super(ctx, env); console.info("constructed", ctx.id.name); }
          say(n) {
            console.log("hello", { n });
            console.warn("careful");
            console.error(new Error("bad"));
            console.debug("details");
            return n;
          }
          async relay(name) { console.log("relaying to", name); return await this.env.TALKER.getByName(name).say(7); }
          many(count, size) { for (let i = 0; i < count; i++) console.log(String(i).padEnd(size, "x")); return count; }
        }
        export default { async fetch(request, env) { console.log("worker got", new URL(request.url).pathname); return new Response("ok"); } };
        """

    @Test func consoleOutputGoesToTheCallThatPrintedIt() async throws {
        let project = try TemporaryProject([
            "wrangler.jsonc": TemporaryProject.config(name: "console", bindings: [("TALKER", "Talker")]),
            "index.js": Self.source,
        ])
        try await withRuntime { runtime, _ in
            let host = WorkerHost(runtime: runtime)
            _ = try await host.load(path: project.url.path, config: nil, main: nil, allowedRoots: nil)
            let (result, logs) = try await call(host, "TALKER", "a", "say", [3])
            #expect(result == 3)
            #expect(logs.entries.map(\.level) == ["info", "log", "warn", "error", "debug"])
            #expect(logs.entries[0].message == "constructed a")
            #expect(logs.entries[1].message == "hello { n: 3 }")
            #expect(logs.entries[3].message.contains("Error: bad"))
            #expect(!logs.truncated)
            // A second call sees only its own output.
            let (_, again) = try await call(host, "TALKER", "a", "say", [4])
            #expect(again.entries.map(\.message).first == "hello { n: 4 }")
            // Output of an object reached through a stub comes back with the call.
            let (relayed, relayLogs) = try await call(host, "TALKER", "a", "relay", ["b"])
            #expect(relayed == 7)
            #expect(relayLogs.entries.map(\.message).prefix(3) == ["relaying to b", "constructed b", "hello { n: 7 }"])
            // The Worker's fetch handler.
            let capture = ConsoleCapture()
            _ = try await ConsoleCapture.$current.withValue(capture) { try await host.invokeWorker(.init(method: "GET", url: "/path")) }
            #expect(capture.entries == [.init(level: "log", message: "worker got /path")])
        }
    }

    @Test func capturedOutputIsBounded() async throws {
        let project = try TemporaryProject([
            "wrangler.jsonc": TemporaryProject.config(name: "console", bindings: [("TALKER", "Talker")]),
            "index.js": Self.source,
        ])
        try await withRuntime { runtime, _ in
            let host = WorkerHost(runtime: runtime)
            _ = try await host.load(path: project.url.path, config: nil, main: nil, allowedRoots: nil)
            let (_, many) = try await call(host, "TALKER", "m", "many", [150, 1])
            #expect(many.entries.count == ConsoleCapture.maxEntries && many.truncated)
            let (_, long) = try await call(host, "TALKER", "l", "many", [40, 5_000])
            #expect(long.truncated)
            #expect(long.entries.allSatisfy { $0.message.utf8.count <= ConsoleCapture.maxMessageBytes + 3 })
            #expect(long.entries.reduce(0) { $0 + $1.message.utf8.count } <= ConsoleCapture.maxTotalBytes + 3 * 40)
        }
    }
}

struct WorkerFetchTests {
    static let source = """
        import { DurableObject } from "cloudflare:workers";
        export class Caller extends DurableObject {
          async slow() { const r = await fetch("https://api.example.com/slow"); return { status: r.status, body: await r.text(), url: r.url, type: r.headers.get("content-type") }; }
          async prefixed(path) { const r = await fetch("https://cdn.example.com/" + path, { method: "POST", body: "x" }); return await r.text(); }
          async network() { try { await fetch("https://elsewhere.example.com/"); return "reached"; } catch (e) { return e.name + ": " + e.message; } }
          quick() { return "quick"; }
        }
        export default {
          async fetch(request, env) {
            const url = new URL(request.url);
            if (url.pathname === "/out") return new Response((await fetch("https://api.example.com/slow")).status + "");
            return env.CALLER.getByName("s").fetch("https://object" + url.pathname);
          },
        };
        """

    static let mocks = [
        FetchMock(url: "https://api.example.com/slow", status: 201, body: "downstream", headers: ["content-type": "text/plain"], latencyMs: 250),
        FetchMock(url: "https://cdn.example.com/*", body: "from cdn"),
    ]

    @Test func outboundFetchIsRefusedUnlessAMockAnswersItAfterItsLatency() async throws {
        let project = try TemporaryProject([
            "wrangler.jsonc": TemporaryProject.config(name: "fetch", bindings: [("CALLER", "Caller")]),
            "index.js": Self.source.replacingOccurrences(of: "quick() {", with: "async fetch(request) { return new Response(\"object \" + new URL(request.url).pathname); }\n  quick() {"),
        ])
        try await withRuntime { runtime, clock in
            let host = WorkerHost(runtime: runtime)
            let loaded = try await host.load(path: project.url.path, config: nil, main: nil, allowedRoots: nil, fetchMocks: Self.mocks)
            #expect(loaded.fetchMocks == 2)
            let refused = try await host.invokeObject(namespace: "CALLER", name: "a", id: nil, method: "network", args: [], request: nil).result
            #expect(refused.stringValue?.hasPrefix("TypeError: fetch(\"https://elsewhere.example.com/\") was refused") == true)
            #expect(refused.stringValue?.contains("fetchMocks") == true)
            #expect(try await host.invokeObject(namespace: "CALLER", name: "a", id: nil, method: "prefixed", args: ["a/b"], request: nil).result == "from cdn")

            // The slow call waits for the runtime clock; the engine thread serves other objects meanwhile.
            let finished = Locked(false)
            let slow = Task {
                defer { finished.withLock { $0 = true } }
                return try await host.invokeObject(namespace: "CALLER", name: "slow", id: nil, method: "slow", args: [], request: nil).result
            }
            try await Task.sleep(for: .milliseconds(100))
            for i in 0..<4 {
                #expect(try await host.invokeObject(namespace: "CALLER", name: "q\(i)", id: nil, method: "quick", args: [], request: nil).result == "quick")
            }
            clock.advance(by: .milliseconds(249))
            try await Task.sleep(for: .milliseconds(50))
            #expect(!finished.withLock { $0 })
            clock.advance(by: .milliseconds(1))
            let answer = try await slow.value
            #expect(answer == ["status": 201, "body": "downstream", "url": "https://api.example.com/slow", "type": "text/plain"])

            // A stub's fetch is not an outbound request.
            #expect(try await host.invokeWorker(.init(method: "GET", url: "/page")).body == "object /page")
        }
    }
}

struct WorkerBindingsAndStorageTests {
    static let source = """
        import { DurableObject, WorkerEntrypoint } from "cloudflare:workers";
        let moduleCalls = 0;
        export class Store extends DurableObject {
          kvRoundTrip() {
            const kv = this.ctx.storage.kv;
            kv.put("a", { n: 1 }); kv.put("b", [2]); kv.put("c", "three");
            const deleted = kv.delete("c");
            const missing = kv.get("c");
            return { a: kv.get("a"), deleted, deletedAgain: kv.delete("c"), missing: missing === undefined, list: [...kv.list()], prefixed: [...kv.list({ prefix: "b" })] };
          }
          async asyncSeesSyncWrites() { this.ctx.storage.kv.put("x", 42); return await this.ctx.storage.get("x"); }
          async tooManyKeys(op) {
            const keys = Array.from({ length: 129 }, (_, i) => "k" + i);
            try {
              if (op === "get") await this.ctx.storage.get(keys);
              if (op === "delete") await this.ctx.storage.delete(keys);
              if (op === "put") await this.ctx.storage.put(Object.fromEntries(keys.map((k) => [k, 1])));
              return "accepted";
            } catch (e) { return e.message; }
          }
          cursor() {
            const sql = this.ctx.storage.sql;
            sql.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
            const insert = sql.exec("INSERT INTO t (name) VALUES (?), (?), (?)", "a", "b", "c");
            const all = sql.exec("SELECT id, name FROM t ORDER BY id");
            const iterated = []; for (const row of sql.exec("SELECT name FROM t ORDER BY id")) iterated.push(row.name);
            const raw = sql.exec("SELECT id, name FROM t ORDER BY id").raw().toArray();
            let oneError = ""; try { sql.exec("SELECT * FROM t").one(); } catch (e) { oneError = e.message; }
            sql.exec("CREATE TABLE b (data BLOB)");
            sql.exec("INSERT INTO b VALUES (?), (?)", new Uint8Array([1, 2, 255]).buffer, new Uint16Array([258]));
            const blobs = sql.exec("SELECT data FROM b").toArray().map((row) => row.data instanceof ArrayBuffer ? [...new Uint8Array(row.data)] : "not a buffer");
            return { blobs, written: insert.rowsWritten, columns: all.columnNames, rows: all.toArray(), read: all.rowsRead, iterated, raw,
                     one: sql.exec("SELECT name FROM t WHERE id = 2").one(), oneError, size: sql.databaseSize > 0 };
          }
          nothing() { moduleCalls++; }
          async callOther(name) { return await this.env.STORE.getByName(name).explode("from " + this.ctx.id.name); }
          explode(why) { throw new RangeError("exploded " + why); }
          exportsSeen() { return { keys: Object.keys(this.ctx.exports), same: this.ctx.exports.Store === this.env.STORE }; }
          modules() { return moduleCalls; }
          values(date, map) { return { missing: undefined, date, map, kinds: [date instanceof Date, map instanceof Map] }; }
          async relay(name) {
            const stub = this.env.STORE.getByName(name);
            const got = await stub.values(new Date(5), new Map([["a", 1]]));
            const nothing = await stub.nothing();
            return { nothingIsUndefined: nothing === undefined, missingIsUndefined: "missing" in got && got.missing === undefined,
                     date: got.date instanceof Date ? got.date.getTime() : "not a date", map: got.map instanceof Map ? [...got.map] : "not a map",
                     kinds: got.kinds };
          }
          useKV() { return this.env.CACHE.get("k"); }
          useAI() { return this.env.AI.run("model"); }
        }
        export class Legacy extends DurableObject { syncKV() { try { this.ctx.storage.kv.get("a"); return "allowed"; } catch (e) { return e.message; } } }
        export class Lookup extends WorkerEntrypoint {
          async fetch(request) { return new Response("lookup " + new URL(request.url).pathname + " " + (await this.env.STORE.getByName("e").modules())); }
          double(n) { return { twice: n * 2, when: new Date(7) }; }
        }
        let workerCalls = 0;
        export default {
          async fetch(request, env, ctx) {
            if (new URL(request.url).pathname === "/loop") {
              const inner = await ctx.exports.Lookup.fetch("https://x/inner");
              const doubled = await ctx.exports.Lookup.double(21);
              let missing = ""; try { await ctx.exports.Lookup.triple(1); } catch (e) { missing = e.message; }
              return new Response([await inner.text(), doubled.twice, doubled.when instanceof Date, missing, typeof ctx.exports.default.fetch].join(" | "));
            }
            workerCalls++; return new Response(String(workerCalls));
          },
        };
        """

    static let config = TemporaryProject.config(
        name: "store", bindings: [("STORE", "Store"), ("LEGACY", "Legacy")], kvClasses: ["Legacy"],
        extra: #""kv_namespaces": [{ "binding": "CACHE", "id": "x" }], "ai": { "binding": "AI" }, "d1_databases": [{ "binding": "DB", "database_id": "d" }]"#)

    private func load(_ runtime: DurableObjectsRuntime, maxLiveObjects: Int = 1_000) async throws -> (WorkerHost, TemporaryProject) {
        let project = try TemporaryProject(["wrangler.jsonc": Self.config, "index.js": Self.source])
        let host = WorkerHost(runtime: runtime)
        _ = try await host.load(path: project.url.path, config: nil, main: nil, allowedRoots: nil, maxLiveObjects: maxLiveObjects)
        return (host, project)
    }

    @Test func synchronousKVOnSQLiteBackedObjectsOnly() async throws {
        try await withRuntime { runtime, _ in
            let (host, project) = try await load(runtime)
            let result = try await call(host, "STORE", "kv", "kvRoundTrip").result
            #expect(result == [
                "a": ["n": 1], "deleted": true, "deletedAgain": false, "missing": true,
                "list": [["a", ["n": 1]], ["b", [2]]], "prefixed": [["b", [2]]],
            ])
            #expect(try await call(host, "STORE", "kv", "asyncSeesSyncWrites").result == 42)
            #expect(try await call(host, "LEGACY", "l", "syncKV").result.stringValue?.contains("only available on SQLite-backed") == true)
            _ = project
        }
    }

    @Test func multiKeyOperationsStopAt128Keys() async throws {
        try await withRuntime { runtime, _ in
            let (host, project) = try await load(runtime)
            for op in ["get", "put", "delete"] {
                let message = try await call(host, "STORE", "keys", "tooManyKeys", [.string(op)]).result.stringValue ?? ""
                #expect(message.contains("128"), "\(op): \(message)")
            }
            _ = project
        }
    }

    @Test func sqlCursorIsComplete() async throws {
        try await withRuntime { runtime, _ in
            let (host, project) = try await load(runtime)
            let result = try await call(host, "STORE", "sql", "cursor").result
            #expect(result["written"] == 3)
            #expect(result["columns"] == ["id", "name"])
            #expect(result["rows"] == [["id": 1, "name": "a"], ["id": 2, "name": "b"], ["id": 3, "name": "c"]])
            #expect(result["read"] == 3)
            #expect(result["iterated"] == ["a", "b", "c"])
            #expect(result["raw"] == [[1, "a"], [2, "b"], [3, "c"]])
            #expect(result["one"] == ["name": "b"])
            #expect(result["oneError"]?.stringValue?.contains("multiple results") == true)
            #expect(result["size"] == true)
            #expect(result["blobs"] == [[1, 2, 255], [2, 1]])
            _ = project
        }
    }

    @Test func bindingsWeDoNotEmulateNameThemselvesAndTheirType() async throws {
        try await withRuntime { runtime, _ in
            let (host, project) = try await load(runtime)
            for (method, expected) in [("useKV", "The KV namespace binding CACHE is not emulated"), ("useAI", "The Workers AI binding AI is not emulated")] {
                do {
                    _ = try await call(host, "STORE", "b", method)
                    Issue.record("\(method) did not throw")
                } catch let error as DurableObjectError {
                    #expect(error.message.contains(expected), "\(error.message)")
                }
            }
            _ = project
        }
    }

    @Test func undefinedIsNullAndErrorsAcrossStubsKeepTheirMessageAndStack() async throws {
        try await withRuntime { runtime, _ in
            let (host, project) = try await load(runtime)
            #expect(try await call(host, "STORE", "u", "nothing").result == .null)
            do {
                _ = try await call(host, "STORE", "a", "callOther", ["b"])
                Issue.record("no error")
            } catch let error as DurableObjectError {
                #expect(error.errorClass == "RangeError")
                #expect(error.message == "exploded from a")
                let stack = try #require(error.stack)
                #expect(stack.contains("explode") && stack.contains("index.js:"), "\(stack)")
            }
            _ = project
        }
    }

    @Test func rpcBetweenObjectsClonesUndefinedDatesAndMaps() async throws {
        try await withRuntime { runtime, _ in
            let (host, project) = try await load(runtime)
            #expect(try await call(host, "STORE", "a", "relay", ["b"]).result == [
                "nothingIsUndefined": true, "missingIsUndefined": true, "date": 5, "map": [["a", 1]], "kinds": [true, true],
            ])
            _ = project
        }
    }

    @Test func exportsReachTheWorkersEntrypointsThroughLoopbacks() async throws {
        try await withRuntime { runtime, _ in
            let (host, project) = try await load(runtime)
            let response = try await host.invokeWorker(.init(method: "GET", url: "/loop"))
            #expect(response.body == #"lookup /inner 0 | 42 | true | The RPC receiver does not implement the method "triple". | function"#)
            _ = project
        }
    }

    @Test func moduleStateIsOnePerContextAsInWorkerd() async throws {
        try await withRuntime { runtime, _ in
            let (host, project) = try await load(runtime)
            // The Worker's entry is one context: its module state counts every request, whichever thread.
            for expected in 1...6 {
                #expect(try await host.invokeWorker(.init(method: "GET", url: "/")).body == "\(expected)")
            }
            // Each object is its own context, with its own module state.
            _ = try await call(host, "STORE", "m1", "nothing")
            _ = try await call(host, "STORE", "m1", "nothing")
            _ = try await call(host, "STORE", "m2", "nothing")
            #expect(try await call(host, "STORE", "m1", "modules").result == 2)
            #expect(try await call(host, "STORE", "m2", "modules").result == 1)
            #expect(try await call(host, "STORE", "m1", "exportsSeen").result == ["keys": ["Store", "Legacy", "Lookup", "default"], "same": true])
            _ = project
        }
    }

    @Test func liveObjectsAreCappedLeastRecentlyUsedFirst() async throws {
        try await withRuntime { runtime, _ in
            let (host, project) = try await load(runtime, maxLiveObjects: 3)
            let namespace = try #require(runtime.namespace("STORE"))
            for i in 0..<3 { _ = try await call(host, "STORE", "o\(i)", "nothing") }
            _ = try await call(host, "STORE", "o0", "nothing")  // o1 is now the least recently used
            _ = try await call(host, "STORE", "o3", "nothing")
            #expect(await eventually { namespace.objectsInMemory == 3 })
            let live = Set(namespace.idsInMemory.map(\.hex))
            #expect(!live.contains(namespace.idFromName("o1").hex))
            #expect(live.contains(namespace.idFromName("o0").hex) && live.contains(namespace.idFromName("o3").hex))
            for i in 4..<10 { _ = try await call(host, "STORE", "o\(i)", "nothing") }
            #expect(await eventually { namespace.objectsInMemory <= 3 })
            _ = project
        }
    }
}

struct WorkerTransactionTests {
    static let source = """
        import { DurableObject } from "cloudflare:workers";
        export class Bank extends DurableObject {
          async commit() {
            const result = await this.ctx.storage.transaction(async (txn) => { await txn.put("a", 1); await txn.put("b", 2); return "done"; });
            return { result, a: await this.ctx.storage.get("a"), b: await this.ctx.storage.get("b") };
          }
          async throwing() {
            await this.ctx.storage.put("kept", true);
            let message = "";
            try {
              await this.ctx.storage.transaction(async (txn) => { await txn.put("c", 3); this.ctx.storage.sql.exec("CREATE TABLE t (x)"); throw new Error("undo"); });
            } catch (e) { message = e.message; }
            const tables = this.ctx.storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 't'").toArray().length;
            return { message, c: (await this.ctx.storage.get("c")) ?? null, kept: await this.ctx.storage.get("kept"), tables };
          }
          async explicitRollback() {
            let after = "";
            const result = await this.ctx.storage.transaction(async (txn) => {
              await txn.put("d", 4);
              txn.rollback();
              try { await txn.put("e", 5); } catch (e) { after = e.message; }
              return "rolled back";
            });
            return { result, after, d: (await this.ctx.storage.get("d")) ?? null };
          }
          async slow() {
            try {
              await this.ctx.storage.transaction(async (txn) => {
                await txn.put("s1", 1);
                await new Promise((resolve) => setTimeout(resolve, 1000));
                await txn.put("s2", 2);
                throw new Error("late failure");
              });
            } catch (e) { return e.message; }
          }
          async read() { return { s1: (await this.ctx.storage.get("s1")) ?? null, s2: (await this.ctx.storage.get("s2")) ?? null }; }
        }
        export default { fetch() { return new Response(""); } };
        """

    @Test func asyncTransactionsCommitOrRollBack() async throws {
        let project = try TemporaryProject([
            "wrangler.jsonc": TemporaryProject.config(name: "txn", bindings: [("BANK", "Bank")]),
            "index.js": Self.source,
        ])
        try await withRuntime { runtime, clock in
            let host = WorkerHost(runtime: runtime)
            _ = try await host.load(path: project.url.path, config: nil, main: nil, allowedRoots: nil)
            #expect(try await call(host, "BANK", "a", "commit").result == ["result": "done", "a": 1, "b": 2])
            #expect(try await call(host, "BANK", "a", "throwing").result == ["message": "undo", "c": nil, "kept": true, "tables": 0])
            #expect(try await call(host, "BANK", "a", "explicitRollback").result == [
                "result": "rolled back", "after": "Cannot put() on rolled back transaction", "d": nil,
            ])

            // Another event waits until the transaction ends, even while it awaits a timer, and sees none of it.
            let order = Locked<[String]>([])
            let slow = Task {
                let result = try await call(host, "BANK", "b", "slow").result
                order.withLock { $0.append("slow") }
                return result
            }
            try await Task.sleep(for: .milliseconds(100))
            let read = Task {
                let result = try await call(host, "BANK", "b", "read").result
                order.withLock { $0.append("read") }
                return result
            }
            try await Task.sleep(for: .milliseconds(100))
            #expect(order.withLock { $0 }.isEmpty)
            clock.advance(by: .seconds(1))
            #expect(try await slow.value == "late failure")
            #expect(try await read.value == ["s1": nil, "s2": nil])
        }
    }
}
