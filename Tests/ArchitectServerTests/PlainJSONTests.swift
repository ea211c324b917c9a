@testable import ArchitectServer
import Foundation
import MCP
import Testing
import TestSupport

struct PlainJSONTests {
    @Test func readsEverySchemaExactlyAsFoundationDoes() throws {
        let folder = TestPaths.packageRoot.appendingPathComponent("Schemas")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(names.count >= 20)
        for name in names {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            #expect(try PlainJSON.decode(data) == JSONDecoder().decode(Value.self, from: data), "\(name)")
        }
    }

    @Test(arguments: [
        #"{"a":[1,-2.5,1e3,true,false,null,"x\"\\\/\n\u00e9\ud83d\ude00"]}"#,
        #"  [ ]  "#, #"{}"#, #""\t""#,
    ])
    func readsStandardJSON(text: String) throws {
        let data = Data(text.utf8)
        #expect(try PlainJSON.decode(data) == JSONDecoder().decode(Value.self, from: data))
    }

    @Test(arguments: ["{", "[1,]", "{\"a\" 1}", "tru", "\"unterminated", "[1] 2", "{\"a\":\"\\q\"}"])
    func refusesMalformedJSON(text: String) {
        #expect(throws: PlainJSON.SyntaxError.self) { try PlainJSON.decode(Data(text.utf8)) }
    }
}
