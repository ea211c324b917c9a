import Foundation
import GRDBSQLite

/// Runs alarms: keeps `AlarmQueue` (behind a lock, because object turns update it synchronously at commit),
/// persists each namespace's alarms in `<dataDir>/do/<uniqueKey>/metadata.sqlite` (`_cf_ALARM`), and is driven
/// by the runtime's `run()` loop on the injected clock.
package final class AlarmScheduler: Sendable {
    private let queue = Locked(AlarmQueue())
    private let stores = Locked<[String: SQLiteConnection]>([:])
    let wake = WakeSignal()
    let clock: any RuntimeClock
    let backoffScale: Double
    let jitter: Bool

    init(clock: any RuntimeClock, backoffScale: Double, jitter: Bool) {
        self.clock = clock
        self.backoffScale = backoffScale
        self.jitter = jitter
    }

    /// Opens a namespace's table and schedules its persisted alarms.
    func load(namespace: DurableObjectNamespace) throws {
        let dir = namespace.directory
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let c = try SQLiteConnection(path: dir + "/metadata.sqlite", create: true, durability: namespace.runtimeConfig.durability)
        try c.execute(
            "CREATE TABLE IF NOT EXISTS _cf_ALARM (actor_id TEXT PRIMARY KEY, scheduled_time INTEGER, actor_name TEXT) WITHOUT ROWID")
        var rows: [(String, Int64, String?)] = []
        let s = try c.cached("SELECT actor_id, scheduled_time, actor_name FROM _cf_ALARM")
        while sqlite3_step(s) == SQLITE_ROW {
            rows.append((s.text(0), sqlite3_column_int64(s, 1), sqlite3_column_type(s, 2) == SQLITE_NULL ? nil : s.text(2)))
        }
        sqlite3_reset(s)
        stores.withLock { $0[namespace.binding] = c }
        queue.withLock { q in
            for (hex, time, name) in rows {
                guard let parsed = try? namespace.key.idFromString(hex) else { continue }
                let id = DurableObjectId(bytes: parsed.bytes, name: name, jurisdiction: nil)
                _ = q.set(AlarmQueue.Key(namespace: namespace.binding, id: id), time: time)
            }
        }
        wake.signal()
    }

    /// Persists an alarm before the object's commit (so a crash never loses it; a spurious row is harmless).
    func persist(namespace: String, id: DurableObjectId, nanos: Int64) throws {
        try stores.withLock { s in
            guard let c = s[namespace] else { return }
            let st = try c.cached("INSERT OR REPLACE INTO _cf_ALARM VALUES (?, ?, ?)")
            st.bind(1, text: id.hex)
            sqlite3_bind_int64(st, 2, nanos)
            if let n = id.name { st.bind(3, text: n) } else { sqlite3_bind_null(st, 3) }
            try c.run(st)
        }
    }

    func removeRow(namespace: String, id: DurableObjectId) {
        stores.withLock { s in
            guard let c = s[namespace], let st = try? c.cached("DELETE FROM _cf_ALARM WHERE actor_id = ?") else { return }
            st.bind(1, text: id.hex)
            try? c.run(st)
        }
    }

    /// An object committed an alarm change.
    func committed(namespace: String, id: DurableObjectId, change: AlarmChange) {
        let key = AlarmQueue.Key(namespace: namespace, id: id)
        switch change {
        case .set(let t):
            _ = queue.withLock { $0.set(key, time: t) }
            wake.signal()
        case .deleted:
            let running = queue.withLock { q -> Bool in
                q.delete(key)
                return q.entries[key] != nil
            }
            if !running { removeRow(namespace: namespace, id: id) }
        }
    }

    /// Forgets every alarm of a namespace, or of one object.
    func forget(namespace: String, id: DurableObjectId?) {
        let keys = queue.withLock { q in q.entries.keys.filter { $0.namespace == namespace && (id == nil || $0.id == id) } }
        for k in keys {
            queue.withLock { $0.delete(k) }
            removeRow(namespace: namespace, id: k.id)
        }
    }

    /// The scheduled time (ns) of an object's alarm, if any.
    func scheduled(namespace: String, id: DurableObjectId) -> Int64? {
        queue.withLock { $0.time(of: AlarmQueue.Key(namespace: namespace, id: id)) }
    }

    func takeDue() -> [AlarmQueue.Due] {
        let now = clock.nowNanoseconds
        return queue.withLock { $0.takeDue(now: now) }
    }

    func takeNow(namespace: String, id: DurableObjectId) -> AlarmQueue.Due? {
        queue.withLock { $0.takeNow(AlarmQueue.Key(namespace: namespace, id: id)) }
    }

    var nextDeadline: Int64? { queue.withLock { $0.nextDeadline } }

    func retryDelay(_ n: Int) -> Int64 {
        let base = Double(Int64(2_000_000_000) << Int64(min(n, 9))) * backoffScale
        let extra = jitter ? Double.random(in: 0...(base * 0.25)) : 0
        return Int64(base + extra)
    }

    /// Records the outcome of a run and persists the consequence.
    func finished(_ due: AlarmQueue.Due, succeeded: Bool) -> AlarmQueue.Finish {
        let now = clock.nowNanoseconds
        let result = queue.withLock { $0.finished(due.key, succeeded: succeeded, now: now, retryDelay: retryDelay) }
        switch result {
        case .removed, .dropped: removeRow(namespace: due.key.namespace, id: due.key.id)
        case .rescheduled(let t): try? persist(namespace: due.key.namespace, id: due.key.id, nanos: t)
        }
        wake.signal()
        return result
    }

    /// Stops running a namespace's alarms (the binding was withdrawn or given to another namespace); its
    /// persisted alarms stay and run again after `load`.
    func unload(binding: String) {
        queue.withLock { $0.drop(namespace: binding) }
        _ = stores.withLock { $0.removeValue(forKey: binding) }
        wake.signal()
    }

    /// Closes the tables.
    func close() { stores.withLock { $0.removeAll() } }
}
