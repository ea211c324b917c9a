/// A use case the advisor knows: how to recognise it and the design that fits it.
package struct UseCase: Sendable {
    /// What the Durable Object of a use case needs from the skeleton.
    package enum Feature: String, Sendable {
        case webSockets, alarms, transactions
    }

    /// Which skeleton template fits.
    package enum Template: String, Sendable {
        case room, counter, rateLimiter, entityState, ledger, inventory, scheduler, webhookQueue, lock, leaderboard
    }

    package var id: String
    package var primitive: Primitive
    /// Signals and their weight; the best total wins.
    package var signals: [Signal: Int]
    /// "one object per room".
    package var per: String
    /// "room:<roomId>".
    package var nameScheme: String?
    /// The entity as a noun, singular ("room"); also the words counted as entities in the description.
    package var entityNouns: [String]
    /// Nouns counted as connections or participants of one entity ("user", "player").
    package var connectionNouns: [String] = []
    package var summary: String
    /// Why the design fits, with docs.
    package var reasons: [Recommendation.Point]
    /// Products set aside, with docs.
    package var rejected: [Recommendation.Rejection]
    /// Other products that commonly join the design.
    package var combination: [Recommendation.Part] = []
    /// Docs backing the design as a whole.
    package var docs: [String]
    /// Questions specific to the use case.
    package var questions: [String] = []

    // Durable Object designs only.
    package var template: Template?
    package var className: String = ""
    package var binding: String = ""
    package var features: Set<Feature> = []
    package var work: WorkClass = .storageWrites
    /// Built-in namespace of the embedded runtime that exercises the same shape, for `verify`.
    package var builtInNamespace: String?
    package var builtInMethod: String?
    /// Storage advice specific to the use case.
    package var storageAdvice: [Recommendation.Point] = []

    // Defaults for the cost model, each stated as an assumption when used.
    package var defaultEntities: Double = 1_000
    package var defaultPerEntityPeakRps: Double = 1
    package var defaultConnectionsPerEntity: Double = 0
    package var defaultDataPerEntityBytes: Double = 1_000_000
    /// Fraction of events that write, when no read/write ratio is given.
    package var defaultWriteFraction: Double = 0.5
    /// Alarm invocations per entity per day when the design uses alarms.
    package var alarmsPerEntityPerDay: Double = 0
}
