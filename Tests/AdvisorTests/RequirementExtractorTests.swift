@testable import Advisor
import Testing

struct RequirementExtractorTests {
    let extractor = RequirementExtractor()

    @Test(arguments: [
        ("50k users", ExtractedQuantity.Kind.count, 50_000.0, "user" as String?, nil as String?),
        ("2000 rps", .rate, 2_000, "requests", nil),
        ("2,000 req/s per room", .rate, 2_000, "requests", "room"),
        ("100 requests per minute per key", .rate, 100.0 / 60, "request", "key"),
        ("5,000 increments per second", .rate, 5_000, "increment", nil),
        ("1 msg/min each", .rate, 1.0 / 60, "msg", "entity"),
        ("200 users per room", .count, 200, "user", "room"),
        ("50k viewers of each match", .count, 50_000, "viewer", "match"),
        ("1.5M posts", .count, 1_500_000, "post", nil),
        ("10 GB", .bytes, 10e9, nil, nil),
        ("200 MB per tenant", .bytes, 200e6, nil, "tenant"),
        ("30 days", .days, 30, nil, nil),
        ("10 ms per message", .milliseconds, 10, nil, "message"),
        ("1,000 score submissions per second", .rate, 1_000, "submission", nil),
        ("50k API keys", .count, 50_000, "key", nil),
    ])
    func quantityIsReadWithItsUnit(text: String, kind: ExtractedQuantity.Kind, value: Double, noun: String?, per: String?) throws {
        let found = try #require(extractor.quantities(in: text).first, "\(text)")
        #expect(found.kind == kind, "\(text)")
        #expect(abs(found.value - value) < 1e-6 * max(1, value), "\(text): \(found.value)")
        #expect(found.noun == noun, "\(text): \(found.noun ?? "nil")")
        #expect(found.per == per, "\(text): \(found.per ?? "nil")")
    }

    @Test func reportingEveryTenSecondsIsARatePerEntity() throws {
        let found = try #require(extractor.quantities(in: "each device reports every 10 seconds").first)
        #expect(found.kind == .rate)
        #expect(abs(found.value - 0.1) < 1e-9)
        #expect(found.per == "entity")
    }

    @Test func sizeInASentenceAboutEachEntityIsPerEntity() throws {
        let found = try #require(extractor.quantities(in: "each tenant has its own database of about 200 MB").first)
        #expect(found.per == "entity")
    }

    @Test(arguments: [
        ("chat app", Signal.chat), ("API rate limiting", .rateLimit), ("a like counter", .counter),
        ("multiplayer game", .game), ("collaborative editing", .collaborative), ("job queue", .backgroundJobs),
        ("schedule reminders", .schedule), ("user session", .session), ("leaderboard", .leaderboard),
        ("distributed lock", .lock), ("who's online presence", .presence), ("multi-tenant SaaS", .tenant),
        ("feature flags config", .config), ("upload images", .files), ("analytics dashboards", .analytics),
        ("vector embeddings", .embeddings), ("our Postgres database", .postgres), ("stateless proxy", .stateless),
    ])
    func keywordRaisesItsSignal(text: String, signal: Signal) {
        #expect(extractor.signals(in: text).contains(signal), "\(text)")
    }

    @Test func wordsInsideOtherWordsDoNotCount() {
        let signals = extractor.signals(in: "a chatbot that blocks nothing")
        #expect(!signals.contains(.chat))
        #expect(!signals.contains(.lock))
    }
}
