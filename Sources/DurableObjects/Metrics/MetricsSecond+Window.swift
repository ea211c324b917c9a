/// Aggregation of per-second rows over a window (what `getDOMetrics` reports).
extension MetricsSecond {
    /// Sums the counters and merges the histograms of `seconds`; gauges (objects in memory, sockets) are taken
    /// from the latest second; `activeObjects` is the largest per-second value (distinct objects over a window
    /// come from `MetricsStore.activeObjectCount`). `second` is the first second of the window (0 when empty).
    public static func aggregate(_ seconds: [MetricsSecond]) -> MetricsSecond {
        var total = MetricsSecond(second: seconds.first?.second ?? 0)
        for s in seconds {
            total.requests += s.requests
            total.errors += s.errors
            total.overloaded += s.overloaded
            total.cpuNanos &+= s.cpuNanos
            total.wallNanos &+= s.wallNanos
            total.gateWaitNanos &+= s.gateWaitNanos
            total.kvReads += s.kvReads
            total.kvWrites += s.kvWrites
            total.kvDeletes += s.kvDeletes
            total.kvLists += s.kvLists
            total.sqlRowsRead += s.sqlRowsRead
            total.sqlRowsWritten += s.sqlRowsWritten
            total.alarmsSet += s.alarmsSet
            total.alarmsFired += s.alarmsFired
            total.alarmsRetried += s.alarmsRetried
            total.alarmsDropped += s.alarmsDropped
            total.webSocketMessagesIn += s.webSocketMessagesIn
            total.webSocketMessagesOut += s.webSocketMessagesOut
            total.evictions += s.evictions
            total.billableNanos &+= s.billableNanos
            total.activeObjects = max(total.activeObjects, s.activeObjects)
            total.cpuHistogram.merge(s.cpuHistogram)
            total.wallHistogram.merge(s.wallHistogram)
            total.gateWaitHistogram.merge(s.gateWaitHistogram)
            total.coldStarts += s.coldStarts
            total.coldStartNanos &+= s.coldStartNanos
            total.coldStartHistogram.merge(s.coldStartHistogram)
        }
        if let last = seconds.max(by: { $0.second < $1.second }) {
            total.objectsInMemory = last.objectsInMemory
            total.hibernatedWebSockets = last.hibernatedWebSockets
            total.openWebSockets = last.openWebSockets
            total.hibernatedObjects = last.hibernatedObjects
        }
        return total
    }
}
