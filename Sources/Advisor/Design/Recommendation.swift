/// An architecture recommendation: the product, the shape of the objects, their names, how many, what they cost and
/// what they approach, with code that starts right.
///
/// Encodes exactly to `Schemas/recommendArchitecture.output.json` (optional fields are omitted, never `null`).
/// `verification` is left empty by the engine: the MCP layer fills it when the caller asks `verify: true` and runs the
/// design's `workload` on the embedded runtime.
package struct Recommendation: Sendable, Equatable, Codable {
    /// The main product.
    package var primitive: Primitive
    /// The built-in use case the design follows, e.g. "chat-room" or "config-in-kv".
    package var pattern: String
    /// One paragraph a person can read first.
    package var summary: String
    /// How sure the advisor is: "high" when the description names the use case, "low" when it guessed.
    package var confidence: Confidence
    /// Every product in the design with its role (the main one first).
    package var combination: [Part]
    /// Why this design, each point with the knowledge-base docs behind it.
    package var reasons: [Point]
    /// Products considered and set aside.
    package var rejected: [Rejection]
    /// What one object (or key, file, row...) stands for and how it is named.
    package var granularity: Granularity
    /// How the front Worker reaches an object (Durable Object designs only).
    package var idStrategy: IdStrategy?
    /// How many objects share the load (Durable Object designs only).
    package var shards: ShardPlan?
    /// Storage, transactions, alarms and hibernation advice (Durable Object designs only).
    package var storage: StorageAdvice?
    /// A TypeScript class and a wrangler config that `reviewCode` accepts with no findings (Durable Object designs only).
    package var skeleton: Skeleton?
    /// Durable Objects cost per month by line; absent when the design has no Durable Object.
    package var monthlyCost: CostEstimate?
    /// What the fact sheet lets us say about the cost of the other products (their prices are not in it).
    package var costNote: String
    /// Platform limits the design approaches, with the margin left.
    package var limits: [LimitCheck]
    /// The knowledge-base doc ids used anywhere in the recommendation (open them with `getDoc`).
    package var docs: [String]
    /// What was read from the description.
    package var extracted: Extraction
    /// The requirements the design was computed from (given, extracted or assumed).
    package var requirements: Requirements
    /// Everything assumed rather than given.
    package var assumptions: [String]
    /// Questions whose answers would change the design.
    package var questions: [String]
    /// The scaled-down run of the built-in pattern that would check the design on the embedded runtime.
    package var workload: WorkloadPlan?
    /// Measured figures from that run; filled by the MCP layer for `verify: true`, never by the engine.
    package var verification: Verification?
    /// The five trade-offs (staleness, exactness, query shape, read/write ratio, fan-out) as read from the
    /// description and requirements, with what each did; an unstated one carries the question that settles it.
    package var tradeoffs: [Tradeoff] = []
    /// The trade-off that decided the primitive, if one did.
    package var decidedBy: String? = nil

    package enum Confidence: String, Sendable, Codable {
        case high, medium, low
    }

    /// One product in the design and what it does there.
    package struct Part: Sendable, Equatable, Codable {
        package var primitive: Primitive
        package var role: String
    }

    /// One statement with the docs that back it.
    package struct Point: Sendable, Equatable, Codable {
        package var text: String
        package var docs: [String]
    }

    /// A product set aside and why.
    package struct Rejection: Sendable, Equatable, Codable {
        package var primitive: Primitive
        package var why: String
        package var docs: [String]
    }

    /// "one object per room", `room:<roomId>`.
    package struct Granularity: Sendable, Equatable, Codable {
        package var per: String
        package var nameScheme: String?
    }

    /// `getByName` with the name scheme; `newUniqueId` only when the mapping is stored; the jurisdiction.
    package struct IdStrategy: Sendable, Equatable, Codable {
        /// "getByName" or "newUniqueId".
        package var method: String
        package var nameScheme: String?
        /// The jurisdiction the namespace is restricted to, when one is required.
        package var jurisdiction: Requirements.Jurisdiction?
        /// The TypeScript line that gets the stub.
        package var example: String
        package var why: String
        package var docs: [String]
    }

    /// Objects from a rate and a per-object budget.
    package struct ShardPlan: Sendable, Equatable, Codable {
        /// Objects per entity (1 when one object per entity is enough).
        package var perEntity: Int
        /// Objects in all (entities × perEntity) when the number of entities is known.
        package var total: Double?
        /// The rate one object must carry at peak, before sharding.
        package var peakRpsPerEntity: Double?
        /// The budget used: requests per second one object is planned to carry.
        package var budgetRps: Double
        /// The documented range the budget comes from, e.g. "200-500 requests/s for work with storage writes".
        package var budgetRange: String
        package var budgetSource: String
        package var explanation: String
    }

    /// Storage, transactions, alarms and hibernation.
    package struct StorageAdvice: Sendable, Equatable, Codable {
        /// "sqlite".
        package var backend: String
        /// The tables the skeleton creates.
        package var schema: [String]
        package var advice: [Point]
    }

    /// The emitted code.
    package struct Skeleton: Sendable, Equatable, Codable {
        package var className: String
        package var binding: String
        /// File name of the TypeScript module, e.g. "src/index.ts".
        package var typescriptPath: String
        package var typescript: String
        /// File name of the config, "wrangler.jsonc".
        package var wranglerPath: String
        package var wrangler: String
        /// "migrations" (`new_sqlite_classes`) or "exports".
        package var configStyle: String
    }

    /// A limit and how close the design comes.
    package struct LimitCheck: Sendable, Equatable, Codable {
        package var limit: String
        package var value: Double
        package var unit: String
        /// What the design is expected to reach, when it can be estimated.
        package var expected: Double?
        /// Percent of the limit left at the expected figure (negative when over).
        package var marginPercent: Double?
        /// "ok", "near" (half or more used), "over", or "unknown" when not estimated.
        package var status: String
        package var note: String
        package var source: String
        package var docs: [String]
    }

    /// What the extractor found in the description.
    package struct Extraction: Sendable, Equatable, Codable {
        package var quantities: [ExtractedQuantity]
        package var signals: [Signal]
    }

    /// The `runWorkload` call that exercises this design's built-in pattern, scaled down.
    package struct WorkloadPlan: Sendable, Equatable, Codable {
        package var namespace: String
        package var method: String?
        package var objects: Int
        package var requests: Int
        package var concurrency: Int
        package var distribution: String
        package var note: String
    }

    /// Measured figures from the embedded runtime beside the estimate (filled by the MCP layer).
    package struct Verification: Sendable, Equatable, Codable {
        /// "ran", "failed" or "unavailable".
        package var status: String
        package var namespace: String?
        package var requests: Int?
        package var completed: Int?
        package var errors: Int?
        package var throughput: Double?
        package var latencyP95Ms: Double?
        package var checksPassed: Bool?
        package var note: String

        package init(status: String, namespace: String? = nil, requests: Int? = nil, completed: Int? = nil, errors: Int? = nil,
                     throughput: Double? = nil, latencyP95Ms: Double? = nil, checksPassed: Bool? = nil, note: String) {
            self.status = status
            self.namespace = namespace
            self.requests = requests
            self.completed = completed
            self.errors = errors
            self.throughput = throughput
            self.latencyP95Ms = latencyP95Ms
            self.checksPassed = checksPassed
            self.note = note
        }
    }
}
