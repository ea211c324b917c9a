/// Applies the trade-offs read from a description to the use case the keywords chose.
///
/// Each stated trade-off points at a product or leaves the choice alone; the first that points, in the order
/// exactness, staleness (requirements that rule products out), fan-out, query shape, read/write ratio (shapes of
/// the workload that pick among the products left), decides the primitive. A trade-off pointing away from a
/// Durable Object does not move a design whose shape needs one (a chat, a game, a booking, a ledger, ...).
struct TradeoffDecision: Sendable {
    /// Shapes that need a coordinating object whatever the staleness, exactness or read ratio.
    static let coordination: Set<Signal> = [
        .chat, .game, .collaborative, .presence, .lock, .booking, .auction, .ledger, .schedule, .webhook, .orderedQueue,
        .agent, .device, .leaderboard, .tenant, .transactions, .strongConsistency, .websocket,
    ]
    static let order: [Tradeoff.Kind] = [.exactness, .staleness, .fanOut, .queryShape, .readWriteRatio]

    var primitive: Primitive?
    var decidedBy: Tradeoff.Kind?
    var tradeoffs: [Tradeoff]

    /// Decides from `tradeoffs` (one per kind), the description's `signals` and the keyword choice `chosen`.
    init(tradeoffs read: [Tradeoff], signals: Set<Signal>, chosen: Primitive) {
        let byKind = Dictionary(read.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        let coordinating = !signals.isDisjoint(with: Self.coordination)
        func reading(_ kind: Tradeoff.Kind) -> Tradeoff.Reading { byKind[kind]?.reading ?? .notStated }
        let analyticsShape = signals.contains(.analytics) || reading(.queryShape) == .timeSeries
        let keyValueCandidate = !coordinating && (chosen == .durableObjects || chosen == .workersKV)
        let needsCurrent = reading(.staleness) == .mustBeCurrent || reading(.exactness) == .exact

        /// The product a trade-off points at, with why; nil when it leaves the choice alone.
        func target(_ t: Tradeoff) -> (Primitive, String)? {
            switch t.reading {
            case .notStated:
                return nil
            case .exact:
                guard chosen == .durableObjects || chosen == .workersKV || chosen == .analyticsEngine else { return nil }
                return (.durableObjects, "exact counts and limits need one object per entity running one request at a time; Workers KV (no atomic read-modify-write, about 1 write/s per key) and Analytics Engine (sampled) are approximate")
            case .approximate:
                if analyticsShape, !coordinating { return (.analyticsEngine, "approximate counts for charts and dashboards are what Analytics Engine's sampled time series gives, with no object per counter") }
                guard keyValueCandidate else { return nil }
                return (.workersKV, "an approximate limit or count can live in Workers KV (read from the cache, written back about once a second per key) instead of an object per key")
            case .mustBeCurrent:
                guard chosen == .durableObjects || chosen == .workersKV else { return nil }
                return (.durableObjects, "every read must see the latest write: a Durable Object is strongly consistent, Workers KV is eventually consistent and cached")
            case .staleTolerated:
                guard keyValueCandidate, reading(.exactness) != .exact else { return nil }
                return (.workersKV, "reads may be a few seconds stale, so Workers KV's eventually consistent, cached reads (0.5–10 ms when hot) serve them without an object per key")
            case .backgroundFanOut:
                return (.queues, "one event goes to many recipients in the background, each with its own retries: a queue delivers each message at least once without holding the request")
            case .liveConnections:
                return (.durableObjects, "one event goes live to many open connections: a Durable Object holds the sockets (Hibernation API, up to 32,768 per object) and broadcasts; more viewers take more shards")
            case .parallelRequests:
                guard !signals.contains(.strongConsistency) else { return nil }
                return (.workers, "one request fans out to many upstreams at once and keeps nothing: a stateless Worker does it (6 simultaneous outgoing connections per request), no object needed")
            case .relationalAcrossEntities:
                return (.d1, "ad-hoc relational queries across all entities need one database holding all of them: D1; a Durable Object only sees its own entity")
            case .timeSeries:
                guard reading(.exactness) != .exact else { return nil }
                return (.analyticsEngine, "data read as a time series (per-minute or hourly aggregates, charts) is Analytics Engine's shape")
            case .orderedPerEntity:
                guard chosen != .queues else { return nil }
                return (.durableObjects, "each entity's records are appended and read back in order: one object per entity serialises them, with SQL storage next to the code")
            case .keyLookup:
                guard keyValueCandidate, !needsCurrent, reading(.readWriteRatio) == .readHeavy || reading(.staleness) == .staleTolerated else { return nil }
                return (.workersKV, "data fetched only by its key, read far more than written: Workers KV serves it from the cache near users")
            case .readHeavy:
                guard keyValueCandidate, !needsCurrent else { return nil }
                return (.workersKV, "read far more often than written, so Workers KV's cached reads fit; its about 1 write per second per key is no constraint")
            case .writeHeavyPerKey:
                guard chosen == .durableObjects || chosen == .workersKV || (chosen == .analyticsEngine && reading(.queryShape) != .timeSeries) else { return nil }
                return (.durableObjects, "one key is written several times a second: Workers KV takes about 1 write per second per key, a Durable Object takes hundreds")
            }
        }

        var decided: (Tradeoff.Kind, Primitive)?
        var result: [Tradeoff.Kind: Tradeoff] = [:]
        for kind in Self.order {
            guard var t = byKind[kind] else { continue }
            if let (product, why) = target(t) {
                if let (winner, winning) = decided {
                    t.effect = winning == product
                        ? "Agrees: \(why)."
                        : "Outweighed by \(winner.rawValue), which points at \(winning.displayName): \(why)."
                } else {
                    decided = (kind, product)
                    t.deciding = true
                    t.effect = "Decides the primitive (\(product.displayName)): \(why)."
                }
            } else if t.reading == .notStated {
                t.effect = "Not stated; the design assumes the use case's default. " + t.question
            } else {
                t.effect = coordinating
                    ? "Noted; it does not move the design, whose shape needs a coordinating object."
                    : "Noted; it does not change the product."
            }
            result[kind] = t
        }
        primitive = decided?.1
        decidedBy = decided?.0
        tradeoffs = Tradeoff.Kind.allCases.compactMap { result[$0] }
    }
}
