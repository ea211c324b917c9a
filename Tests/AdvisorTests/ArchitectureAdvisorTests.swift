@testable import Advisor
import Foundation
import Testing

struct ArchitectureAdvisorTests {
    let advisor = ArchitectureAdvisor()

    @Test func hotGlobalCounterIsShardedFromTheRateAndTheStorageWriteBudget() throws {
        let result = advisor.recommend(description: "A global counter", requirements: Requirements(totalPeakRps: 5_000))
        let shards = try #require(result.shards)
        // 5,000 requests/s ÷ 200 per object (low end of 200-500 for storage writes) = 25.
        #expect(shards.perEntity == 25)
        #expect(shards.budgetRps == 200)
        #expect(shards.budgetSource.hasPrefix("https://developers.cloudflare.com/"))
        #expect(result.granularity.nameScheme == "counter:<counterId>:<shard>")
        #expect(result.skeleton?.typescript.contains("const SHARDS = 25;") == true)
        #expect(result.workload?.namespace == "SHARDED_COUNTER")
    }

    @Test func givenRequirementsWinOverTheDescription() {
        let result = advisor.recommend(description: "chat with 5,000 rooms", requirements: Requirements(entities: 42))
        #expect(result.requirements.entities == 42)
    }

    @Test func freeTextAloneStatesAssumptionsAndAsksQuestions() {
        let result = advisor.recommend(description: "a chat app")
        #expect(result.pattern == "chat-room")
        #expect(result.assumptions.contains { $0.contains("not given") })
        #expect(result.questions.contains { $0.contains("peak request rate") })
        #expect(result.questions.contains { $0.contains("jurisdiction") })
    }

    @Test func anUnrecognisedDescriptionHasLowConfidenceAndAsksForTheUnitOfCoordination() {
        let result = advisor.recommend(description: "something for my startup")
        #expect(result.confidence == .low)
        #expect(result.questions.first?.contains("unit of coordination") == true)
    }

    @Test func tooManySocketsSplitAnEntity() throws {
        let result = advisor.recommend(description: "Push live score updates to subscribers", requirements: Requirements(connectionsPerEntity: 100_000))
        #expect(try #require(result.shards).perEntity == 4)
        let sockets = try #require(result.limits.first { $0.limit.hasPrefix("WebSockets per object") })
        #expect(sockets.status == "near")
    }

    @Test func anEntityOverTenGigabytesIsReportedOverTheLimit() throws {
        let result = advisor.recommend(description: "multi-tenant SaaS", requirements: Requirements(dataPerEntityBytes: 20e9))
        let storage = try #require(result.limits.first { $0.limit.hasPrefix("Storage per object") })
        #expect(storage.status == "over")
        #expect((storage.marginPercent ?? 0) < 0)
    }

    @Test func monthlyCostIsTheAccountTotalWithTheMinimum() throws {
        let result = advisor.recommend(description: "rate limit per API key", requirements: Requirements(entities: 10, totalPeakRps: 0.001))
        let cost = try #require(result.monthlyCost)
        #expect(cost.scope == .accountTotal)
        #expect(cost.totalUSD == 5)
    }

    @Test func theSameInputGivesTheSameRecommendation() {
        let description = "Ticket booking for 500 events, 3,000 requests per second at peak"
        #expect(advisor.recommend(description: description) == advisor.recommend(description: description))
    }

    @Test func aDesignWithoutADurableObjectGivesNoInventedPrice() {
        let result = advisor.recommend(description: "Users upload videos of up to 2 GB each")
        #expect(result.primitive == .r2)
        #expect(result.monthlyCost == nil)
        #expect(result.rejected.contains { $0.primitive == .durableObjects })
        #expect(result.limits.first?.status == "over")
    }
}

extension ArchitectureAdvisorTests {
    @Test func toolArgumentsDecodeIntoARequest() throws {
        let json = #"{"description": "chat app", "requirements": {"entities": 10}, "verify": true}"#
        let request = try JSONDecoder().decode(RecommendationRequest.self, from: Data(json.utf8))
        let result = try advisor.recommend(request)
        #expect(result.requirements.entities == 10)
        #expect(request.verify == true)
    }

    @Test(arguments: ["", "   \n", String(repeating: "a", count: 4_001)])
    func blankOrOverlongDescriptionsAreRefusedWithACode(_ description: String) {
        #expect(throws: AdvisorError.self) { try advisor.recommend(RecommendationRequest(description: description)) }
    }
}
