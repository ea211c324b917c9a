/// The seed's review checklist with stable ids, restated for current guidance (see the knowledge-base doc
/// `review-checklist`), answered from the findings.
enum Checklist {
    struct Question {
        var id: String
        var question: String
        /// Rules whose findings fail the item.
        var rules: [String]
        /// What must be present in the code for the item to apply.
        var appliesTo: Scope
    }

    enum Scope { case durableObjects, webSockets, ids }

    static let questions: [Question] = [
        Question(id: "arch-do-vs-kv", question: "Is a Durable Object the right tool (coordination, strong consistency), rather than Workers KV, D1 or R2?", rules: ["do-as-kv"], appliesTo: .durableObjects),
        Question(id: "arch-id-strategy", question: "Does the id strategy fit (idFromName / getByName for named entities, newUniqueId only when the id is kept)?", rules: ["unique-id-per-request", "global-singleton"], appliesTo: .ids),
        Question(id: "arch-granularity", question: "Is there one object per unit of coordination (user, room, document), with no global bottleneck on the request path?", rules: ["global-singleton"], appliesTo: .durableObjects),
        Question(id: "life-constructor-init", question: "Is initialisation (loading state, schema migrations) done in the constructor inside blockConcurrencyWhile?", rules: ["storage-in-constructor"], appliesTo: .durableObjects),
        Question(id: "life-cleanup", question: "Are connections and resources released in close and error handlers?", rules: ["websocket-no-cleanup"], appliesTo: .webSockets),
        Question(id: "state-persisted", question: "Is every piece of state that must survive written to storage, and bound classes created by a migration?", rules: ["unpersisted-state", "missing-migration", "kv-backed-new-class"], appliesTo: .durableObjects),
        Question(id: "state-no-memory-truth", question: "Is in-memory state only a cache of storage, loaded when the object wakes (it is lost at eviction and hibernation)?", rules: ["unpersisted-state"], appliesTo: .durableObjects),
        Question(id: "state-atomic", question: "Are read-modify-write sequences atomic (no outside await between read and write; transaction or check-and-set otherwise)?", rules: ["rmw-across-await", "sql-string-built"], appliesTo: .durableObjects),
        Question(id: "perf-no-blocking", question: "Does no code block the object's single thread (endless loops, sleeping retries)?", rules: ["blocking-loop", "sleep-retry-in-handler"], appliesTo: .durableObjects),
        Question(id: "perf-fast-handlers", question: "Do handlers answer quickly (no blockConcurrencyWhile per request, no unbounded list(), a Response on every path, stub calls awaited)?", rules: ["bcw-per-request", "unbounded-list", "fetch-no-response", "unawaited-rpc"], appliesTo: .durableObjects),
        Question(id: "perf-alarms-not-timers", question: "Is scheduled work done with alarms (not timers), idempotent and with a stop condition?", rules: ["timer-scheduling", "alarm-not-idempotent"], appliesTo: .durableObjects),
        Question(id: "ws-hibernation", question: "Are WebSockets accepted with the Hibernation API (ctx.acceptWebSocket) so the object can sleep?", rules: ["websocket-no-hibernation"], appliesTo: .webSockets),
        Question(id: "ws-cleanup", question: "Are sockets removed from tracking on close and error?", rules: ["websocket-no-cleanup"], appliesTo: .webSockets),
        Question(id: "ws-broadcast", question: "Do broadcasts survive a failed send (try/catch per socket, dead sockets dropped)?", rules: ["broadcast-send-unguarded"], appliesTo: .webSockets),
    ]

    static func answer(findings: [Finding], analysis: Analysis) -> [ChecklistItem] {
        let socketNames: Set<String> = ["WebSocketPair", "acceptWebSocket", "webSocketMessage"]
        let usesSockets = analysis.units.contains { u in
            u.calls.contains { socketNames.contains($0.name) } || u.functions.contains { $0.name == "webSocketMessage" }
        }
        let idCalls: Set<String> = ["idFromName", "newUniqueId", "getByName", "idFromString"]
        let usesIds = analysis.units.contains { u in u.calls.contains { idCalls.contains($0.name) } }
        let hasDO = !analysis.doClasses.isEmpty
        return questions.map { q in
            let applies: Bool
            switch q.appliesTo {
            case .durableObjects: applies = hasDO || usesIds || analysis.wrangler != nil
            case .webSockets: applies = usesSockets
            case .ids: applies = usesIds
            }
            let failing = findings.filter { q.rules.contains($0.ruleId) }
            if !failing.isEmpty {
                let shown = failing.prefix(3).map { "\($0.file):\($0.line) \($0.ruleId)" }.joined(separator: "; ")
                let more = failing.count > 3 ? " and \(failing.count - 3) more" : ""
                return ChecklistItem(id: q.id, question: q.question, status: .fail, evidence: shown + more)
            }
            guard applies else {
                return ChecklistItem(id: q.id, question: q.question, status: .notApplicable,
                                     evidence: q.appliesTo == .webSockets ? "No WebSockets in the reviewed code." : q.appliesTo == .ids ? "No Durable Object ids are created in the reviewed code." : "No Durable Object class or binding found.")
            }
            return ChecklistItem(id: q.id, question: q.question, status: .pass,
                                 evidence: "Checked by \(q.rules.joined(separator: ", ")) over \(analysis.doClasses.count) Durable Object class(es): no findings.")
        }
    }
}
