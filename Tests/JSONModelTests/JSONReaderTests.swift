import Foundation
import JSONModel
import Testing

struct JSONReaderTests {
    @Test func readsEveryKindOfValue() throws {
        let value = try JSONReader.read(#" {"a":[1,-2.5,1e3,5.0,true,false,null,"x\"\\\/\n\u00e9\ud83d\ude00"],"b":{}} "#)
        #expect(value == [
            "a": [1, -2.5, 1000, 5, true, false, nil, "x\"\\/\n\u{e9}\u{1F600}"],
            "b": [:],
        ])
    }

    @Test func integralNumbersReadAsIntegersAndOthersAsDoubles() throws {
        #expect(try JSONReader.read("42") == .int(42))
        #expect(try JSONReader.read("-0") == .int(0))
        #expect(try JSONReader.read("1e2") == .int(100))
        #expect(try JSONReader.read("0.5") == .double(0.5))
        #expect(try JSONReader.read("123456789012345678901") == .double(1.2345678901234568e20))
    }

    @Test func aLoneSurrogateBecomesTheReplacementCharacter() throws {
        #expect(try JSONReader.read(#""\ud800x""#) == .string("\u{FFFD}x"))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "tru", "\"unterminated", "[1] 2", "{\"a\":\"\\q\"}", "01", "1.", "-", "+1",
        "NaN", "\"a\u{01}b\"", "{'a':1}", "1e999",
    ])
    func refusesWhatIsNotJSON(text: String) {
        #expect(throws: JSONReader.SyntaxError.self) { try JSONReader.read(text) }
    }

    @Test func reportsTheOffsetOfTheFirstError() {
        #expect(throws: JSONReader.SyntaxError(offset: 6, reason: "expected ',' or ']'")) { try JSONReader.read("[1, 2 3]") }
    }

    @Test func refusesNestingDeeperThanTheLimit() throws {
        let deep = String(repeating: "[", count: JSONReader.maximumDepth + 1) + String(repeating: "]", count: JSONReader.maximumDepth + 1)
        #expect(throws: JSONReader.SyntaxError.self) { try JSONReader.read(deep) }
        let ok = String(repeating: "[", count: JSONReader.maximumDepth) + String(repeating: "]", count: JSONReader.maximumDepth)
        #expect(try JSONReader.read(ok).arrayValue != nil)
    }

    @Test func agreesWithFoundationOnEverySchemaFile() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Schemas").standardized
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(names.count >= 20)
        for name in names {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            #expect(try JSONReader.read(data) == JSONDecoder().decode(JSON.self, from: data), "\(name)")
        }
    }
}
