/// The alarm schedule of a runtime as a synchronous state machine (semantics §8).
///
/// At most one entry per object: its due time, retry count, whether it is running, and the time queued behind a
/// running alarm (set by the handler). The scheduler performs the returned actions (persist, deliver, drop).
struct AlarmQueue {
    struct Key: Hashable {
        var namespace: String
        var id: DurableObjectId
    }

    struct Entry {
        var id: DurableObjectId
        var time: Int64
        var retryCount = 0
        var running = false
        var queued: Int64?
        var deletedWhileRunning = false
    }

    /// A due alarm handed to the deliverer.
    struct Due {
        var key: Key
        var time: Int64
        var retryCount: Int
    }

    enum Finish: Equatable {
        /// Nothing more to run: remove the persisted row.
        case removed
        /// Run again at this time (persist it).
        case rescheduled(Int64)
        /// Retries exhausted: clear the object's stored alarm and remove the row.
        case dropped
    }

    private(set) var entries: [Key: Entry] = [:]

    /// Sets (or moves) an object's alarm. Returns true when the earliest deadline may have changed.
    mutating func set(_ key: Key, time: Int64) -> Bool {
        if var e = entries[key] {
            if e.running {
                e.queued = time
                e.deletedWhileRunning = false
            } else {
                e.time = time
                e.retryCount = 0
            }
            entries[key] = e
        } else {
            entries[key] = Entry(id: key.id, time: time)
        }
        return true
    }

    /// Deletes an object's alarm; a running one only loses what is queued behind it.
    mutating func delete(_ key: Key) {
        guard var e = entries[key] else { return }
        if e.running {
            e.queued = nil
            e.deletedWhileRunning = true
            entries[key] = e
        } else {
            entries[key] = nil
        }
    }

    /// Marks every due alarm as running and returns them.
    mutating func takeDue(now: Int64) -> [Due] {
        var due: [Due] = []
        for (k, e) in entries where !e.running && e.time <= now {
            entries[k]?.running = true
            due.append(Due(key: k, time: e.time, retryCount: e.retryCount))
        }
        return due.sorted { $0.time < $1.time }
    }

    /// Marks one object's alarm as running now, whatever its time (a tool's "run the alarm now"); nil when it
    /// has none or it is running.
    mutating func takeNow(_ key: Key) -> Due? {
        guard let e = entries[key], !e.running else { return nil }
        entries[key]?.running = true
        return Due(key: key, time: e.time, retryCount: e.retryCount)
    }

    /// The earliest time of an alarm that is not running.
    var nextDeadline: Int64? {
        entries.values.lazy.filter { !$0.running }.map(\.time).min()
    }

    /// A run finished. `retryDelay(n)` gives the delay before retry n (0-based).
    mutating func finished(_ key: Key, succeeded: Bool, now: Int64, retryDelay: (Int) -> Int64) -> Finish {
        guard var e = entries[key] else { return .removed }
        e.running = false
        if let q = e.queued {
            e.time = q
            e.queued = nil
            e.retryCount = 0
            entries[key] = e
            return .rescheduled(q)
        }
        if succeeded || e.deletedWhileRunning {
            entries[key] = nil
            return .removed
        }
        if e.retryCount >= 6 {
            entries[key] = nil
            return .dropped
        }
        e.time = now + retryDelay(e.retryCount)
        e.retryCount += 1
        entries[key] = e
        return .rescheduled(e.time)
    }

    /// Forgets every entry of a namespace (its persisted rows stay): the namespace was withdrawn.
    mutating func drop(namespace: String) {
        entries = entries.filter { $0.key.namespace != namespace }
    }

    /// The scheduled time of an object's alarm.
    func time(of key: Key) -> Int64? { entries[key].map { $0.queued ?? $0.time } }
}
