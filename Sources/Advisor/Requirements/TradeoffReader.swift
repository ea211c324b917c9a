import Foundation

/// Reads the five trade-offs from a description (phrases at word starts, lower case) and from the requirements,
/// which win. A reading names the words it came from; a trade-off the text does not settle is `not-stated`.
package struct TradeoffReader: Sendable {
    package init() {}

    /// Phrases for each reading, most specific first. A phrase may hold `*` for any ending of its last word.
    static let phrases: [(Tradeoff.Kind, Tradeoff.Reading, [String])] = [
        (.staleness, .mustBeCurrent, [
            "must be current", "must be up to date", "must be up-to-date", "no stale", "never stale", "never the old",
            "must immediately", "see it immediately", "immediately read", "immediately see", "immediately", "read-your-writes",
            "read your writes", "read their own writes", "must see the latest", "always the latest", "right after",
            "stale count would", "stale data would", "stale value would", "not be stale", "must not be stale",
        ]),
        (.staleness, .staleTolerated, [
            "stale is fine", "stale is ok", "staleness is fine", "seconds of staleness", "may be stale", "can be stale",
            "old is acceptable", "old is fine", "minute old", "seconds old", "delay after", "seconds of delay",
            "minutes of delay", "delay is fine", "may take up to", "can take up to", "eventual consistency",
            "eventually consistent", "a few seconds behind", "behind is fine", "propagat*", "cached for",
        ]),
        (.exactness, .approximate, [
            "approximate*", "approximately right", "estimate*", "sampled", "sampling", "good enough", "within a few percent",
            "rough count*", "roughly", "slipping through", "does not need to be exact", "need not be exact", "not exact",
        ]),
        (.exactness, .exact, [
            "must be exact", "be exact", "exact count*", "exact number*", "exact limit*", "exact total*", "exactly",
            "at most", "never over", "never exceed*", "must not exceed", "not a single", "no lost",
        ]),
        (.fanOut, .liveConnections, [
            "spectators", "viewers", "live to every", "every member's open connection", "open connection*",
            "to every connected", "broadcast every", "broadcast to", "push live", "live updates to",
        ]),
        (.fanOut, .backgroundFanOut, [
            "to every subscribed", "every subscriber", "all of their", "followers", "inboxes of", "each on its own",
            "to every endpoint", "notify the", "fan out to", "fan-out to", "up to 50 per event", "each subscriber",
        ]),
        (.fanOut, .parallelRequests, [
            "in parallel", "merges their answers", "merge their answers", "scatter-gather", "scatter gather",
            "upstream provider*", "several upstream*", "many upstream*",
        ]),
        (.queryShape, .relationalAcrossEntities, [
            "ad-hoc", "ad hoc", "joins", "joining", "join across", "joined with", "any column", "filter listings", "filter by", "sorted by", "across all",
            "from all", "across customers", "across tenants", "reports across", "relational",
        ]),
        (.queryShape, .timeSeries, [
            "time series", "time-series", "over time", "charted", "chart how many", "per-minute chart*",
            "hourly average*", "daily average*", "averages", "trend*",
        ]),
        (.queryShape, .orderedPerEntity, [
            "in the exact order", "in order", "in sequence", "order they were written", "append-only", "append only",
            "replayed", "event log per", "history of each", "in the order",
        ]),
        (.queryShape, .keyLookup, [
            "by the key", "by key", "by its key", "look up which", "look up the", "lookup by", "fetched by", "key-value",
            "key value",
        ]),
        (.readWriteRatio, .writeHeavyPerKey, [
            "times a second", "times per second", "every second", "several times a second", "autosave*", "auto-save*",
            "incremented on every", "written on every", "heartbeat*", "read back only", "now and then",
        ]),
        (.readWriteRatio, .readHeavy, [
            "read on every", "checked on every", "read-heavy", "read heavy", "read-mostly", "read mostly", "rarely change*",
            "changes rarely", "created rarely", "rarely written", "rarely updated", "once a week", "a few times a day",
            "a few times a month", "mostly reads", "written only at",
        ]),
    ]

    /// One reading per kind, in `Tradeoff.Kind` order.
    package func read(description: String, requirements: Requirements = Requirements()) -> [Tradeoff] {
        let text = " " + description.lowercased().replacingOccurrences(of: "\u{2019}", with: "'") + " "
        var found: [Tradeoff.Kind: Tradeoff] = [:]
        for (kind, reading, list) in Self.phrases where found[kind] == nil {
            if let phrase = list.first(where: { Self.contains(text, $0) }) {
                found[kind] = Tradeoff(kind: kind, reading: reading, source: "description", evidence: "\"\(phrase.replacingOccurrences(of: "*", with: ""))\"")
            }
        }
        // Requirements win over the text.
        if let consistency = requirements.consistency {
            found[.staleness] = Tradeoff(
                kind: .staleness, reading: consistency == .eventual ? .staleTolerated : .mustBeCurrent,
                source: "requirements", evidence: "consistency: \(consistency.rawValue)")
        }
        if let ratio = requirements.readWriteRatio, ratio >= 20 || ratio < 1 {
            found[.readWriteRatio] = Tradeoff(
                kind: .readWriteRatio, reading: ratio >= 20 ? .readHeavy : .writeHeavyPerKey,
                source: "requirements", evidence: "readWriteRatio: \(ratio)")
        }
        return Tradeoff.Kind.allCases.map {
            found[$0] ?? Tradeoff(kind: $0, reading: .notStated, source: "not-stated", evidence: nil)
        }
    }

    /// Whether `phrase` occurs in `text` at a word start (and, without `*`, ending at a word end).
    static func contains(_ text: String, _ phrase: String) -> Bool {
        let open = phrase.hasSuffix("*")
        let needle = open ? String(phrase.dropLast()) : phrase
        var range = text.startIndex..<text.endIndex
        while let hit = text.range(of: needle, range: range) {
            let before = hit.lowerBound == text.startIndex ? " " : text[text.index(before: hit.lowerBound)]
            let after = hit.upperBound == text.endIndex ? " " : text[hit.upperBound]
            if !(before.isLetter || before.isNumber), open || !(after.isLetter || after.isNumber) { return true }
            range = hit.upperBound..<text.endIndex
        }
        return false
    }
}
