import DurableObjects

/// Every built-in class, in the order tools list them.
package enum PatternCatalog {
    /// The worker name of every namespace's unique key (`do-architect-Counter`).
    package static let workerName = "do-architect"

    /// All classes.
    package static let all: [PatternClass] = [
        Counter.pattern, RateLimiter.pattern, UserSession.pattern, ChatRoom.pattern, ShardedCounter.pattern,
        WebhookProcessor.pattern, TaskRunner.pattern, BankAccount.pattern, Lab.pattern,
    ]

    /// The class bound as `binding`.
    /// - Throws: `PatternError.unknownNamespace` listing the bindings that exist.
    package static func pattern(_ binding: String) throws -> PatternClass {
        if let p = all.first(where: { $0.binding == binding }) { return p }
        throw PatternError(
            .unknownNamespace,
            "No namespace \"\(binding)\". Namespaces: \(all.map(\.binding).joined(separator: ", ")).")
    }
}
