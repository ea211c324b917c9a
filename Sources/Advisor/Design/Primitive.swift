/// A Cloudflare product a design can rest on.
package enum Primitive: String, Sendable, Codable, CaseIterable {
    case durableObjects = "durable-objects"
    case workersKV = "workers-kv"
    case d1
    case r2
    case queues
    case hyperdrive
    case vectorize
    case analyticsEngine = "analytics-engine"
    /// Stateless Workers.
    case workers

    /// The product's name for people.
    package var displayName: String {
        switch self {
        case .durableObjects: "Durable Objects"
        case .workersKV: "Workers KV"
        case .d1: "D1"
        case .r2: "R2"
        case .queues: "Queues"
        case .hyperdrive: "Hyperdrive"
        case .vectorize: "Vectorize"
        case .analyticsEngine: "Workers Analytics Engine"
        case .workers: "Workers (stateless)"
        }
    }

    /// What the product is for, as the storage-options page and the DO rules page put it (fact sheet section 10).
    package var fit: String {
        switch self {
        case .durableObjects: "coordination, real-time collaboration and strongly consistent, transactional per-entity storage, with code running next to the data"
        case .workersKV: "eventually consistent, cached, read-heavy configuration and sessions (about 1 write per second per key; hot reads in 0.5-10 ms)"
        case .d1: "a managed SQLite database reached over the network: relational queries, read replicas, HTTP API, import/export; 10 GB per database"
        case .r2: "blobs and large objects, with no egress fees"
        case .queues: "guaranteed-delivery background jobs and batching"
        case .hyperdrive: "reaching an existing Postgres or MySQL database from Workers"
        case .vectorize: "embeddings and similarity search"
        case .analyticsEngine: "time-series analytics"
        case .workers: "stateless, globally spread, fan-out work"
        }
    }
}
