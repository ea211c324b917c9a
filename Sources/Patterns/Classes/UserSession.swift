import DurableObjects
import JSONModel

/// `USER_SESSION`: one object per session, data in storage, expiry by alarm.
///
/// `set` stores the data and its expiry time and sets the alarm to that time; the alarm deletes everything
/// (`deleteAll` and the alarm), so an expired session costs no storage. Reads also check the expiry, so a
/// session is never served past its time even if the alarm is late.
final class UserSession: DurableObject {
    func call(_ method: String, _ args: JSON, context: isolated ObjectContext) async throws -> JSON {
        let storage = context.storage
        let now = context.clock.nowMilliseconds
        switch method {
        case "set":
            let a = Arguments(args)
            guard let data = a.optional("data") else { throw DurableObjectError.badField("data", "is required") }
            let expiresAt = now + Int64(try a.int("ttlSeconds", default: 3_600)) * 1000
            try storage.put([("data", data), ("expiresAt", .number(Double(expiresAt)))])
            try context.setAlarm(expiresAt)
            return ["expiresAt": .number(Double(expiresAt))]
        case "get":
            guard let expiresAt = try storage.get("expiresAt")?.integer, Int64(expiresAt) > now else {
                return ["data": .null, "expiresAt": .null]
            }
            return ["data": try storage.get("data") ?? .null, "expiresAt": .number(Double(expiresAt))]
        case "touch":
            guard let old = try storage.get("expiresAt")?.integer, Int64(old) > now else {
                return ["expiresAt": .null]
            }
            let expiresAt = now + Int64(try Arguments(args).int("ttlSeconds", default: 3_600)) * 1000
            try storage.put("expiresAt", .number(Double(expiresAt)))
            try context.setAlarm(expiresAt)
            return ["expiresAt": .number(Double(expiresAt))]
        case "expire":
            let existed = try storage.get("expiresAt") != nil
            _ = try storage.deleteAll()
            try context.deleteAlarm()
            return ["expired": .bool(existed)]
        default:
            throw DurableObjectError(.notFound, "UserSession has no method \"\(method)\".")
        }
    }

    func alarm(_ info: AlarmInfo, context: isolated ObjectContext) async throws {
        let now = context.clock.nowMilliseconds
        if let expiresAt = try context.storage.get("expiresAt")?.integer, Int64(expiresAt) > now {
            try context.setAlarm(Int64(expiresAt))  // touched since the alarm was set
            return
        }
        _ = try context.storage.deleteAll()
    }

    static let objectClass = DurableObjectClass(name: "UserSession") { _ in UserSession() }

    static let pattern = PatternClass(
        binding: "USER_SESSION", objectClass: objectClass,
        summary: "Session data per user or session id, expiring after a time to live.",
        implementation: """
            One object per session (`idFromName("user:<id>")`). `set` writes the data and `expiresAt` in one \
            batched put and sets the alarm to `expiresAt`; `touch` extends both. The alarm deletes all storage \
            (no timer: timers die with the instance). Reads check `expiresAt` too, so a late alarm never serves \
            stale data. Nothing is kept in memory: storage is the truth across eviction.
            """,
        methods: [
            MethodSpec(
                "set", "Stores the session data for `ttlSeconds` (default 3,600).",
                arguments: Schema.object(
                    [
                        "data": Schema.any("Any JSON value: the session data."),
                        "ttlSeconds": Schema.integer("Time to live in seconds.", minimum: 1, maximum: 31_536_000, default: 3_600),
                    ], required: ["data"]),
                result: Schema.object(["expiresAt": Schema.integer("Expiry, milliseconds since the epoch.")], required: ["expiresAt"])),
            MethodSpec(
                "get", "Returns the data, or null once expired.",
                result: Schema.object(
                    [
                        "data": Schema.any("The session data, or null."),
                        "expiresAt": Schema.nullable(Schema.integer("Expiry, milliseconds since the epoch.")),
                    ], required: ["data", "expiresAt"])),
            MethodSpec(
                "touch", "Extends a live session by `ttlSeconds` from now.",
                arguments: Schema.object(["ttlSeconds": Schema.integer("Time to live in seconds.", minimum: 1, maximum: 31_536_000, default: 3_600)]),
                result: Schema.object(["expiresAt": Schema.nullable(Schema.integer("New expiry, or null when there was no live session."))], required: ["expiresAt"])),
            MethodSpec(
                "expire", "Ends the session now: deletes its storage and alarm.",
                result: Schema.object(["expired": Schema.boolean("Whether there was a session.")], required: ["expired"])),
        ],
        defaultWorkloadMethod: "set", defaultWorkloadArguments: ["data": ["cart": 1], "ttlSeconds": 3_600],
        makePlan: { method, _ in method == "set" ? SessionPlan() as any WorkloadPlan : UncheckedPlan() })
}

/// Checks that every session written during the run can be read back.
final class SessionPlan: WorkloadPlan {
    func verify(_ target: WorkloadTarget) async -> [WorkloadCheck] {
        do {
            let sessions = try await target.callTouched("get")
            let missing = sessions.filter { $0.value["data"] == .null }.map { target.names[$0.key] }
            return [
                WorkloadCheck(
                    "sessions_readable", missing.isEmpty,
                    missing.isEmpty
                        ? "\(sessions.count) sessions read back"
                        : "\(missing.count) sessions missing: \(missing.prefix(5).joined(separator: ", "))")
            ]
        } catch {
            return [WorkloadCheck("sessions_readable", false, "could not read the sessions: \(error)")]
        }
    }
}
