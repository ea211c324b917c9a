import ArchitectServer
import Foundation
import JSONModel
import Logging
import Testing
import TestSupport

/// Every tool's result has exactly the keys of its output schema: each property the schema marks `required` is
/// there, and nothing the schema does not declare appears, at every depth (an object schema without `properties`,
/// or with `additionalProperties` as a schema, is a map and takes any key).
@Suite(.serialized)
struct OutputKeysTests {
    /// Where `value` breaks the rule, as `path: what`.
    static func keyProblems(_ value: JSON, _ schema: JSON, _ path: String = "$") -> [String] {
        var problems: [String] = []
        switch value {
        case .object(let members):
            let declared = schema["properties"]?.objectValue
            let map = schema["additionalProperties"]?.objectValue
            if let declared {
                for key in members.keys.sorted() where declared[key] == nil && map == nil {
                    problems.append("\(path).\(key): not declared by the schema")
                }
                for key in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[key] == nil {
                    problems.append("\(path).\(key): required but missing")
                }
            }
            for (key, member) in members {
                if let property = declared?[key] {
                    problems += keyProblems(member, property, "\(path).\(key)")
                } else if let map {
                    problems += keyProblems(member, .object(map), "\(path).\(key)")
                }
            }
        case .array(let items):
            if let itemSchema = schema["items"] {
                for (position, item) in items.enumerated() { problems += keyProblems(item, itemSchema, "\(path)[\(position)]") }
            }
        default:
            break
        }
        return problems
    }

    @Test func theCheckCatchesAnUndeclaredAndAMissingKey() {
        let schema: JSON = ["type": "object", "properties": ["a": ["type": "integer"], "b": ["type": "object", "properties": ["c": [:]], "required": ["c"]]], "required": ["a"]]
        #expect(Self.keyProblems(["a": 1, "b": ["c": 1]], schema).isEmpty)
        #expect(Self.keyProblems(["b": ["d": 1]], schema) == ["$.a: required but missing", "$.b.d: not declared by the schema", "$.b.c: required but missing"])
    }

    @Test func everyToolResultHasExactlyTheKeysOfItsOutputSchema() async throws {
        let directory = try DataDirectory.acquire(TestPaths.temporaryFolder("output-keys"))
        let server = try ArchitectServer.bundled(dataDirectory: directory, logger: Logger(label: "test"))
        // The golden calls, then listNamespaces again with the Worker loaded (its classes are listed too).
        let calls = GoldenResultTests.calls + [("listNamespaces", [:] as JSON)]
        #expect(Set(calls.map { GoldenResultTests.tool($0.0) }) == Set(server.tools.map(\.name)))
        for (call, arguments) in calls {
            let name = GoldenResultTests.tool(call)
            let result = try await server.callTool(name, arguments: arguments.objectValue ?? [:], context: GoldenResultTests.context)
            #expect(!result.isError, "\(name): \(result.text)")
            let value = try #require(result.structuredContent)
            let schema = try #require(server.schemas.tools[name]).output
            let problems = Self.keyProblems(value, schema)
            #expect(problems.isEmpty, "\(name): \(problems)")
        }
    }
}
