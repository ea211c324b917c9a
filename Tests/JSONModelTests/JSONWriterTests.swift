import Foundation
import JSONModel
import Testing

struct JSONWriterTests {
    func text(_ value: JSON) -> String { String(decoding: JSONWriter.encode(value), as: UTF8.self) }

    @Test func writesCompactTextWithSortedKeys() {
        #expect(text(["b": [1, 2.5, true, nil], "a": "x/y", "c": [:]]) == #"{"a":"x/y","b":[1,2.5,true,null],"c":{}}"#)
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() {
        #expect(text("a\"b\\c\n\t\u{01}é😀") == #""a\"b\\c\n\t\u0001é😀""#)
    }

    @Test func integralDoublesHaveNoFractionAndNonFiniteOnesAreNull() {
        #expect(text(.double(5)) == "5")
        #expect(text(.double(0.1)) == "0.1")
        #expect(text(.double(.infinity)) == "null")
    }

    @Test func stringBytesAreEscapedLikeAString() {
        var writer = JSONWriter()
        writer.write(stringBytes: Array(#"{"a":"\n"}"#.utf8))
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #""{\"a\":\"\\n\"}""#)
    }

    @Test(arguments: [
        #"{"a":[1,-2.5,1000,true,false,null,"x\"\\/\n\u00e9"],"b":{"c":"\ud83d\ude00"}}"#, #"[]"#, #""""#, "-7",
    ])
    func whatItWritesReadsBackTheSame(text: String) throws {
        let value = try JSONReader.read(text)
        #expect(try JSONReader.read(JSONWriter.encode(value)) == value)
        let foundation = try JSONSerialization.jsonObject(with: Data(JSONWriter.encode(value)), options: [.fragmentsAllowed])
        #expect(foundation is NSObject)
    }

    @Test func encodableValuesBecomeJSON() throws {
        struct Point: Codable, Equatable { var x: Int; var label: String?; var ratio: Double }
        let value = try JSON.encoding(Point(x: 3, label: nil, ratio: 0.5))
        #expect(value == ["x": 3, "ratio": 0.5])
        #expect(try value.decode(Point.self) == Point(x: 3, label: nil, ratio: 0.5))
    }
}
