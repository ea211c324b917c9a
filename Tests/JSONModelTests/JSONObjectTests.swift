import JSONModel
import Testing

struct JSONObjectTests {
    func asWritten(_ value: JSON) -> String { JSONWriter.text(value, keyOrder: .asWritten) }

    @Test func theReaderKeepsMembersInTheOrderWritten() throws {
        let text = #"{"zeta":1,"alpha":{"y":true,"b":null,"x":[{"q":1,"p":2}]},"mid":"m"}"#
        let value = try JSONReader.read(text)
        #expect(value.objectValue?.keys == ["zeta", "alpha", "mid"])
        #expect(asWritten(value) == text)
        // The default stays sorted, byte-stable for MCP results and golden files.
        #expect(JSONWriter.text(value) == #"{"alpha":{"b":null,"x":[{"p":2,"q":1}],"y":true},"mid":"m","zeta":1}"#)
        #expect(value.textAsWritten == text)
        #expect(String(decoding: value.bytesAsWritten, as: UTF8.self) == text)
    }

    @Test func aDuplicateKeyKeepsItsLastValueAtItsFirstPlace() throws {
        let value = try JSONReader.read(#"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
        #expect(asWritten(value) == #"{"a":3,"b":2}"#)
        let literal: JSONObject = ["a": 1, "b": 2, "a": 3]
        #expect(literal.keys == ["a", "b"] && literal["a"] == 3)
    }

    @Test func equalityAndHashIgnoreTheOrder() {
        let forward: JSON = ["a": 1, "b": ["c": "x", "d": [1, 2]]]
        let backward: JSON = ["b": ["d": [1, 2], "c": "x"], "a": 1]
        #expect(forward == backward)
        #expect(forward.hashValue == backward.hashValue)
        #expect(Set([forward, backward]).count == 1)
        #expect(forward != ["a": 1, "b": ["c": "x"]])
        #expect(forward != ["a": 2, "b": ["c": "x", "d": [1, 2]]])
        // Arrays keep their order in equality.
        #expect(JSON.array([1, 2]) != JSON.array([2, 1]))
    }

    @Test func settingAKeyKeepsItsPlaceAndNilRemovesIt() {
        var object: JSONObject = ["first": 1, "second": 2, "third": 3]
        object["second"] = "two"
        #expect(object.keys == ["first", "second", "third"])
        object["first"] = nil
        #expect(object.keys == ["second", "third"])
        object["fourth"] = 4
        #expect(object.keys == ["second", "third", "fourth"])
        #expect(object.removeValue(forKey: "third") == 3)
        #expect(object.removeValue(forKey: "absent") == nil)
        #expect(Array(object.values) == ["two", 4])
        #expect(object.mapValues { _ in .null }.keys == ["second", "fourth"])
        #expect(object.filter { $0.key != "second" }.keys == ["fourth"])
    }

    @Test func aDictionaryBecomesAnObjectWithKeysSorted() {
        let object = JSONObject(["b": 2, "c": 3, "a": 1])
        #expect(object.keys == ["a", "b", "c"])
        var merged = object
        merged.merge(["d": 4, "a": 10]) { _, new in new }
        #expect(merged.keys == ["a", "b", "c", "d"])
        #expect(merged["a"] == 10)
    }

    /// Beyond the scan threshold lookups go through an index, which must follow inserts and removals.
    @Test func aLargeObjectFindsEveryMemberThroughInsertsAndRemovals() {
        var object = JSONObject()
        let keys = (0..<100).map { "key-\(99 - $0)" }
        for (position, key) in keys.enumerated() { object[key] = .int(position) }
        #expect(object.keys == keys)
        for (position, key) in keys.enumerated() { #expect(object[key] == .int(position)) }
        for key in keys where key.hasSuffix("7") { object[key] = nil }
        #expect(object.count == 90)
        #expect(object["key-17"] == nil)
        #expect(object["key-18"] == .int(81))
        object["key-17"] = "back"
        #expect(object.keys.last == "key-17")
        #expect(object["key-17"] == "back")
        // Equality between a large object and its members reversed.
        let reversed = JSONObject(uniqueKeysWithValues: object.reversed().map { ($0.key, $0.value) })
        #expect(reversed == object)
        #expect(reversed.hashValue == object.hashValue)
    }

    /// Storage keys and values are bytes: "é" precomposed and "e" + combining acute are different, as in
    /// JavaScript, though Swift's `String` calls them equal.
    @Test func stringsAndKeysCompareByTheirUTF8Bytes() {
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        #expect(composed == decomposed)  // Swift's canonical equivalence
        #expect(JSON.string(composed) != JSON.string(decomposed))
        #expect(JSON.string(composed) == JSON.string("caf\u{E9}"))
        var object: JSONObject = [composed: 1]
        #expect(object[decomposed] == nil)
        object[decomposed] = 2
        #expect(object.count == 2)
        #expect(JSON.object([composed: 1]) != JSON.object([decomposed: 1]))
    }

    @Test func numbersCompareByValue() {
        #expect(JSON.int(5) == JSON.double(5))
        #expect(JSON.int(5).hashValue == JSON.double(5).hashValue)
        #expect(JSON.int(5) != JSON.double(5.5))
        #expect(JSON.double(0) == JSON.double(-0.0))
        #expect(JSON.int(1) != JSON.bool(true))
    }

    @Test func integralDoublesUpTo2To53AreWrittenWithoutAFraction() {
        #expect(JSONWriter.text(.double(9_007_199_254_740_992)) == "9007199254740992")
        #expect(JSONWriter.text(.double(-9_007_199_254_740_992)) == "-9007199254740992")
        #expect(JSONWriter.text(.double(18_014_398_509_481_984)) == "1.8014398509481984e+16")
        #expect(JSONWriter.text(.double(-0.0)) == "0")
        #expect(JSONWriter.text(.double(.nan)) == "null")
        #expect(JSONWriter.text(.double(-.infinity)) == "null")
    }

    @Test func droppingNullMembersLeavesOutNullMembersAtAnyDepth() {
        let value: JSON = ["a": nil, "b": ["c": nil, "d": 1], "e": [nil, ["f": nil]]]
        #expect(value.droppingNullMembers == ["b": ["d": 1], "e": [nil, [:]]])
        #expect(value.droppingNullMembers.objectValue?.keys == ["b", "e"])
    }

    @Test func codableKeepsTheOrder() throws {
        let value = try JSONReader.read(#"{"z":1,"a":2}"#)
        #expect(try JSON.encoding(value).objectValue?.keys == ["z", "a"])
        #expect(try value.decode(JSONObject.self).keys == ["z", "a"])
    }
}
