import DurableObjects
import JSONModel

/// `RATE_LIMITER`: an exact sliding-window log per key, in SQL.
///
/// Each allowed request stores one row `(key, at)`; a check first deletes the key's rows older than the window,
/// then allows the request if fewer than `limit` remain. So in any window of `windowSeconds` at most `limit`
/// requests of a key are allowed (no burst at fixed-window boundaries). An alarm purges keys nobody checks
/// any more, so storage does not grow with dead keys.
final class RateLimiter: DurableObject {
    /// The longest window seen (persisted in `config`), how old a row must be to be purged.
    private var purgeWindowMs: Int64

    init(purgeWindowMs: Int64) { self.purgeWindowMs = purgeWindowMs }

    func call(_ method: String, _ args: JSON, context: isolated ObjectContext) async throws -> JSON {
        switch method {
        case "check":
            let a = Arguments(args)
            let key = try a.string("key")
            let limit = try a.int("limit")
            let windowMs = Int64(try a.int("windowSeconds")) * 1000
            let now = context.clock.nowMilliseconds
            let sql = context.storage.sql
            try sql.exec("DELETE FROM hits WHERE key = ? AND at <= ?", .text(key), .integer(now - windowMs))
            let rows = try sql.exec("SELECT count(*), min(at) FROM hits WHERE key = ?", .text(key)).one()
            let used = rows.values[0].int
            let allowed = used < limit
            if allowed { try sql.exec("INSERT INTO hits (key, at) VALUES (?, ?)", .text(key), .integer(now)) }
            let oldest: Int64 = used > 0 ? Int64(rows.values[1].int) : now
            let resetAt = (used == 0 && allowed) ? now + windowMs : oldest + windowMs
            if windowMs > purgeWindowMs {
                purgeWindowMs = windowMs
                try sql.exec(
                    "INSERT INTO config (id, window_ms) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET window_ms = max(window_ms, excluded.window_ms)",
                    .integer(windowMs))
            }
            if try context.getAlarm() == nil { try context.setAlarm(now + purgeWindowMs) }
            return [
                "allowed": .bool(allowed), "remaining": .number(Double(max(0, limit - used - (allowed ? 1 : 0)))),
                "resetAt": .number(Double(resetAt)),
            ]
        default:
            throw DurableObjectError(.notFound, "RateLimiter has no method \"\(method)\".")
        }
    }

    func alarm(_ info: AlarmInfo, context: isolated ObjectContext) async throws {
        let now = context.clock.nowMilliseconds
        let window = purgeWindowMs
        try context.storage.sql.exec("DELETE FROM hits WHERE at <= ?", .integer(now - window))
        let left = try context.storage.sql.exec("SELECT count(*) FROM hits").one().values[0].int
        if left > 0 { try context.setAlarm(now + window) }
    }

    static let objectClass = DurableObjectClass(name: "RateLimiter") { context in
        let window = try await context.blockConcurrencyWhile {
            try context.storage.sql.exec(
                """
                CREATE TABLE IF NOT EXISTS hits (key TEXT NOT NULL, at INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS hits_key_at ON hits (key, at);
                CREATE TABLE IF NOT EXISTS config (id INTEGER PRIMARY KEY CHECK (id = 1), window_ms INTEGER NOT NULL)
                """)
            return try context.storage.sql.exec("SELECT coalesce(max(window_ms), 0) FROM config").one().values[0].int64
        }
        return RateLimiter(purgeWindowMs: window)
    }

    static let pattern = PatternClass(
        binding: "RATE_LIMITER", objectClass: objectClass,
        summary: "Per-key rate limiting with an exact sliding window: at most `limit` requests per key in any window.",
        implementation: """
            A sliding-window log in SQLite: one row per allowed request (key, time), indexed by (key, at). A check \
            deletes the key's expired rows, counts the rest and inserts a row if the count is under the limit, \
            all in one event (no race). An alarm purges expired rows of keys nobody checks any more. The schema \
            is created in the constructor inside blockConcurrencyWhile. One object per limited scope (a user, an \
            IP): a single global limiter would be a hot spot.
            """,
        methods: [
            MethodSpec(
                "check", "Counts one request of `key` against `limit` per `windowSeconds`.",
                arguments: Schema.object(
                    [
                        "key": Schema.string("What is limited (a user, an IP, an API key).", minLength: 1, maxLength: 512),
                        "limit": Schema.integer("Requests allowed per window.", minimum: 1, maximum: 1_000_000),
                        "windowSeconds": Schema.integer("Window length in seconds.", minimum: 1, maximum: 86_400),
                    ], required: ["key", "limit", "windowSeconds"]),
                result: Schema.object(
                    [
                        "allowed": Schema.boolean("Whether this request is within the limit."),
                        "remaining": Schema.integer("Requests still allowed in the current window."),
                        "resetAt": Schema.integer("Milliseconds since the epoch when the oldest counted request leaves the window."),
                    ], required: ["allowed", "remaining", "resetAt"])),
        ],
        defaultWorkloadMethod: "check", defaultWorkloadArguments: ["key": "client", "limit": 100, "windowSeconds": 60],
        makePlan: { method, _ in method == "check" ? RateLimiterPlan() as any WorkloadPlan : UncheckedPlan() })
}

/// Checks that no key was allowed more often than its limit allows over the run's duration.
final class RateLimiterPlan: WorkloadPlan {
    private struct Key: Hashable {
        var object: Int
        var key: String
    }
    private let state = Locked<(allowed: [Key: Int], limits: [Key: (limit: Int, window: Int)])>(([:], [:]))

    func arguments(request: Int, object: Int, base: JSON) -> JSON {
        guard case .object(var m) = base, base["key"] == nil else { return base }
        m["key"] = .string("client-\(request % 4)")
        return .object(m)
    }

    func record(object: Int, arguments: JSON, result: JSON?) {
        guard let result, let key = arguments["key"]?.stringValue else { return }
        let k = Key(object: object, key: key)
        let allowed = result["allowed"]?.boolValue == true
        state.withLock { s in
            if allowed { s.allowed[k, default: 0] += 1 }
            s.limits[k] = (arguments["limit"]?.integer ?? 0, arguments["windowSeconds"]?.integer ?? 1)
        }
    }

    func verify(_ target: WorkloadTarget) async -> [WorkloadCheck] {
        let (allowed, limits) = state.withLock { ($0.allowed, $0.limits) }
        var over: [String] = []
        var total = 0
        for (k, l) in limits {
            let n = allowed[k] ?? 0
            total += n
            let windows = 1 + Int(target.elapsedSeconds / Double(l.window))
            if n > l.limit * windows { over.append("\(target.names[k.object])/\(k.key): \(n) > \(l.limit)×\(windows)") }
        }
        return [
            WorkloadCheck(
                "rate_limit_respected", over.isEmpty,
                over.isEmpty
                    ? "\(limits.count) keys, \(total) requests allowed, none above limit × windows elapsed"
                    : "\(over.count) keys over their limit: \(over.prefix(5).joined(separator: "; "))")
        ]
    }
}
