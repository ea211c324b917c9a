@testable import Advisor
import Testing

/// Trade-offs change the primitive and are stated in the answer; an unstated one is asked.
struct TradeoffTests {
    let advisor = ArchitectureAdvisor()

    struct Case: Sendable, CustomTestStringConvertible {
        var description: String
        var requirements = Requirements()
        var primitive: Primitive
        var decidedBy: Tradeoff.Kind
        var reading: Tradeoff.Reading
        var testDescription: String { description }
    }

    /// Pairs that differ in one trade-off only, and get different products.
    static let pairs: [Case] = [
        .init(description: "Rate limit each API key to 100 requests per minute; approximate limits are fine", primitive: .workersKV, decidedBy: .exactness, reading: .approximate),
        .init(description: "Rate limit each API key to 100 requests per minute; limits must be exact", primitive: .durableObjects, decidedBy: .exactness, reading: .exact),
        .init(description: "Profile data per user shown across the site; a few seconds of delay after an edit is fine", primitive: .workersKV, decidedBy: .staleness, reading: .staleTolerated),
        .init(description: "Profile data per user; after an edit every page must immediately show the new value", primitive: .durableObjects, decidedBy: .staleness, reading: .mustBeCurrent),
        .init(description: "Order records per shop", requirements: Requirements(readWriteRatio: 50, consistency: .eventual), primitive: .workersKV, decidedBy: .staleness, reading: .staleTolerated),
        .init(description: "Orders of every shop, queried ad hoc by the finance team", primitive: .d1, decidedBy: .queryShape, reading: .relationalAcrossEntities),
        .init(description: "Orders of each shop, appended and read back in sequence", primitive: .durableObjects, decidedBy: .queryShape, reading: .orderedPerEntity),
        .init(description: "Order events of every shop, charted as hourly averages", primitive: .analyticsEngine, decidedBy: .queryShape, reading: .timeSeries),
        .init(description: "Price list per region, checked on every request and changed once a week", primitive: .workersKV, decidedBy: .readWriteRatio, reading: .readHeavy),
        .init(description: "Price per region, updated several times a second by the pricing engine", primitive: .durableObjects, decidedBy: .readWriteRatio, reading: .writeHeavyPerKey),
        .init(description: "New orders must reach the warehouse, billing and email systems, each on its own with retries", primitive: .queues, decidedBy: .fanOut, reading: .backgroundFanOut),
        .init(description: "Ask 8 shipping carriers for a quote in parallel and return the cheapest", primitive: .workers, decidedBy: .fanOut, reading: .parallelRequests),
    ]

    @Test(arguments: pairs)
    func aStatedTradeOffDecidesThePrimitiveAndIsNamed(_ c: Case) {
        let result = advisor.recommend(description: c.description, requirements: c.requirements)
        #expect(result.primitive == c.primitive, "got \(result.pattern)")
        #expect(result.decidedBy == c.decidedBy.rawValue)
        let deciding = result.tradeoffs.filter(\.deciding)
        #expect(deciding.count == 1)
        #expect(deciding.first?.kind == c.decidedBy)
        #expect(deciding.first?.reading == c.reading)
        #expect(deciding.first?.effect.hasPrefix("Decides the primitive") == true)
        #expect(result.reasons.first?.text.contains("Deciding trade-off, \(c.decidedBy.rawValue)") == true)
    }

    @Test func whenTheTextSaysNothingEveryTradeOffIsAsked() {
        let result = advisor.recommend(description: "A backend for our app")
        #expect(result.tradeoffs.map(\.kind) == Tradeoff.Kind.allCases)
        #expect(result.tradeoffs.allSatisfy { $0.reading == .notStated && $0.source == "not-stated" && !$0.deciding })
        #expect(result.decidedBy == nil)
        for kind in Tradeoff.Kind.allCases {
            let question = Tradeoff(kind: kind, reading: .notStated, source: "not-stated", evidence: nil).question
            #expect(result.questions.contains(question), "\(kind) not asked")
        }
    }

    @Test func aStatedTradeOffIsNotAskedAgain() {
        let result = advisor.recommend(description: "Rate limit each API key; approximate limits are fine")
        let exactness = Tradeoff(kind: .exactness, reading: .notStated, source: "not-stated", evidence: nil).question
        #expect(!result.questions.contains(exactness))
        #expect(result.tradeoffs.first { $0.kind == .exactness }?.evidence == "\"approximate\"")
    }

    @Test func stalenessDoesNotMoveADesignThatCoordinates() {
        let result = advisor.recommend(description: "Chat rooms where a few seconds of delay after a message is fine")
        #expect(result.primitive == .durableObjects)
        let staleness = result.tradeoffs.first { $0.kind == .staleness }
        #expect(staleness?.reading == .staleTolerated)
        #expect(staleness?.deciding == false)
        #expect(staleness?.effect.contains("does not move the design") == true)
    }

    @Test func requirementsWinOverTheText() {
        let result = advisor.recommend(
            description: "Profile data per user; a few seconds of delay is fine", requirements: Requirements(consistency: .strong))
        let staleness = result.tradeoffs.first { $0.kind == .staleness }
        #expect(staleness?.source == "requirements")
        #expect(staleness?.reading == .mustBeCurrent)
        #expect(result.primitive == .durableObjects)
    }

    @Test(arguments: [
        ("players join the lobby", false), ("joining orders and customers", true), ("join across tenants", true),
        ("no staleness", false), ("100 requests per minute", false), ("charted over time", true),
    ])
    func phrasesMatchAtWordStartsOnly(_ text: String, _ relationalOrSeries: Bool) {
        let shape = TradeoffReader().read(description: text).first { $0.kind == .queryShape }?.reading
        #expect((shape == .relationalAcrossEntities || shape == .timeSeries) == relationalOrSeries, "\(text): \(shape?.rawValue ?? "")")
    }
}
