import DurableObjects
import JSONModel

/// `TASK_RUNNER`: many scheduled tasks multiplexed onto the object's one alarm.
///
/// Tasks live in a SQL table; the alarm is always set to the earliest pending task. The alarm handler runs
/// every task that is due (marking it done with its run time) and re-arms for the next one. Scheduling an
/// earlier task moves the alarm forward; cancelling the earliest moves it back.
final class TaskRunner: DurableObject {
    func call(_ method: String, _ args: JSON, context: isolated ObjectContext) async throws -> JSON {
        let a = Arguments(args)
        let sql = context.storage.sql
        let now = context.clock.nowMilliseconds
        switch method {
        case "schedule":
            let name = try a.string("name")
            let runAt: Int64
            if let at = a.optional("at") {
                guard let ms = at.integer else { throw DurableObjectError.badField("at", "must be an integer (ms since the epoch)") }
                runAt = Int64(ms)
            } else {
                runAt = now + Int64(try a.double("delaySeconds", default: 0) * 1000)
            }
            let id = try sql.exec(
                "INSERT INTO tasks (name, payload, run_at, status) VALUES (?, ?, ?, 'pending') RETURNING id",
                .text(name), .text((a.optional("payload") ?? .null).textAsWritten), .integer(runAt)
            ).one().values[0].int
            try rearm(context)
            return ["id": .number(Double(id)), "runAt": .number(Double(runAt))]
        case "cancel":
            let id = try a.int("id")
            let changed = try sql.exec(
                "UPDATE tasks SET status = 'cancelled' WHERE id = ? AND status = 'pending'", .integer(Int64(id))
            ).rowsWritten
            if changed > 0 { try rearm(context) }
            return ["cancelled": .bool(changed > 0)]
        case "list":
            let status = a.optional("status")?.stringValue ?? "pending"
            let rows = try sql.exec(
                "SELECT id, name, run_at, status, ran_at FROM tasks WHERE status = ? ORDER BY run_at, id LIMIT ?",
                .text(status), .integer(Int64(try a.int("limit", default: 100)))
            ).raw()
            return [
                "tasks": .array(
                    rows.map {
                        ["id": $0[0].json, "name": .string($0[1].text), "runAt": $0[2].json, "status": .string($0[3].text), "ranAt": $0[4].json]
                    })
            ]
        case "stats":
            let v = try sql.exec(
                """
                SELECT (SELECT count(*) FROM tasks WHERE status = 'pending'), (SELECT count(*) FROM tasks WHERE status = 'done'),
                       (SELECT count(*) FROM tasks WHERE status = 'cancelled'), (SELECT sum(runs) FROM tasks),
                       (SELECT min(run_at) FROM tasks WHERE status = 'pending')
                """
            ).one().values
            let alarm = try context.getAlarm()
            return [
                "pending": .number(Double(v[0].int)), "done": .number(Double(v[1].int)), "cancelled": .number(Double(v[2].int)),
                "runs": .number(Double(v[3].int)), "nextRunAt": v[4].json, "alarm": alarm.map { .number(Double($0)) } ?? .null,
            ]
        default:
            throw DurableObjectError(.notFound, "TaskRunner has no method \"\(method)\".")
        }
    }

    /// Sets the alarm to the earliest pending task, or deletes it when none is left.
    private func rearm(_ context: isolated ObjectContext) throws {
        let next = try context.storage.sql.exec("SELECT min(run_at) FROM tasks WHERE status = 'pending'").one().values[0]
        if case .integer(let t) = next {
            if try context.getAlarm() != t { try context.setAlarm(t) }
        } else {
            try context.deleteAlarm()
        }
    }

    func alarm(_ info: AlarmInfo, context: isolated ObjectContext) async throws {
        let now = context.clock.nowMilliseconds
        // "Running" a task is recording that it ran; a real runner would do the work here, idempotently.
        try context.storage.sql.exec(
            "UPDATE tasks SET status = 'done', ran_at = ?, runs = runs + 1 WHERE status = 'pending' AND run_at <= ?",
            .integer(now), .integer(now))
        try rearm(context)
    }

    static let objectClass = DurableObjectClass(name: "TaskRunner") { context in
        _ = try await context.blockConcurrencyWhile {
            try context.storage.sql.exec(
                """
                CREATE TABLE IF NOT EXISTS tasks (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, payload TEXT NOT NULL,
                    run_at INTEGER NOT NULL, status TEXT NOT NULL, ran_at INTEGER, runs INTEGER NOT NULL DEFAULT 0);
                CREATE INDEX IF NOT EXISTS tasks_due ON tasks (status, run_at)
                """)
        }
        return TaskRunner()
    }

    static let pattern = PatternClass(
        binding: "TASK_RUNNER", objectClass: objectClass,
        summary: "Many scheduled tasks per object on its single alarm.",
        implementation: """
            An object has one alarm, so tasks are rows (run_at, status) and the alarm is kept at the earliest \
            pending run_at. The alarm handler runs every due task in one invocation and re-arms for the next; \
            `schedule` and `cancel` re-arm only when the earliest time changes. Storage is the schedule: \
            nothing is lost on eviction, and no timer keeps the object awake.
            """,
        methods: [
            MethodSpec(
                "schedule", "Schedules a task `delaySeconds` from now (or `at` ms since the epoch).",
                arguments: Schema.object(
                    [
                        "name": Schema.string("Task name.", minLength: 1, maxLength: 256),
                        "delaySeconds": Schema.number("Delay from now in seconds.", minimum: 0, maximum: 31_536_000),
                        "at": Schema.integer("Absolute time, milliseconds since the epoch (instead of delaySeconds)."),
                        "payload": Schema.any("Any JSON for the task."),
                    ], required: ["name"]),
                result: Schema.object(
                    ["id": Schema.integer("Task id."), "runAt": Schema.integer("When it runs, ms since the epoch.")],
                    required: ["id", "runAt"])),
            MethodSpec(
                "cancel", "Cancels a pending task.",
                arguments: Schema.object(["id": Schema.integer("Task id.", minimum: 1)], required: ["id"]),
                result: Schema.object(["cancelled": Schema.boolean("Whether a pending task was cancelled.")], required: ["cancelled"])),
            MethodSpec(
                "list", "Tasks with a status, by run time.",
                arguments: Schema.object([
                    "status": Schema.string("Which tasks.", enum: ["pending", "done", "cancelled"]),
                    "limit": Schema.integer("At most this many.", minimum: 1, maximum: 1_000, default: 100),
                ]),
                result: Schema.object(
                    ["tasks": Schema.array(Schema.any("{id, name, runAt, status, ranAt}"), "By run time.")], required: ["tasks"])),
            MethodSpec(
                "stats", "Counts, the next run time and the alarm (equal when multiplexing is right).",
                result: Schema.object(
                    [
                        "pending": Schema.integer("Pending tasks."), "done": Schema.integer("Tasks that ran."),
                        "cancelled": Schema.integer("Cancelled tasks."), "runs": Schema.integer("Task runs (done tasks ran once each)."),
                        "nextRunAt": Schema.nullable(Schema.integer("Earliest pending run time.")),
                        "alarm": Schema.nullable(Schema.integer("The object's alarm.")),
                    ], required: ["pending", "done", "cancelled", "runs", "nextRunAt", "alarm"])),
        ],
        defaultWorkloadMethod: "schedule", defaultWorkloadArguments: ["name": "job", "delaySeconds": 0],
        makePlan: { method, args in
            method == "schedule" && args["at"] == nil && (args["delaySeconds"]?.number ?? 0) == 0
                ? TaskRunnerPlan() as any WorkloadPlan : UncheckedPlan()
        })
}

/// For tasks scheduled to run at once: waits for the alarms, then checks each ran exactly once and the alarm
/// follows the earliest pending task.
final class TaskRunnerPlan: WorkloadPlan {
    private let state = Locked<(baseline: [Int: JSON], scheduled: [Int: Int])>(([:], [:]))

    func prepare(_ target: WorkloadTarget) async throws {
        let stats = try await target.callTouched("stats")
        state.withLock { $0.baseline = stats }
    }

    func record(object: Int, arguments: JSON, result: JSON?) {
        guard result != nil else { return }
        state.withLock { $0.scheduled[object, default: 0] += 1 }
    }

    func verify(_ target: WorkloadTarget) async -> [WorkloadCheck] {
        let (baseline, scheduled) = state.withLock { ($0.baseline, $0.scheduled) }
        let start = ContinuousClock.now
        var stats: [Int: JSON] = [:]
        do {
            while true {
                stats = try await target.callTouched("stats")
                let pending = stats.values.reduce(0) { $0 + ($1["pending"]?.integer ?? 0) }
                if pending == 0 || ContinuousClock.now - start > .seconds(30) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
        } catch {
            return [WorkloadCheck("tasks_ran_once", false, "could not read the runners: \(error)")]
        }
        var done = 0
        var runs = 0
        var misarmed: [String] = []
        for (i, s) in stats {
            done += (s["done"]?.integer ?? 0) - (baseline[i]?["done"]?.integer ?? 0)
            runs += (s["runs"]?.integer ?? 0) - (baseline[i]?["runs"]?.integer ?? 0)
            if s["nextRunAt"] != s["alarm"] { misarmed.append(target.names[i]) }
        }
        let sent = scheduled.values.reduce(0, +)
        return [
            WorkloadCheck("tasks_ran_once", done == sent && runs == sent, "\(sent) scheduled, \(done) done, \(runs) runs"),
            WorkloadCheck(
                "alarm_follows_earliest_task", misarmed.isEmpty,
                misarmed.isEmpty ? "every object's alarm equals its earliest pending task" : "misarmed: \(misarmed.prefix(5).joined(separator: ", "))"),
        ]
    }
}
