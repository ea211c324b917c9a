/// Turns a design's figures into a month of Durable Objects usage, and prices it.
package enum DesignCost {
    /// Rows read per request: the entity's row plus an index page, our assumption for point lookups.
    static let rowsReadPerRequest = 2.0
    /// Rows written per write: the row, plus one for each index of the skeleton's schema (each index updated adds a
    /// row written).
    static func rowsWrittenPerWrite(_ useCase: UseCase) -> Double {
        1 + Double(SkeletonWriter.schema(useCase: useCase).filter { $0.hasPrefix("INDEX") }.count)
    }
    /// About 12 KB per empty SQLite database (fact sheet section 1).
    static let emptyDatabaseBytes = 12_000.0

    /// The monthly usage of the design and the assumptions behind it.
    package static func usage(useCase: UseCase, figures: WorkloadFigures, shards: Recommendation.ShardPlan) -> (Usage, [String]) {
        let month = WorkloadFigures.secondsPerMonth
        let averageRps = figures.totalPeakRps * WorkloadFigures.averageToPeak
        let events = averageRps * month
        let objects = figures.entities * Double(shards.perEntity)
        let sockets = useCase.features.contains(.webSockets)
        var usage = Usage()
        var notes: [String] = []
        if sockets {
            usage.webSocketMessagesIn = events
            // Each connection opened about once a day: 1 request per upgrade.
            usage.requests = figures.entities * figures.connectionsPerEntity * 30
            notes.append("Requests are incoming WebSocket messages (\(Quantity.format(averageRps)) per second on average); each connection is assumed to be opened once a day (1 request per upgrade).")
        } else {
            usage.requests = events
            notes.append("\(Quantity.format(averageRps)) requests/s on average, each one RPC call (1 request).")
        }
        if figures.scheduledWork || useCase.features.contains(.alarms) {
            let perDay = max(useCase.alarmsPerEntityPerDay, figures.retentionDays != nil ? 1 : 0)
            usage.alarmInvocations = figures.entities * perDay * 30
            if perDay > 0 {
                notes.append("\(Quantity.format(perDay)) alarm invocation\(perDay == 1 ? "" : "s") per \(useCase.entityNouns.first ?? "entity") per day (each setAlarm() is also 1 row written).")
            }
        }
        // Active time: each event keeps its object busy for the wall time; an object is never billed more than the month.
        let eventsPerObject = objects > 0 ? (events + usage.alarmInvocations) / objects : 0
        let busyPerObject = min(month, eventsPerObject * figures.wallMillisecondsPerEvent / 1_000)
        usage.activeSeconds = busyPerObject * objects
        notes.append(sockets
            ? "Duration counts only time spent handling messages: sockets use the Hibernation API, so idle objects are not billed."
            : "Duration counts only time spent handling requests: objects hold no timers or open connections, so idle ones can hibernate and are not billed.")
        let writes = events * figures.writeFraction
        usage.rowsRead = events * rowsReadPerRequest
        let perWrite = rowsWrittenPerWrite(useCase)
        usage.rowsWritten = writes * perWrite + usage.alarmInvocations
        notes.append("\(Int(rowsReadPerRequest)) rows read per request and \(Int(perWrite)) row\(perWrite == 1 ? "" : "s") written per write (the row\(perWrite > 1 ? " and its index" : "")).")
        usage.storedGigabytes = objects * (figures.dataPerEntityBytes / Double(shards.perEntity) + emptyDatabaseBytes) / 1e9
        return (usage, notes)
    }

    /// The account's monthly cost for the design: included amounts applied and the plan minimum added.
    package static func estimate(useCase: UseCase, figures: WorkloadFigures, shards: Recommendation.ShardPlan) -> CostEstimate {
        let (usage, notes) = usage(useCase: useCase, figures: figures, shards: shards)
        return PriceModel().estimate(usage, scope: .accountTotal, assumptions: notes)
    }
}
