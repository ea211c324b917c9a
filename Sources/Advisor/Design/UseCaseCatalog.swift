/// The use cases the advisor recognises, Durable Object designs first.
package enum UseCaseCatalog {
    /// Every use case, in the order ties are broken (earlier wins).
    package static let all: [UseCase] = durableObjectUseCases + otherProductUseCases

    /// The use case with this id.
    package static func useCase(_ id: String) -> UseCase? { all.first { $0.id == id } }

    // MARK: - Shared points

    static func point(_ text: String, _ docs: String...) -> Recommendation.Point {
        Recommendation.Point(text: text, docs: docs)
    }

    static func reject(_ primitive: Primitive, _ why: String, _ docs: String...) -> Recommendation.Rejection {
        Recommendation.Rejection(primitive: primitive, why: why, docs: docs)
    }

    static func part(_ primitive: Primitive, _ role: String) -> Recommendation.Part {
        Recommendation.Part(primitive: primitive, role: role)
    }

    static let kvForCoordination = reject(
        .workersKV,
        "Workers KV is eventually consistent and takes about 1 write per second per key: concurrent updates to one entity would be lost or seen late.",
        "do-vs-kv", "choosing-storage")
    static let d1ForCoordination = reject(
        .d1,
        "D1 is a database reached over the network with no code running next to the data: every update is a round trip, and nothing serialises the entity's requests or holds its WebSockets and timers.",
        "choosing-storage")
    static let workersForCoordination = reject(
        .workers,
        "Stateless Workers run anywhere, many at once, with no shared memory: they cannot serialise an entity's updates or hold its connections.",
        "what-are-durable-objects", "architecture-patterns")
    static let frontWorker = part(.workers, "front Worker: authentication, validation and routing to the object by name")
}
