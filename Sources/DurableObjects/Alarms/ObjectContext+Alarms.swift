import GRDBSQLite

/// What happened when the scheduler delivered an alarm.
enum AlarmOutcome: Sendable {
    case succeeded
    case failed
    /// The stored alarm was deleted or moved; nothing ran.
    case cancelled
    /// The class has no alarm handler: dropped without retry.
    case noHandler
}

extension ObjectContext {
    /// Runs the alarm scheduled at `scheduled` (ns) as an event, with deferred deletion (semantics §8.2).
    func runAlarm(scheduled: Int64, retryCount: Int) async throws -> AlarmOutcome {
        try await perform(.alarm) { ctx, object in
            guard let stored = try ctx.storage.storedAlarmNanos() else { return .cancelled }
            if stored > scheduled { return .cancelled }
            guard ctx.namespace.objectClass.hasAlarmHandler else {
                try ctx.storage.writeAlarm(nanos: nil, options: WriteOptions())
                return .noHandler
            }
            ctx.storage.deferredAlarmDelete = stored
            defer { ctx.storage.deferredAlarmDelete = nil }
            try await object.alarm(
                AlarmInfo(scheduledTime: stored / 1_000_000, retryCount: retryCount), context: ctx)
            if ctx.storage.deferredAlarmDelete == stored, try ctx.storage.db(create: false).map({ try ctx.storage.readAlarm($0) }) == stored {
                try ctx.storage.writeAlarm(nanos: nil, options: WriteOptions())
            }
            return .succeeded
        }
    }

    /// Clears the stored alarm after the scheduler gave up on it.
    func clearDroppedAlarm(scheduled: Int64) async throws {
        try await perform(.internalEvent) { ctx, _ in
            if let c = try ctx.storage.db(create: false), try ctx.storage.readAlarm(c) != nil {
                try ctx.storage.writeAlarm(nanos: nil, options: WriteOptions())
            }
        }
    }

    /// The alarm handler exceeded the wall-time limit: reset the instance.
    func breakForAlarmTimeout() {
        breakObject(
            DurableObjectError(
                .timeout, "The Durable Object's alarm handler exceeded its wall-time limit and was canceled.",
                remote: true, overloaded: true, durableObjectReset: true))
    }

    /// Breaks the instance and deletes nothing itself (the namespace removes files).
    func deleteAndReset() {
        breakObject(DurableObjectError(.reset, "The Durable Object was deleted.", remote: true, durableObjectReset: true))
    }
}

extension DurableObjectNamespace {
    func alarmPersistBeforeCommit(_ id: DurableObjectId, nanos: Int64) throws {
        try alarms.persist(namespace: binding, id: id, nanos: nanos)
    }

    func alarmCommitted(_ id: DurableObjectId, _ change: AlarmChange) {
        alarms.committed(namespace: binding, id: id, change: change)
    }

    /// Delivers one due alarm and reports the outcome to the scheduler.
    @discardableResult
    func deliverAlarm(_ due: AlarmQueue.Due) async -> AlarmRun {
        let stub = DurableObjectStub(id: due.key.id, namespace: self)
        let clock = runtimeConfig.clock
        let deadline = clock.nowNanoseconds + runtimeConfig.alarmTimeout.nanoseconds
        let logger = runtimeConfig.logger
        let binding = self.binding
        // The handler races the alarm wall-time limit; on expiry the instance is reset and the run counts as a
        // failure (retried).
        let (succeeded, failure): (Bool, String?) = await withTaskGroup(of: (Bool, String?)?.self) { group in
            group.addTask {
                do {
                    let outcome = try await stub.withInstance {
                        try await $0.runAlarm(scheduled: due.time, retryCount: due.retryCount)
                    }
                    return (outcome != .failed, nil)
                } catch {
                    logger.debug("alarm of \(binding) \(due.key.id.hex) failed: \(error)")
                    return (false, DurableObjectError.from(error).message)
                }
            }
            group.addTask {
                do {
                    try await clock.sleep(untilNanoseconds: deadline)
                    return nil
                } catch {
                    return (true, nil)
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            guard let first else {
                if let context = try? self.context(for: due.key.id) {
                    await context.breakForAlarmTimeout()
                }
                return (false, "The alarm handler ran past the alarm wall-time limit; the object was reset.")
            }
            return first
        }
        let result = alarms.finished(due, succeeded: succeeded)
        var run = AlarmRun(
            scheduledTime: due.time / 1_000_000, retryCount: due.retryCount, succeeded: succeeded, error: failure)
        switch result {
        case .rescheduled(let t):
            if !succeeded { metrics.alarm(retried: true) }
            run.nextTime = t / 1_000_000
        case .dropped:
            metrics.alarm(dropped: true)
            run.dropped = true
            try? await stub.withInstance { try await $0.clearDroppedAlarm(scheduled: due.time) }
        case .removed: break
        }
        return run
    }

    /// Runs an object's scheduled alarm now, whatever its time, as the scheduler would (a failure is retried
    /// with the usual backoff); nil when the object has no alarm set (or it is running).
    public func runAlarmNow(_ id: DurableObjectId) async -> AlarmRun? {
        guard let due = alarms.takeNow(namespace: binding, id: id) else { return nil }
        return await deliverAlarm(due)
    }
}

/// One delivery of an alarm.
public struct AlarmRun: Sendable, Equatable {
    /// The time the alarm was set for, in milliseconds since the epoch.
    public var scheduledTime: Int64
    /// Retries before this run (0 on the first attempt).
    public var retryCount: Int
    /// Whether the handler finished without throwing.
    public var succeeded: Bool
    /// The handler's error, when it failed.
    public var error: String?
    /// When the alarm runs next (a retry, or a time the handler set), in milliseconds since the epoch.
    public var nextTime: Int64?
    /// Whether retries were exhausted and the alarm was dropped.
    public var dropped = false
}

extension ObjectStorage {
    /// Storage summary for `inspectObject`: the key count, and at most `keyLimit` keys from the `keyOffset`-th in
    /// key order.
    func inspection(keyOffset: Int = 0, keyLimit: Int = 10) throws -> ObjectInspection {
        var keys: [(String, Int)] = []
        var keyCount = 0
        var tables: [ObjectInspection.Table] = []
        if let c = try db(create: false) {
            if try kvTableExists(c) {
                keyCount = Int(try c.integer("SELECT count(*) FROM _cf_KV"))
                let s = try c.cached("SELECT key, length(value) FROM _cf_KV ORDER BY key LIMIT ? OFFSET ?")
                sqlite3_bind_int64(s, 1, Int64(max(0, keyLimit)))
                sqlite3_bind_int64(s, 2, Int64(max(0, keyOffset)))
                while sqlite3_step_row(s) { keys.append((s.text(0), Int(sqlite3_column_int64_(s, 1)))) }
            }
            let s = try c.cached(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
            var names: [String] = []
            while sqlite3_step_row(s) { names.append(s.text(0)) }
            for n in names {
                let rows = try c.integer("SELECT count(*) FROM \"\(n.replacingOccurrences(of: "\"", with: "\"\""))\"")
                tables.append(.init(name: n, rows: Int(rows)))
            }
        }
        return ObjectInspection(
            id: "", exists: true, inMemory: true, keyCount: keyCount, sampleKeys: keys.map { (key: $0.0, valueBytes: $0.1) },
            tables: tables, databaseSize: try databaseSize, alarm: nil, webSockets: [])
    }
}
