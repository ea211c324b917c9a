/// What a skeleton template needs to know about the design.
struct SkeletonContext: Sendable {
    var className: String
    var binding: String
    /// The name scheme's prefix before the id, e.g. "room".
    var prefix: String
    /// The request parameter carrying the entity id, e.g. "roomId".
    var idParameter: String
    var shards: Int
    var jurisdiction: Requirements.Jurisdiction?
    var usesAlarms: Bool
    var retentionDays: Double?

    /// `env.CHAT_ROOM` or `env.CHAT_ROOM.jurisdiction("eu")`.
    var namespace: String {
        jurisdiction.map { "env.\(binding).jurisdiction(\"\($0.rawValue)\")" } ?? "env.\(binding)"
    }

    /// The template literal naming one object, e.g. `room:${roomId}` or `counter:${counterId}:${shard}`.
    func name(shard: String? = nil) -> String {
        shard.map { "`\(prefix):${\(idParameter)}:${\($0)}`" } ?? "`\(prefix):${\(idParameter)}`"
    }

    /// Lines of the front Worker that read and check the id parameter.
    var readId: String {
        """
            const url = new URL(request.url);
            const \(idParameter) = url.searchParams.get("\(idParameter)");
            if (!\(idParameter)) {
              return new Response("\(idParameter) is required", { status: 400 });
            }
        """
    }
}
