import ArchitectServer
import Logging
import JSONModel
import Testing

struct SchemaCatalogTests {
    let server = try! ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "test"))

    static func keywords(of schema: JSON, into found: inout Set<String>) {
        guard case .object(let members) = schema else { return }
        for (key, value) in members {
            found.insert(key)
            switch key {
            case "properties":
                for property in value.objectValue?.values.map({ $0 }) ?? [] { keywords(of: property, into: &found) }
            case "items", "additionalProperties":
                keywords(of: value, into: &found)
            default:
                break
            }
        }
    }

    @Test func everySchemaUsesOnlySupportedKeywords() throws {
        let supported = JSONSchemaValidator.assertionKeywords.union(JSONSchemaValidator.annotationKeywords)
        for (name, schemas) in try SchemaCatalog.bundled().tools {
            for schema in [schemas.input, schemas.output] {
                var used: Set<String> = []
                Self.keywords(of: schema, into: &used)
                #expect(used.subtracting(supported).isEmpty, "\(name) uses \(used.subtracting(supported).sorted())")
            }
        }
    }

    @Test func inputSchemasAreFlatObjectsWithoutCombinators() throws {
        for (name, schemas) in try SchemaCatalog.bundled().tools {
            let root = try #require(schemas.input.objectValue)
            #expect(root["type"] == .string("object"), "\(name) input root must be an object")
            for combinator in ["oneOf", "anyOf", "allOf", "not", "if"] {
                #expect(root[combinator] == nil, "\(name) input uses \(combinator) at the top level")
            }
            #expect(root["additionalProperties"] == .bool(false), "\(name) input must refuse unknown arguments")
            #expect(schemas.output.objectValue?["type"] == .string("object"), "\(name) output root must be an object")
        }
    }

    @Test func everyListedToolIsCompleteAndNamedForEveryClient() throws {
        let catalog = try SchemaCatalog.bundled()
        #expect(Set(server.tools.map(\.name)) == Set(catalog.tools.keys), "every schema pair belongs to a tool and back")
        for tool in server.tools {
            #expect(tool.name.range(of: "^[A-Za-z0-9_-]{1,64}$", options: .regularExpression) != nil, "\(tool.name)")
            #expect(!tool.title.isEmpty)
            #expect(tool.description.count > 80, "\(tool.name) needs a description written for the model")
            #expect(tool.annotations.readOnlyHint != nil)
        }
        for entry in server.toolList {
            #expect(entry["outputSchema"]?.objectValue != nil, "\(entry)")
            #expect(entry["inputSchema"]?["type"] == "object", "\(entry)")
        }
    }

    @Test func defaultsAreFilledInAtEveryDepth() throws {
        let catalog = try SchemaCatalog.bundled()
        let load = try #require(catalog.tools["loadWorker"])
        let mocks = load.withDefaults(["fetchMocks": [["url": "https://a.test/"], ["url": "https://b.test/", "status": 404]]])
        #expect(mocks["fetchMocks"] == [
            ["url": "https://a.test/", "status": 200, "body": "", "latencyMs": 0],
            ["url": "https://b.test/", "status": 404, "body": "", "latencyMs": 0],
        ])
        let workload = try #require(catalog.tools["runWorkload"])
        let filled = workload.withDefaults(["requests": 3, "request": ["url": "https://a.test/"]])
        #expect(filled["request"] == ["url": "https://a.test/", "method": "GET"])
        #expect(filled["concurrency"] == 16)
        #expect(filled["call"] == nil, "an object left out stays out")
    }

    @Test func dottedNameIsAcceptedAsAliasButNotListed() {
        #expect(server.callableNames["docs.search"] == "searchDocs")
        #expect(!server.toolList.contains { $0["name"] == "docs.search" })
    }
}

import Foundation
