import DurableObjects
import JSONModel
import Testing
import TestSupport

/// Runs `body` inside one object (under its gate) and returns its result.
func inObject<R: Sendable>(
    _ runtime: DurableObjectsRuntime, binding: String = "KV", storage: StorageBackend = .sqlite, name: String = "obj",
    _ body: @escaping @Sendable (isolated ObjectContext) throws -> R
) async throws -> R {
    let ns = try runtime.namespace(binding)
        ?? runtime.register(binding: binding, ScriptedObject.objectClass("KV\(binding)", storage: storage) { _, _, _, _ in .null })
    return try await ns.inspectRun(ns.idFromName(name), body)
}

struct KVStorageTests {
    @Test func scenario42_keysOrderedByUTF8Bytes() async throws {
        try await withRuntime { rt, _ in
            let keys = try await inObject(rt) { ctx in
                for k in ["\u{10000}", "b", "\u{E000}", "a"] { try ctx.storage.put(k, 1) }
                return try ctx.storage.list().map(\.key)
            }
            #expect(keys == ["a", "b", "\u{E000}", "\u{10000}"])
        }
    }

    @Test func scenario43_canonicallyEquivalentKeysAreDistinct() async throws {
        try await withRuntime { rt, _ in
            let entries = try await inObject(rt) { ctx in
                try ctx.storage.put("\u{E9}", 1)
                try ctx.storage.put("e\u{301}", 2)
                return try ctx.storage.list()
            }
            #expect(entries.count == 2)
            #expect(entries.map { Array($0.key.utf8) } == [Array("e\u{301}".utf8), Array("\u{E9}".utf8)])
        }
    }

    @Test func scenario44_listOptions() async throws {
        try await withRuntime { rt, _ in
            let results = try await inObject(rt) { ctx -> [[String]] in
                for k in ["bar", "baz", "foo"] { try ctx.storage.put(k, .string(k)) }
                let s = ctx.storage
                return try [
                    s.list(ListOptions(start: "b", end: "c")), s.list(ListOptions(start: "b", end: "baz")),
                    s.list(ListOptions(start: "bar", end: "c")), s.list(ListOptions(startAfter: "bar", end: "c")),
                    s.list(ListOptions(prefix: "ba")), s.list(ListOptions(limit: 1)),
                    s.list(ListOptions(reverse: true, limit: 1)), s.list(ListOptions(reverse: true)),
                ].map { $0.map(\.key) }
            }
            #expect(results == [["bar", "baz"], ["bar"], ["bar", "baz"], ["baz"], ["bar", "baz"], ["bar"], ["foo"], ["foo", "baz", "bar"]])
        }
    }

    @Test func scenario45_46_listRejectsStartWithStartAfterAndNonPositiveLimits() async throws {
        try await withRuntime { rt, _ in
            let messages = try await inObject(rt) { ctx -> [String] in
                var out: [String] = []
                for o in [ListOptions(start: "a", startAfter: "b"), ListOptions(limit: 0), ListOptions(limit: -1)] {
                    do { _ = try ctx.storage.list(o) } catch let e as DurableObjectError { out.append(e.message) }
                }
                return out
            }
            #expect(messages == ["list() cannot be called with both start and startAfter values.", "List limit must be positive.", "List limit must be positive."])
        }
    }

    @Test func scenario47_emptyRangesGiveEmptyResults() async throws {
        try await withRuntime { rt, _ in
            let counts = try await inObject(rt) { ctx -> [Int] in
                for k in ["bar", "baz", "foo"] { try ctx.storage.put(k, 1) }
                return try [ctx.storage.list(ListOptions(start: "z", end: "a")).count, ctx.storage.list(ListOptions(start: "c", prefix: "ba")).count]
            }
            #expect(counts == [0, 0])
        }
    }

    @Test func scenario48_getManyOrdersByKeyAndOmitsMissing() async throws {
        try await withRuntime { rt, _ in
            let keys = try await inObject(rt) { ctx in
                try ctx.storage.put("a", 1)
                try ctx.storage.put("b", 2)
                return try ctx.storage.get(["b", "missing", "a"]).map(\.key)
            }
            #expect(keys == ["a", "b"])
        }
    }

    @Test func scenario49_undefinedValues() async throws {
        try await withRuntime { rt, _ in
            let (keys, message) = try await inObject(rt) { ctx -> ([String], String) in
                try ctx.storage.put([("a", 1), ("b", nil), ("c", 2)])
                var msg = ""
                do { try ctx.storage.put("x", nil) } catch let e as DurableObjectError { msg = e.message }
                return (try ctx.storage.list().map(\.key), msg)
            }
            #expect(keys == ["a", "c"])
            #expect(message == "put() called with undefined value.")
        }
    }

    @Test func scenario50_deleteReturnsExistenceAndCount() async throws {
        try await withRuntime { rt, _ in
            let r = try await inObject(rt) { ctx -> [Int] in
                for k in ["bar", "a", "c"] { try ctx.storage.put(k, 1) }
                return [try ctx.storage.delete("qux") ? 1 : 0, try ctx.storage.delete("bar") ? 1 : 0, try ctx.storage.delete(["a", "nope", "c"])]
            }
            #expect(r == [0, 1, 2])
        }
    }

    @Test func scenario51_kvEmulationLimits() async throws {
        try await withRuntime { rt, _ in
            let r = try await inObject(rt, binding: "EMU", storage: .kvEmulation) { ctx -> [String] in
                var out: [String] = []
                do { try ctx.storage.put(String(repeating: "k", count: 2049), 1) } catch let e as DurableObjectError { out.append(e.message) }
                do { try ctx.storage.put("v", .string(String(repeating: "x", count: 131_100))) } catch let e as DurableObjectError { out.append(e.message) }
                do { _ = try ctx.storage.get((0..<129).map { "k\($0)" }) } catch let e as DurableObjectError { out.append(e.message) }
                try ctx.storage.put("ok", .string(String(repeating: "x", count: 131_000)))
                return out
            }
            #expect(r.count == 3)
            #expect(r[0].hasPrefix("Keys cannot be larger than 2048 bytes."))
            #expect(r[1].hasPrefix("Values cannot be larger than 131072 bytes."))
            #expect(r[2].hasPrefix("Maximum number of key value pairs is 128."))
        }
    }

    @Test func scenario52_sqliteValuesAreLimitedTo2MB() async throws {
        try await withRuntime { rt, _ in
            let r = try await inObject(rt) { ctx -> [Bool] in
                var out: [Bool] = []
                try ctx.storage.put("small", .string(String(repeating: "x", count: 1_900_000)))
                out.append(true)
                do {
                    try ctx.storage.put("k", .string(String(repeating: "x", count: 3 * 1_048_576)))
                    out.append(true)
                } catch let e as DurableObjectError {
                    out.append(e.code != .limitExceeded)
                }
                return out
            }
            #expect(r == [true, false])
        }
    }

    @Test func scenario53_deleteAllRemovesKVTablesAndAlarm() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "KV", ScriptedObject.objectClass("KVKV") { m, _, ctx, _ in
                switch m {
                case "fill":
                    for i in 0..<50 { try ctx.storage.put("k\(i)", .string(String(repeating: "x", count: 500))) }
                    try ctx.storage.sql.exec("CREATE TABLE t(a)")
                    for i in 0..<50 { try ctx.storage.sql.exec("INSERT INTO t VALUES (?)", .integer(Int64(i))) }
                    try ctx.setAlarm(ctx.clock.nowMilliseconds + 60_000)
                    return .number(Double(try ctx.storage.databaseSize))
                case "deleteAll":
                    let n = try ctx.storage.deleteAll()
                    return .number(Double(n))
                default:
                    let tables = try ctx.storage.sql.exec("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").one()
                    return [.number(Double(try ctx.storage.list().count)), tables["n"]!.json, .number(Double(try ctx.storage.databaseSize)), (try ctx.getAlarm()).map { .number(Double($0)) } ?? .null]
                }
            })
            let stub = ns.getByName("x")
            let before = try await stub.call("fill").number!
            #expect(try await stub.call("deleteAll") == 50)
            let after = try await stub.call("state")
            #expect(after.arrayValue![0] == 0)
            #expect(after.arrayValue![1] == 0)
            #expect(after.arrayValue![2].number! < before)
            #expect(after.arrayValue![3] == .null)
        }
    }

    @Test func valuesRoundTripAsJSON() async throws {
        try await withRuntime { rt, _ in
            let v: JSON = ["a": [1, 2.5, "x\n\"y\"", nil, true], "b": ["nested": "é"]]
            let back = try await inObject(rt) { ctx in
                try ctx.storage.put("v", v)
                return try ctx.storage.get("v")
            }
            #expect(back == v)
        }
    }

    /// KV values are stored as JSON text with the members in their order, so a read (which parses that text)
    /// gives them back in the order written, at every depth.
    @Test func objectMembersComeBackInTheOrderWritten() async throws {
        try await withRuntime { rt, _ in
            let v = try JSONReader.read(#"{"zeta":1,"alpha":{"y":true,"b":null,"x":[{"q":1,"p":2}]},"mid":"m"}"#)
            let back = try await inObject(rt) { ctx in
                try ctx.storage.put("v", v)
                try ctx.storage.put([("w", ["second": 2, "first": 1])])
                return JSON.array([try ctx.storage.get("v") ?? .null, try ctx.storage.list().first { $0.key == "w" }?.value ?? .null])
            }
            #expect(back.arrayValue?[0].textAsWritten == v.textAsWritten)
            #expect(back.arrayValue?[0]["alpha"]?.objectValue?.keys == ["y", "b", "x"])
            #expect(back.arrayValue?[1].objectValue?.keys == ["second", "first"])
        }
    }

    @Test func readsOfAnObjectThatNeverWroteCreateNoFile() async throws {
        try await withRuntime { rt, _ in
            let r = try await inObject(rt) { ctx in try ctx.storage.get("nothing") }
            #expect(r == nil)
            #expect(rt.namespace("KV")!.storedObjectIds().isEmpty)
        }
    }
}
