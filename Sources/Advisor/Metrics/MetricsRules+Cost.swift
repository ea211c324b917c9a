import Foundation

extension MetricsRules {
    /// `alarm-storm`: alarms waking each object every few seconds. Each invocation is a billed request, each
    /// `setAlarm()` a row written, and an object with an alarm due soon cannot hibernate (fact sheet §4).
    static func alarmStorm(_ r: NamespaceReport, context: Context) -> MetricsRecommendation? {
        let minutes = max(Double(context.windowSeconds) / 60, 1.0 / 60)
        let objects = Double(max(r.activeObjects, 1))
        let perObjectPerMinute = Double(r.alarms.fired) / objects / minutes
        // At least 30 alarms, each object woken every 10 s or more often on average.
        guard r.alarms.fired >= 30, perObjectPerMinute >= 6 else { return nil }
        let prices = PriceSheet.workersPaid
        let monthly = context.monthScale
        let alarmUSD = prices.requests.usd(for: Double(r.alarms.fired) * monthly, applyingIncluded: false)
            + prices.rowsWritten.usd(for: Double(r.alarms.set) * monthly, applyingIncluded: false)
        let interval = 60 / perObjectPerMinute
        return .init(
            id: "alarm-storm", severity: "warning",
            title: "Alarms wake each object every \(MetricsAnalyzer.round(interval)) s on average (\(r.alarms.fired) in \(context.windowSeconds) s)",
            evidence: [
                "alarmsFired": Double(r.alarms.fired), "alarmsSet": Double(r.alarms.set),
                "alarmsPerObjectPerMinute": MetricsAnalyzer.round(perObjectPerMinute),
                "requests": Double(r.requests), "alarmsMonthlyUSD": MetricsAnalyzer.round(alarmUSD),
            ],
            action: """
                Every alarm invocation is a billed request and every setAlarm() a row written (about \
                \(usd(alarmUSD))/month here at list prices), and an object whose alarm is due soon stays awake \
                instead of hibernating. Keep one alarm per object at the earliest due item and run everything due \
                in one invocation; arm it only when there is work, never as a fixed tick of a few seconds; move \
                periodic work that needs no per-object state to a Cron Trigger.
                """,
            docs: ["alarms", "anti-alarm-not-idempotent", "pricing"])
    }

    /// `rows-written-cost`: the bill is mostly rows written, several per request. Rows written cost $1.00 per
    /// million against $0.15 per million requests, and each index, delete and setAlarm adds one.
    static func rowsWrittenCost(_ r: NamespaceReport) -> MetricsRecommendation? {
        guard r.requests > 0 else { return nil }
        let ops = r.stateOperationsByKind
        let written = Double(ops.sqlRowsWritten + ops.kvWrites + ops.kvDeletes + r.alarms.set)
        let perRequest = written / Double(r.requests)
        let cost = r.estimatedMonthlyCost
        let rowsUSD = cost.usd(.rowsWritten)
        let share = cost.usageUSD > 0 ? rowsUSD / cost.usageUSD : 0
        guard perRequest >= 2.5, share >= 0.75 else { return nil }
        let prices = PriceSheet.workersPaid
        return .init(
            id: "rows-written-cost", severity: "warning",
            title: "Rows written are \(Int((share * 100).rounded())) % of this namespace's cost: \(MetricsAnalyzer.round(perRequest)) per request",
            evidence: [
                "rowsWrittenPerRequest": MetricsAnalyzer.round(perRequest), "rowsWrittenMonthlyUSD": MetricsAnalyzer.round(rowsUSD),
                "rowsWrittenShare": MetricsAnalyzer.round(share), "requestsMonthlyUSD": MetricsAnalyzer.round(cost.usd(.requests)),
            ],
            action: """
                A row written costs \(usd(prices.rowsWritten.usdPerUnitSize)) per million past the 50 million a \
                month includes, against \(usd(prices.requests.usdPerUnitSize)) per million requests, and each index \
                on a written table, each delete and each setAlarm() adds a row: \(usd(rowsUSD))/month of \
                \(usd(cost.usageUSD)) here. Drop indexes no query uses, keep values written together in one row \
                (one put of an object rather than a key each), skip writes of unchanged values, and delete expired \
                rows in bulk from an alarm rather than on every request.
                """,
            docs: ["pricing", "sql-api", "storage-kv-api"])
    }

    /// `storage-near-limit`: one object's database at half its limit or more (10 GB per object on Cloudflare;
    /// a full object's writes fail with SQLITE_FULL while reads and deletes still work).
    static func storageNearLimit(_ r: NamespaceReport, context: Context) -> MetricsRecommendation? {
        let limit = Double(context.storageLimitBytes)
        let largest = Double(r.largestObjectBytes ?? 0)
        guard limit > 0, largest >= limit / 2 else { return nil }
        let share = largest / limit
        return .init(
            id: "storage-near-limit", severity: share >= 0.9 ? "error" : "warning",
            title: "An object stores \(Int((share * 100).rounded())) % of what one object may hold",
            evidence: [
                "largestObjectBytes": largest, "storageLimitBytes": limit, "shareOfLimit": MetricsAnalyzer.round(share),
                "storedBytes": Double(r.storedBytes), "storedObjects": Double(r.storedObjects),
            ],
            action: """
                One Durable Object stores at most 10 GB; when full, its writes fail with SQLITE_FULL (reads and \
                deletes still work). Cap what it keeps: delete or archive old rows from an alarm (a retention \
                window), move large values to R2 and keep their keys, or split the entity's data across several \
                objects by a stable key (per month, per channel) before it reaches the limit.
                """,
            docs: ["limits", "storage-kv-api", "alarms"])
    }
}
