import DurableObjects
import JSONModel

/// `WEBHOOK_PROCESSOR`: a durable queue of webhook events, delivered by alarms with backoff, in order per
/// customer, with a dead-letter list.
///
/// `enqueue` only stores the event (idempotent on `eventId`) and makes sure an alarm is due; the caller gets
/// its answer once the event is durable. The alarm delivers the head event of each customer whose retry time
/// has come; a failure schedules that customer's next attempt after `baseDelayMs × 2^(attempt−1)` (capped),
/// and blocks only that customer; after `maxAttempts` the event moves to the dead letters and the customer's
/// next event goes on. No sleep inside a request: waiting is the alarm's job.
///
/// Delivery is simulated and deterministic: an event's `failAttempts` says how many attempts fail first.
final class WebhookProcessor: DurableObject {
    /// Events delivered per alarm invocation before the alarm re-arms itself at once.
    static let batchPerAlarm = 200

    struct Settings {
        var maxAttempts = 5
        var baseDelayMs: Int64 = 1_000
        var maxDelayMs: Int64 = 60_000
    }
    private var settings: Settings

    init(settings: Settings) { self.settings = settings }

    func call(_ method: String, _ args: JSON, context: isolated ObjectContext) async throws -> JSON {
        let a = Arguments(args)
        let sql = context.storage.sql
        let now = context.clock.nowMilliseconds
        switch method {
        case "enqueue":
            let eventId = try a.string("eventId")
            let customer = try a.string("customer")
            let known = try sql.exec(
                """
                SELECT (SELECT count(*) FROM queue WHERE event_id = ?1) + (SELECT count(*) FROM delivered WHERE event_id = ?1)
                     + (SELECT count(*) FROM dead WHERE event_id = ?1)
                """, .text(eventId)
            ).one().values[0].int
            if known > 0 { return ["accepted": false, "duplicate": true, "pending": .number(Double(try pending(sql)))] }
            try sql.exec(
                "INSERT INTO queue (event_id, customer, payload, attempts, fail_attempts, next_at, enqueued_at) VALUES (?, ?, ?, 0, ?, ?, ?)",
                .text(eventId), .text(customer), .text((a.optional("payload") ?? .null).textAsWritten),
                .integer(Int64(try a.int("failAttempts", default: 0))), .integer(now), .integer(now))
            if let alarm = try context.getAlarm(), alarm <= now {} else { try context.setAlarm(now) }
            return ["accepted": true, "duplicate": false, "pending": .number(Double(try pending(sql)))]
        case "status":
            let counts = try sql.exec(
                "SELECT (SELECT count(*) FROM queue), (SELECT count(*) FROM delivered), (SELECT count(*) FROM dead)"
            ).one().values
            let alarm = try context.getAlarm()
            return [
                "pending": .number(Double(counts[0].int)), "delivered": .number(Double(counts[1].int)),
                "deadLettered": .number(Double(counts[2].int)),
                "duplicates": try context.storage.get("duplicates") ?? 0,
                "outOfOrder": try context.storage.get("outOfOrder") ?? 0,
                "nextAttemptAt": alarm.map { .number(Double($0)) } ?? .null,
            ]
        case "deliveries":
            let limit = Int64(try a.int("limit", default: 100))
            let rows: [[SQLValue]]
            if let customer = a.optional("customer")?.stringValue {
                rows = try sql.exec(
                    "SELECT event_id, customer, attempts, delivered_at FROM delivered WHERE customer = ? ORDER BY rowid LIMIT ?",
                    .text(customer), .integer(limit)
                ).raw()
            } else {
                rows = try sql.exec(
                    "SELECT event_id, customer, attempts, delivered_at FROM delivered ORDER BY rowid LIMIT ?", .integer(limit)
                ).raw()
            }
            return [
                "deliveries": .array(
                    rows.map {
                        ["eventId": .string($0[0].text), "customer": .string($0[1].text), "attempts": $0[2].json, "deliveredAt": $0[3].json]
                    })
            ]
        case "deadLetters":
            let rows = try sql.exec(
                "SELECT event_id, customer, attempts, error FROM dead ORDER BY rowid LIMIT ?",
                .integer(Int64(try a.int("limit", default: 100)))
            ).raw()
            return [
                "deadLetters": .array(
                    rows.map { ["eventId": .string($0[0].text), "customer": .string($0[1].text), "attempts": $0[2].json, "error": .string($0[3].text)] })
            ]
        case "configure":
            settings.maxAttempts = try a.int("maxAttempts", default: settings.maxAttempts)
            settings.baseDelayMs = Int64(try a.int("baseDelayMs", default: Int(settings.baseDelayMs)))
            settings.maxDelayMs = Int64(try a.int("maxDelayMs", default: Int(settings.maxDelayMs)))
            try context.storage.put(
                "settings",
                [
                    "maxAttempts": .number(Double(settings.maxAttempts)), "baseDelayMs": .number(Double(settings.baseDelayMs)),
                    "maxDelayMs": .number(Double(settings.maxDelayMs)),
                ])
            return [
                "maxAttempts": .number(Double(settings.maxAttempts)), "baseDelayMs": .number(Double(settings.baseDelayMs)),
                "maxDelayMs": .number(Double(settings.maxDelayMs)),
            ]
        default:
            throw DurableObjectError(.notFound, "WebhookProcessor has no method \"\(method)\".")
        }
    }

    private func pending(_ sql: SQLStorage) throws -> Int { try sql.exec("SELECT count(*) FROM queue").one().values[0].int }

    /// Delivers due head events, then arms the alarm for the earliest retry (or at once if the batch ran out).
    func alarm(_ info: AlarmInfo, context: isolated ObjectContext) async throws {
        let sql = context.storage.sql
        let now = context.clock.nowMilliseconds
        var budget = Self.batchPerAlarm
        let headsQuery = """
            SELECT seq, event_id, customer, attempts, fail_attempts FROM queue q
            WHERE seq = (SELECT min(seq) FROM queue WHERE customer = q.customer) AND next_at <= ? ORDER BY seq LIMIT ?
            """
        while budget > 0 {
            let heads = try sql.exec(headsQuery, .integer(now), .integer(Int64(budget))).raw()
            if heads.isEmpty { break }
            for head in heads {
                budget -= 1
                try attempt(seq: head[0].int64, eventId: head[1].text, customer: head[2].text, attempts: head[3].int + 1, failAttempts: head[4].int, now: now, context: context)
            }
        }
        if budget == 0 {
            try context.setAlarm(now)
            return
        }
        let next = try sql.exec(
            "SELECT min(next_at) FROM queue q WHERE seq = (SELECT min(seq) FROM queue WHERE customer = q.customer)"
        ).one().values[0]
        if case .integer(let t) = next { try context.setAlarm(max(t, now)) }
    }

    /// One delivery attempt of a customer's head event.
    private func attempt(
        seq: Int64, eventId: String, customer: String, attempts: Int, failAttempts: Int, now: Int64,
        context: isolated ObjectContext
    ) throws {
        let sql = context.storage.sql
        if attempts > failAttempts {
            let inserted = try sql.exec(
                "INSERT OR IGNORE INTO delivered (event_id, customer, seq, attempts, delivered_at) VALUES (?, ?, ?, ?, ?)",
                .text(eventId), .text(customer), .integer(seq), .integer(Int64(attempts)), .integer(now)
            ).rowsWritten
            if inserted == 0 { try bump("duplicates", context) }
            let last = try sql.exec("SELECT last_seq FROM customers WHERE customer = ?", .text(customer)).raw().first?[0].int64
            if let last, last > seq { try bump("outOfOrder", context) }
            try sql.exec(
                "INSERT INTO customers (customer, last_seq) VALUES (?, ?) ON CONFLICT (customer) DO UPDATE SET last_seq = excluded.last_seq",
                .text(customer), .integer(seq))
            try sql.exec("DELETE FROM queue WHERE seq = ?", .integer(seq))
        } else if attempts >= settings.maxAttempts {
            try sql.exec(
                "INSERT OR REPLACE INTO dead (event_id, customer, seq, attempts, error, dead_at) VALUES (?, ?, ?, ?, ?, ?)",
                .text(eventId), .text(customer), .integer(seq), .integer(Int64(attempts)),
                .text("delivery failed \(attempts) times"), .integer(now))
            try sql.exec("DELETE FROM queue WHERE seq = ?", .integer(seq))
        } else {
            let delay = min(settings.maxDelayMs, settings.baseDelayMs << Int64(min(attempts - 1, 40)))
            try sql.exec(
                "UPDATE queue SET attempts = ?, next_at = ? WHERE seq = ?", .integer(Int64(attempts)), .integer(now + delay),
                .integer(seq))
        }
    }

    private func bump(_ key: String, _ context: isolated ObjectContext) throws {
        try context.storage.put(key, .number(Double((try context.storage.get(key)?.integer ?? 0) + 1)))
    }

    static let objectClass = DurableObjectClass(name: "WebhookProcessor") { context in
        let settings = try await context.blockConcurrencyWhile { () throws -> Settings in
            try context.storage.sql.exec(
                """
                CREATE TABLE IF NOT EXISTS queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE,
                    customer TEXT NOT NULL, payload TEXT NOT NULL, attempts INTEGER NOT NULL, fail_attempts INTEGER NOT NULL,
                    next_at INTEGER NOT NULL, enqueued_at INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS queue_customer ON queue (customer, seq);
                CREATE TABLE IF NOT EXISTS delivered (event_id TEXT PRIMARY KEY, customer TEXT NOT NULL, seq INTEGER NOT NULL,
                    attempts INTEGER NOT NULL, delivered_at INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS dead (event_id TEXT PRIMARY KEY, customer TEXT NOT NULL, seq INTEGER NOT NULL,
                    attempts INTEGER NOT NULL, error TEXT NOT NULL, dead_at INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS customers (customer TEXT PRIMARY KEY, last_seq INTEGER NOT NULL)
                """)
            var s = Settings()
            if let stored = try context.storage.get("settings") {
                s.maxAttempts = stored["maxAttempts"]?.integer ?? s.maxAttempts
                s.baseDelayMs = Int64(stored["baseDelayMs"]?.integer ?? Int(s.baseDelayMs))
                s.maxDelayMs = Int64(stored["maxDelayMs"]?.integer ?? Int(s.maxDelayMs))
            }
            return s
        }
        return WebhookProcessor(settings: settings)
    }

    static let pattern = PatternClass(
        binding: "WEBHOOK_PROCESSOR", objectClass: objectClass,
        summary: "A durable webhook queue: accepted events are never lost, retried with backoff by alarms, in order per customer.",
        implementation: """
            `enqueue` writes the event to a SQL queue (idempotent on eventId) and arms the alarm; it returns once \
            the event is durable. The alarm delivers the oldest event of each customer whose retry time has come \
            (up to 200 per run); a failure sets that event's next attempt to baseDelayMs × 2^(attempt−1) (capped \
            at maxDelayMs) and holds back only that customer; after maxAttempts the event goes to the dead \
            letters. The alarm re-arms for the earliest retry. Delivery is simulated: `failAttempts` on an event \
            says how many attempts fail.
            """,
        methods: [
            MethodSpec(
                "enqueue", "Stores an event for delivery; a repeated eventId is acknowledged and ignored.",
                arguments: Schema.object(
                    [
                        "eventId": Schema.string("Unique event id (idempotency key).", minLength: 1, maxLength: 256),
                        "customer": Schema.string("Events of one customer are delivered in order.", minLength: 1, maxLength: 256),
                        "payload": Schema.any("The event body (any JSON)."),
                        "failAttempts": Schema.integer("Simulation: how many delivery attempts fail before one succeeds.", minimum: 0, maximum: 100, default: 0),
                    ], required: ["eventId", "customer"]),
                result: Schema.object(
                    [
                        "accepted": Schema.boolean("False for a duplicate eventId."),
                        "duplicate": Schema.boolean("Whether the eventId was already known."),
                        "pending": Schema.integer("Events waiting in the queue."),
                    ], required: ["accepted", "duplicate", "pending"])),
            MethodSpec(
                "status", "Queue counts and the next attempt time.",
                result: Schema.object(
                    [
                        "pending": Schema.integer("Events waiting."), "delivered": Schema.integer("Events delivered."),
                        "deadLettered": Schema.integer("Events given up on."),
                        "duplicates": Schema.integer("Deliveries of an already delivered event (should stay 0)."),
                        "outOfOrder": Schema.integer("Deliveries before an earlier event of the same customer (should stay 0)."),
                        "nextAttemptAt": Schema.nullable(Schema.integer("The alarm, milliseconds since the epoch.")),
                    ], required: ["pending", "delivered", "deadLettered", "duplicates", "outOfOrder", "nextAttemptAt"])),
            MethodSpec(
                "deliveries", "Delivered events in delivery order.",
                arguments: Schema.object([
                    "customer": Schema.string("Only this customer's events.", minLength: 1),
                    "limit": Schema.integer("At most this many.", minimum: 1, maximum: 1_000, default: 100),
                ]),
                result: Schema.object(
                    ["deliveries": Schema.array(Schema.any("{eventId, customer, attempts, deliveredAt}"), "In delivery order.")],
                    required: ["deliveries"])),
            MethodSpec(
                "deadLetters", "Events that failed maxAttempts times.",
                arguments: Schema.object(["limit": Schema.integer("At most this many.", minimum: 1, maximum: 1_000, default: 100)]),
                result: Schema.object(
                    ["deadLetters": Schema.array(Schema.any("{eventId, customer, attempts, error}"), "Oldest first.")],
                    required: ["deadLetters"])),
            MethodSpec(
                "configure", "Sets the retry policy of this queue (persisted).",
                arguments: Schema.object([
                    "maxAttempts": Schema.integer("Attempts before dead-lettering.", minimum: 1, maximum: 100, default: 5),
                    "baseDelayMs": Schema.integer("First retry delay; doubles each attempt.", minimum: 1, maximum: 3_600_000, default: 1_000),
                    "maxDelayMs": Schema.integer("Longest retry delay.", minimum: 1, maximum: 86_400_000, default: 60_000),
                ]),
                result: Schema.object(
                    [
                        "maxAttempts": Schema.integer("Attempts."), "baseDelayMs": Schema.integer("Base delay."),
                        "maxDelayMs": Schema.integer("Cap."),
                    ], required: ["maxAttempts", "baseDelayMs", "maxDelayMs"])),
        ],
        defaultWorkloadMethod: "enqueue", defaultWorkloadArguments: ["payload": ["type": "subscription.created"]],
        makePlan: { method, _ in method == "enqueue" ? WebhookPlan() as any WorkloadPlan : UncheckedPlan() })
}
