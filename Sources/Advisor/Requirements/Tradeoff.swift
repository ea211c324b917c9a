/// A trade-off an architect weighs before choosing a product, as read from a description and its requirements.
package struct Tradeoff: Sendable, Equatable, Codable {
    /// The five trade-offs that change the primitive.
    package enum Kind: String, Sendable, Codable, CaseIterable {
        /// May a read return a value a few seconds old?
        case staleness
        /// Must counts and limits be exact, or is approximate enough?
        case exactness
        /// How the data is read: by key, in order per entity, relationally across entities, as a time series.
        case queryShape = "query-shape"
        /// Reads per write, and writes per second per key.
        case readWriteRatio = "read-write-ratio"
        /// One event reaching many recipients: in the background, over live connections, or many upstreams at once.
        case fanOut = "fan-out"
    }

    /// What was read, one value per kind.
    package enum Reading: String, Sendable, Codable {
        case notStated = "not-stated"
        // staleness
        case staleTolerated = "stale-reads-tolerated", mustBeCurrent = "must-be-current"
        // exactness
        case approximate, exact
        // query shape
        case keyLookup = "lookups-by-key", orderedPerEntity = "ordered-per-entity"
        case relationalAcrossEntities = "relational-across-entities", timeSeries = "time-series"
        // read/write ratio
        case readHeavy = "read-heavy", writeHeavyPerKey = "write-heavy-per-key"
        // fan-out
        case backgroundFanOut = "background-fan-out", liveConnections = "live-connections"
        case parallelRequests = "parallel-requests"
    }

    package var kind: Kind
    package var reading: Reading
    /// `description`, `requirements` or `not-stated`.
    package var source: String
    /// The words (or requirement) it was read from.
    package var evidence: String?
    /// What it did to the design, in words.
    package var effect: String
    /// Whether it decided the primitive.
    package var deciding: Bool

    package init(kind: Kind, reading: Reading, source: String, evidence: String?, effect: String = "", deciding: Bool = false) {
        self.kind = kind
        self.reading = reading
        self.source = source
        self.evidence = evidence
        self.effect = effect
        self.deciding = deciding
    }

    /// The question that settles an unstated trade-off.
    package var question: String {
        switch kind {
        case .staleness: "May a read be a few seconds stale, or must every read see the latest write (read-your-writes)?"
        case .exactness: "Must counts and limits be exact (never over a limit, no lost increments), or is approximate enough?"
        case .queryShape: "How is the data read: only by key, in order per entity, by ad-hoc queries across entities, or as a time series?"
        case .readWriteRatio: "How many reads per write, and how many writes per second can one key or entity take at peak?"
        case .fanOut: "Does one event reach many recipients (in the background, over live connections, or many upstream services at once)?"
        }
    }
}
