import DurableObjects
import Testing
import TestSupport

struct IdentityTests {
    @Test func scenario88_idFromNameMatchesTheTestVectors() {
        let key = NamespaceKey(uniqueKey: "worker-Counter")
        #expect(key.idFromName("foo").hex == "81e16c61d19fabe0c6fef55c7f225c891140a054e78924bae96195b75148a3e1")
        #expect(key.idFromName("").hex == "69eaf86a1b914c34faab325d461b7b0f9b81e2e4041dc35443e2061762319fb4")
        #expect(
            NamespaceKey(uniqueKey: "-Counter").idFromName("/").hex
                == "84544b3b121a489df5b3b4b725a9f5e9220bb027d683596bd3a346392cca2c31")
        #expect(key.idFromName("foo") == key.idFromName("foo"))
        #expect(NamespaceKey(uniqueKey: "worker-Other").idFromName("foo") != key.idFromName("foo"))
    }

    @Test func scenario89_idFromStringValidates() throws {
        let key = NamespaceKey(uniqueKey: "worker-Counter")
        let valid = key.idFromName("foo").hex
        #expect(throws: DurableObjectError.self) { try key.idFromString("abc") }
        do {
            _ = try key.idFromString(String(repeating: "z", count: 64))
            Issue.record("accepted non-hex")
        } catch let e as DurableObjectError {
            #expect(e.message == "Invalid Durable Object ID: must be 64 hex digits")
            #expect(e.errorClass == "TypeError")
        }
        var corrupted = Array(valid)
        corrupted[63] = corrupted[63] == "0" ? "1" : "0"
        do {
            _ = try key.idFromString(String(corrupted))
            Issue.record("accepted corrupted id")
        } catch let e as DurableObjectError {
            #expect(e.message == "Durable Object ID is not valid for this namespace.")
        }
        let upper = try key.idFromString(valid.uppercased())
        #expect(upper.hex == valid)
        #expect(upper == key.idFromName("foo"))
        #expect(upper.name == nil)
    }

    @Test func scenario90_newUniqueIdsAreDistinctAndValid() throws {
        let key = NamespaceKey(uniqueKey: "do-architect-Counter")
        var seen = Set<String>()
        for _ in 0..<1000 {
            let id = key.newUniqueId()
            #expect(id.name == nil)
            #expect(try key.idFromString(id.hex) == id)
            seen.insert(id.hex)
        }
        #expect(seen.count == 1000)
        #expect(key.idFromName("n").name == "n")
        #expect(key.newUniqueId(jurisdiction: "eu").jurisdiction == "eu")
    }

    @Test func namespaceUsesWorkerAndClassNameAndRejectsForeignIds() async throws {
        try await withRuntime { runtime, _ in
            let counters = try runtime.register(binding: "COUNTER", ScriptedObject.objectClass("Counter") { _, _, _, _ in .null })
            let other = try runtime.register(binding: "OTHER", ScriptedObject.objectClass("Other") { _, _, _, _ in .null })
            #expect(counters.key.uniqueKey == "do-architect-Counter")
            #expect(counters.getByName("n").name == "n")
            #expect(throws: DurableObjectError.self) { try counters.get(other.idFromName("x")) }
            #expect(throws: DurableObjectError.self) { try counters.idFromString(other.idFromName("x").hex) }
        }
    }

    @Test func objectIsCreatedOnFirstCallNotWhenTheStubIsMade() async throws {
        try await withRuntime { runtime, _ in
            let ns = try runtime.register(binding: "T", ScriptedObject.objectClass { _, _, ctx, _ in
                try ctx.storage.put("k", 1)
                return .null
            })
            let stub = ns.getByName("a")
            #expect(ns.objectsInMemory == 0)
            #expect(ns.storedObjectIds().isEmpty)
            _ = try await stub.call("x")
            #expect(ns.objectsInMemory == 1)
            #expect(ns.storedObjectIds() == [stub.id.hex])
        }
    }
}
