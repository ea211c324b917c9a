@testable import Advisor
import Foundation
import Testing
import TestSupport

/// One use case of `Fixtures/scenarios.json` with the design it must get.
struct Scenario: Decodable, Sendable, CustomTestStringConvertible {
    struct Expectation: Decodable, Sendable {
        var primitive: String
        var per: String
        var nameSchemePrefix: String?
        var minShards: Int?
        var combinationIncludes: [String]?
    }

    var id: String
    var description: String
    var requirements: Requirements?
    var expect: Expectation

    var testDescription: String { id }

    static let all: [Scenario] = {
        struct File: Decodable { var scenarios: [Scenario] }
        let data = try! Fixtures.data("AdvisorTests", "scenarios.json")
        return try! JSONDecoder().decode(File.self, from: data).scenarios
    }()

    func recommendation() -> Recommendation {
        ArchitectureAdvisor().recommend(description: description, requirements: requirements ?? Requirements())
    }
}

struct ScenarioTests {
    @Test func theScenarioSetIsLargeAndCoversEveryPrimitive() {
        #expect(Scenario.all.count >= 25)
        let primitives = Set(Scenario.all.map(\.expect.primitive))
        #expect(primitives == Set(Primitive.allCases.map(\.rawValue)))
        #expect(Set(Scenario.all.map(\.id)).count == Scenario.all.count)
    }

    @Test(arguments: Scenario.all)
    func scenarioGetsTheExpectedDesign(_ scenario: Scenario) {
        let result = scenario.recommendation()
        #expect(result.primitive.rawValue == scenario.expect.primitive, "\(scenario.id): got \(result.pattern)")
        #expect(result.granularity.per == scenario.expect.per, "\(scenario.id)")
        if let prefix = scenario.expect.nameSchemePrefix {
            #expect(result.granularity.nameScheme?.hasPrefix(prefix) == true, "\(scenario.id): \(result.granularity.nameScheme ?? "none")")
        }
        if let minimum = scenario.expect.minShards {
            #expect((result.shards?.perEntity ?? 0) >= minimum, "\(scenario.id): \(result.shards?.perEntity ?? 0) shards")
        }
        for primitive in scenario.expect.combinationIncludes ?? [] {
            #expect(result.combination.contains { $0.primitive.rawValue == primitive }, "\(scenario.id) lacks \(primitive)")
        }
    }

    @Test(arguments: Scenario.all)
    func everyRecommendationIsComplete(_ scenario: Scenario) {
        let result = scenario.recommendation()
        #expect(!result.reasons.isEmpty)
        #expect(!result.rejected.isEmpty)
        #expect(!result.docs.isEmpty)
        #expect(!result.assumptions.isEmpty)
        #expect(result.reasons.allSatisfy { !$0.docs.isEmpty })
        if result.primitive == .durableObjects {
            #expect(result.skeleton != nil)
            #expect(result.shards != nil)
            #expect(result.idStrategy?.method == "getByName")
            #expect(result.storage?.backend == "sqlite")
            #expect((result.monthlyCost?.totalUSD ?? 0) >= 5)
            #expect(result.limits.contains { $0.limit.hasPrefix("Storage per object") })
            #expect(result.limits.contains { $0.limit.hasPrefix("Requests per object") })
        } else {
            #expect(result.skeleton == nil)
            #expect(result.monthlyCost == nil)
            #expect(result.costNote.contains("does not list"))
        }
    }

    @Test func everyCitedDocExistsInTheKnowledgeBase() throws {
        let folder = TestPaths.packageRoot.appendingPathComponent("Knowledge")
        let ids = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) })
        for scenario in Scenario.all {
            let missing = Set(scenario.recommendation().docs).subtracting(ids)
            #expect(missing.isEmpty, "\(scenario.id) cites \(missing.sorted())")
        }
    }
}
