import GRDBSQLite

/// The stored alarm of an object: `_cf_METADATA` row 1, in nanoseconds since the epoch.
extension ObjectStorage {
    func loadAlarm(_ c: SQLiteConnection) throws {
        committedAlarm = try readAlarm(c)
        alarmLoaded = true
    }

    func readAlarm(_ c: SQLiteConnection) throws -> Int64? {
        if c.metadataTableKnown == false { return nil }
        let exists = try c.integer("SELECT count(*) FROM sqlite_master WHERE name='_cf_METADATA'") > 0
        c.metadataTableKnown = exists
        guard exists else { return nil }
        let stmt = try c.cached("SELECT value FROM _cf_METADATA WHERE key = 1")
        defer { sqlite3_reset(stmt) }
        guard sqlite3_step(stmt) == SQLITE_ROW, sqlite3_column_type(stmt, 0) != SQLITE_NULL else { return nil }
        return sqlite3_column_int64(stmt, 0)
    }

    /// The stored alarm in nanoseconds since the epoch (inside a running alarm handler: `nil` unless re-set).
    func storedAlarmNanos() throws -> Int64? {
        guard let c = try db(create: false) else { return nil }
        let t = try readAlarm(c)
        if let deferred = deferredAlarmDelete, t == deferred { return nil }
        return t
    }

    /// The alarm time in milliseconds since the epoch, or `nil`.
    public func getAlarm() throws -> Int64? {
        try storedAlarmNanos().map { $0 / 1_000_000 }
    }

    func writeAlarm(nanos: Int64?, options: WriteOptions) throws {
        let c = try beginWrite(confirmed: !options.allowUnconfirmed)
        try ensureMetadataTable(c)
        let stmt = try c.cached("INSERT OR REPLACE INTO _cf_METADATA VALUES (1, ?)")
        defer { sqlite3_reset(stmt) }
        if let nanos { sqlite3_bind_int64(stmt, 1, nanos) } else { sqlite3_bind_null(stmt, 1) }
        try c.run(stmt)
        alarmTouched = true
    }

    /// Sets the alarm (`now` clamps times in the past). Use `ObjectContext.setAlarm`.
    func setAlarm(milliseconds: Int64, now: Int64, options: WriteOptions) throws {
        if milliseconds <= 0 {
            throw DurableObjectError(.invalidArgument, "setAlarm() cannot be called with an alarm time <= 0")
        }
        if alarmHandlerRequired {
            throw DurableObjectError(
                .invalidArgument, "Your Durable Object class must have an alarm() handler in order to call setAlarm()")
        }
        let nanos = max(milliseconds * 1_000_000, now)
        try writeAlarm(nanos: nanos, options: options)
        alarmSetInTransaction = true
        deferredAlarmDelete = nil
        counters.alarmsSet += 1
    }

    /// Deletes the alarm.
    public func deleteAlarm(options: WriteOptions = WriteOptions()) throws {
        guard try db(create: false) != nil else { return }
        if try storedAlarmNanos() == nil && deferredAlarmDelete == nil { return }
        try writeAlarm(nanos: nil, options: options)
    }
}
