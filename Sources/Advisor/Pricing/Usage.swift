/// What a namespace (or an account) does in one month, in the quantities Durable Objects bill.
///
/// Counts are per month. Fill what you know and leave the rest at zero; `PriceModel` turns it into a
/// `CostEstimate` line by line.
package struct Usage: Sendable, Equatable, Codable {
    /// HTTP requests and RPC sessions (each method call on a stub is one session), WebSocket upgrades included.
    package var requests: Double = 0
    /// Incoming WebSocket messages (outgoing messages and protocol pings are free).
    package var webSocketMessagesIn: Double = 0
    /// Alarm invocations, retries included.
    package var alarmInvocations: Double = 0
    /// Seconds during which objects were billable (running, or idle in memory unable to hibernate), summed over
    /// objects. Concurrent requests to one object share its active seconds.
    package var activeSeconds: Double = 0
    /// SQLite rows read (`cursor.rowsRead`; KV-style methods on SQLite count as rows too).
    package var rowsRead: Double = 0
    /// SQLite rows written (`setAlarm()` is 1 row; deletes and index updates count as writes).
    package var rowsWritten: Double = 0
    /// Average SQLite data stored over the month, in GB (10^9 bytes).
    package var storedGigabytes: Double = 0
    /// KV-backed (legacy) classes only: 4 KB read units.
    package var kvReadUnits: Double = 0
    /// KV-backed (legacy) classes only: 4 KB write units (`setAlarm` is 1).
    package var kvWriteUnits: Double = 0
    /// KV-backed (legacy) classes only: deletes (1 per delete whatever its size).
    package var kvDeletes: Double = 0
    /// KV-backed (legacy) classes only: average GB stored.
    package var kvStoredGigabytes: Double = 0

    package init(
        requests: Double = 0, webSocketMessagesIn: Double = 0, alarmInvocations: Double = 0, activeSeconds: Double = 0,
        rowsRead: Double = 0, rowsWritten: Double = 0, storedGigabytes: Double = 0, kvReadUnits: Double = 0,
        kvWriteUnits: Double = 0, kvDeletes: Double = 0, kvStoredGigabytes: Double = 0
    ) {
        self.requests = requests
        self.webSocketMessagesIn = webSocketMessagesIn
        self.alarmInvocations = alarmInvocations
        self.activeSeconds = activeSeconds
        self.rowsRead = rowsRead
        self.rowsWritten = rowsWritten
        self.storedGigabytes = storedGigabytes
        self.kvReadUnits = kvReadUnits
        self.kvWriteUnits = kvWriteUnits
        self.kvDeletes = kvDeletes
        self.kvStoredGigabytes = kvStoredGigabytes
    }

    /// The sum of two usages, e.g. namespaces added into an account total.
    package static func + (lhs: Usage, rhs: Usage) -> Usage {
        Usage(
            requests: lhs.requests + rhs.requests, webSocketMessagesIn: lhs.webSocketMessagesIn + rhs.webSocketMessagesIn,
            alarmInvocations: lhs.alarmInvocations + rhs.alarmInvocations, activeSeconds: lhs.activeSeconds + rhs.activeSeconds,
            rowsRead: lhs.rowsRead + rhs.rowsRead, rowsWritten: lhs.rowsWritten + rhs.rowsWritten,
            storedGigabytes: lhs.storedGigabytes + rhs.storedGigabytes, kvReadUnits: lhs.kvReadUnits + rhs.kvReadUnits,
            kvWriteUnits: lhs.kvWriteUnits + rhs.kvWriteUnits, kvDeletes: lhs.kvDeletes + rhs.kvDeletes,
            kvStoredGigabytes: lhs.kvStoredGigabytes + rhs.kvStoredGigabytes)
    }

    /// This usage scaled by a factor, e.g. a measured window extrapolated to a month. Stored gigabytes are a level,
    /// not a flow, and stay as they are.
    package func scaled(by factor: Double) -> Usage {
        Usage(
            requests: requests * factor, webSocketMessagesIn: webSocketMessagesIn * factor,
            alarmInvocations: alarmInvocations * factor, activeSeconds: activeSeconds * factor, rowsRead: rowsRead * factor,
            rowsWritten: rowsWritten * factor, storedGigabytes: storedGigabytes, kvReadUnits: kvReadUnits * factor,
            kvWriteUnits: kvWriteUnits * factor, kvDeletes: kvDeletes * factor, kvStoredGigabytes: kvStoredGigabytes)
    }
}
