@testable import Advisor
import ArchitectServer
import Foundation
import JSONModel
import Testing
import TestSupport

struct RecommendationSchemaTests {
    static func schema(_ name: String) throws -> JSON {
        let url = TestPaths.packageRoot.appendingPathComponent("Schemas/\(name)")
        return try JSONReader.read(Data(contentsOf: url))
    }

    @Test(arguments: Scenario.all)
    func everyRecommendationMatchesTheOutputSchema(_ scenario: Scenario) throws {
        var result = scenario.recommendation()
        result.verification = Recommendation.Verification(status: "unavailable", note: "not run in this test")
        let value = try JSONReader.read(JSONEncoder().encode(result))
        let violations = JSONSchemaValidator(schema: try Self.schema("recommendArchitecture.output.json")).violations(of: value)
        #expect(violations.isEmpty, "\(scenario.id): \(violations.prefix(5).map(\.description))")
    }

    @Test func optionalFieldsAreOmittedNeverNull() throws {
        let result = ArchitectureAdvisor().recommend(description: "Feature flags read on every request, rarely change")
        let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        #expect(!json.contains("null"))
        #expect(!json.contains("\"skeleton\""))
        #expect(!json.contains("\"verification\""))
    }

    @Test func scenarioInputsMatchTheInputSchema() throws {
        let validator = JSONSchemaValidator(schema: try Self.schema("recommendArchitecture.input.json"))
        for scenario in Scenario.all {
            var arguments: JSONObject = ["description": .string(scenario.description), "verify": .bool(false)]
            if let requirements = scenario.requirements {
                arguments["requirements"] = try JSONReader.read(JSONEncoder().encode(requirements))
            }
            #expect(validator.violations(of: .object(arguments)).isEmpty, "\(scenario.id)")
        }
        #expect(!validator.violations(of: .object(["description": .string("x"), "extra": .bool(true)])).isEmpty)
    }

    @Test func schemasUseOnlyTheAllowedKeywordsAndCloseEveryObject() throws {
        let allowed: Set<String> = [
            "type", "properties", "required", "additionalProperties", "enum", "minimum", "maximum", "minLength",
            "maxLength", "items", "minItems", "maxItems", "description", "title", "default", "$schema",
        ]
        func walk(_ schema: JSON, _ path: String) {
            guard case .object(let members) = schema else { return }
            #expect(Set(members.keys).isSubset(of: allowed), "\(path) uses \(Set(members.keys).subtracting(allowed).sorted())")
            if members["type"] == .string("object") {
                #expect(members["additionalProperties"] == .bool(false), "\(path) must close additionalProperties")
            }
            for (name, property) in members["properties"]?.objectValue ?? [:] { walk(property, "\(path).\(name)") }
            if let items = members["items"] { walk(items, "\(path)[]") }
        }
        walk(try Self.schema("recommendArchitecture.input.json"), "input")
        walk(try Self.schema("recommendArchitecture.output.json"), "output")
    }

    @Test func requirementsDecodeFromTheInputShape() throws {
        let json = #"{"entities": 5000, "consistency": "strong", "jurisdiction": "eu", "scheduledWork": true}"#
        let requirements = try JSONDecoder().decode(Requirements.self, from: Data(json.utf8))
        #expect(requirements == Requirements(entities: 5_000, consistency: .strong, scheduledWork: true, jurisdiction: .eu))
    }
}
