import Foundation
import JSONModel
import Testing

/// `JSONValueEncoder` and `JSONValueDecoder`: typed values to ``JSON`` and back, with Foundation's choices.
struct JSONValueCodingTests {
    struct Inner: Codable, Equatable {
        var name: String
        var size: Int64
        var ratio: Float
    }

    enum Kind: String, Codable { case builtin, worker }

    struct Outer: Codable, Equatable {
        var id: String
        var count: Int
        var score: Double
        var flag: Bool
        var note: String?
        var kind: Kind
        var inner: Inner
        var items: [Inner]
        var byName: [String: Int]
        var extra: JSON
        var url: URL
    }

    static let sample = Outer(
        id: "a/b", count: 3, score: 0.125, flag: true, note: nil, kind: .worker, inner: .init(name: "x", size: 1 << 40, ratio: 0.1),
        items: [.init(name: "y", size: -2, ratio: 2)], byName: ["p": 1, "q": 2], extra: ["free": [1, "two", nil]],
        url: URL(string: "https://example.com/a?b=c")!)

    @Test func encodesStraightToJSONWithNilsLeftOut() throws {
        let value = try JSONValueEncoder().encode(Self.sample)
        #expect(value["note"] == nil)
        #expect(value["kind"] == "worker")
        #expect(value["inner"]?["size"] == .int(1 << 40))
        #expect(value["inner"]?["ratio"] == .double(0.1))
        #expect(value["items"]?.arrayValue?.first?["ratio"] == .int(2))
        #expect(value["byName"] == ["p": 1, "q": 2])
        #expect(value["extra"] == ["free": [1, "two", nil]])
        #expect(value["url"] == "https://example.com/a?b=c")
    }

    @Test func writesTheSameBytesAsFoundationThenJSONWriter() throws {
        let ours = try JSONValueEncoder().encodeText(Self.sample)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let theirs = String(decoding: JSONWriter.encode(try JSONReader.read(encoder.encode(Self.sample))), as: UTF8.self)
        #expect(ours == theirs)
    }

    @Test func decodesWhatItEncoded() throws {
        let value = try JSONValueEncoder().encode(Self.sample)
        #expect(try JSONValueDecoder().decode(Outer.self, from: value) == Self.sample)
    }

    @Test func integersAcceptIntegralDoublesOnly() throws {
        #expect(try JSONValueDecoder().decode(Int.self, from: .double(5)) == 5)
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Int.self, from: .double(5.5)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(UInt8.self, from: .int(300)) }
        #expect(try JSONValueDecoder().decode(Double.self, from: .int(2)) == 2)
    }

    @Test func aMissingKeyNamesItsPath() throws {
        struct Wants: Decodable { var inner: Inner }
        do {
            _ = try JSONValueDecoder().decode(Wants.self, from: ["inner": ["name": "x", "size": 1]])
            Issue.record("expected an error")
        } catch DecodingError.keyNotFound(let key, let context) {
            #expect(key.stringValue == "ratio")
            #expect(context.codingPath.map(\.stringValue) == ["inner"])
        }
    }

    @Test func nonFiniteNumbersAreRefused() {
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(["x": Double.nan]) }
    }

    @Test func optionalMembersReadNullAsNil() throws {
        struct Maybe: Decodable { var note: String? }
        #expect(try JSONValueDecoder().decode(Maybe.self, from: ["note": nil]).note == nil)
        #expect(try JSONValueDecoder().decode(Maybe.self, from: [:]).note == nil)
    }
}
