/// Every rule the reviewer applies, in the order of the README table.
package enum RuleCatalog {
    static let rules: [any Rule] = [
        StorageInConstructorRule(), UnpersistedStateRule(), BlockingLoopRule(), UniqueIdPerRequestRule(),
        DoAsKvRule(), WebSocketNoCleanupRule(), WebSocketNoHibernationRule(), RmwAcrossAwaitRule(),
        TimerSchedulingRule(), SleepRetryInHandlerRule(), GlobalSingletonRule(), AlarmNotIdempotentRule(),
        UnboundedListRule(), FetchNoResponseRule(), BroadcastSendUnguardedRule(), MissingMigrationRule(),
        KvBackedNewClassRule(), BcwPerRequestRule(), SqlStringBuiltRule(), UnawaitedRpcRule(),
    ]

    /// Id, severity, title, summary and docs of every rule. Ids are stable once published.
    package static let all: [RuleInfo] = rules.map { type(of: $0).info }

    /// The rule with this id, if any.
    package static func info(_ id: String) -> RuleInfo? { all.first { $0.id == id } }
}
