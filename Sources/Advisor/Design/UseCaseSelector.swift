/// Picks the use case whose signals best match a description.
package struct UseCaseSelector: Sendable {
    /// The signals that name a coordination shape a Durable Object serves.
    static let coordinationShapes: Set<Signal> = [
        .chat, .rateLimit, .counter, .game, .collaborative, .presence, .leaderboard, .lock, .cart, .tenant, .schedule,
        .webhook, .booking, .auction, .ledger, .device, .agent, .fanout,
    ]

    package struct Choice: Sendable {
        package var useCase: UseCase
        package var score: Int
        /// Runner-up use cases with their scores, best first.
        package var alternatives: [(id: String, score: Int)]
    }

    package init() {}

    /// The best-scoring use case; ties go to the earlier one in the catalog. With no signal at all, the generic
    /// per-entity state design (score 0).
    package func choose(signals: Set<Signal>, catalog: [UseCase] = UseCaseCatalog.all) -> Choice {
        let scored = catalog.map { ($0, score($0, signals: signals)) }
        let ranked = scored.enumerated().sorted { a, b in
            a.element.1 != b.element.1 ? a.element.1 > b.element.1 : a.offset < b.offset
        }.map(\.element)
        let best = ranked.first { $0.1 > 0 } ?? (catalog.first { $0.id == "entity-state" } ?? catalog[0], 0)
        let alternatives = ranked.filter { $0.0.id != best.0.id && $0.1 > 0 }.prefix(3).map { (id: $0.0.id, score: $0.1) }
        return Choice(useCase: best.0, score: best.1, alternatives: Array(alternatives))
    }

    /// The best-scoring use case on `primitive` (a trade-off chose the product); with no signal for any of them,
    /// the product's general design.
    package func choose(signals: Set<Signal>, among primitive: Primitive) -> Choice {
        let catalog = UseCaseCatalog.all.filter { $0.primitive == primitive }
        var choice = choose(signals: signals, catalog: catalog)
        if choice.score == 0, let general = Self.general[primitive].flatMap(UseCaseCatalog.useCase) {
            choice.useCase = general
        }
        return choice
    }

    /// The general design of a product, when no use case of it matches.
    static let general: [Primitive: String] = [.durableObjects: "entity-state", .workersKV: "read-mostly-kv"]

    /// The sum of the weights of the use case's signals present, with two corrections: a need for strong
    /// consistency rules out Workers KV, and files that accompany a coordination shape (chat attachments) are a
    /// part of that design, not the design.
    func score(_ useCase: UseCase, signals: Set<Signal>) -> Int {
        var total = useCase.signals.reduce(0) { $0 + (signals.contains($1.key) ? $1.value : 0) }
        guard total > 0 else { return 0 }
        if useCase.primitive == .workersKV, signals.contains(.strongConsistency) { total -= 6 }
        if useCase.primitive == .r2, !signals.isDisjoint(with: Self.coordinationShapes) { total -= 3 }
        return max(0, total)
    }
}
