import Foundation

/// The recommendation rules of `getDOMetrics`. Ids are stable (README lists them); each rule states the figures
/// that triggered it and cites the knowledge-base docs behind its advice.
///
/// Thresholds come from `../shared/reference/do-facts.md`: about 1,000 requests/s per object for simple work and
/// 200–500 with storage writes (limits and rules pages), 30 s of CPU per invocation by default, 128 keys per
/// multi-key call, and duration billed while an object is awake.
package enum MetricsRules {
    package static let ids = [
        "shard-hot-object", "consider-workers-kv", "high-cpu", "batch-state-operations", "input-gate-contention",
        "alarm-retries", "objects-held-awake", "overloaded", "high-error-rate", "alarm-storm", "rows-written-cost",
        "storage-near-limit",
    ]

    /// The built-in namespaces, for error messages.
    package static let namespaceHint = "COUNTER, RATE_LIMITER, USER_SESSION, CHAT_ROOM, SHARDED_COUNTER, WEBHOOK_PROCESSOR, TASK_RUNNER, BANK_ACCOUNT, LAB"

    /// Per-object throughput Cloudflare documents: simple work, and the range with storage writes.
    static let simpleBudget = 1_000.0
    static let writeRange = (low: 200.0, high: 500.0)

    /// What the rules need beside the namespace's figures.
    struct Context: Sendable {
        /// Event wall time summed over the window, in seconds.
        var wallSeconds: Double
        var windowSeconds: Int
        /// What one object may store (10 GB on Cloudflare).
        var storageLimitBytes: Int64
        /// Window quantities × this = a 30-day month.
        var monthScale: Double
    }

    static func evaluate(_ r: NamespaceReport, context: Context, priceModel: PriceModel) -> [MetricsRecommendation] {
        let wallSeconds = context.wallSeconds
        var found: [MetricsRecommendation] = []
        let requests = Double(max(r.requests, 1))
        let writes = Double(r.stateOperationsByKind.kvWrites + r.stateOperationsByKind.kvDeletes + r.stateOperationsByKind.sqlRowsWritten)
        let writesPerRequest = writes / requests
        let kvCalls = Double(r.stateOperationsByKind.kvReads + r.stateOperationsByKind.kvWrites + r.stateOperationsByKind.kvDeletes + r.stateOperationsByKind.kvLists)

        // 1. One object near or over the documented per-object throughput.
        if let hot = r.hottestObjects.max(by: { $0.peakRequestsPerSecond < $1.peakRequestsPerSecond }) {
            // The object's own writes when known: a pass-through front of shards does not write.
            let writing = (hot.writesPerRequest ?? writesPerRequest) > 0.1
            let trigger = writing ? writeRange.high * 0.8 : simpleBudget * 0.8
            let peak = Double(hot.peakRequestsPerSecond)
            if peak >= trigger {
                let budget = writing ? writeRange.low : simpleBudget
                let shards = Int((peak / budget).rounded(.up))
                let figure = writing
                    ? "200–500 requests/s per object with storage writes (planning at the low end, 200)"
                    : "about 1,000 requests/s per object for simple work"
                found.append(.init(
                    id: "shard-hot-object", severity: peak >= (writing ? writeRange.high : simpleBudget) ? "error" : "warning",
                    title: "One object carries \(Int(peak)) requests/s, near or over what one Durable Object sustains",
                    evidence: ["peakRequestsPerSecond": peak, "budgetRequestsPerSecond": budget, "writesPerRequest": MetricsAnalyzer.round(hot.writesPerRequest ?? writesPerRequest), "shards": Double(shards)],
                    action: "Cloudflare documents \(figure). Shard \(hot.name.map { "\"\($0)\"" } ?? hot.id) across \(shards) objects (\(shards) = ceil(\(Int(peak)) / \(Int(budget)))), named deterministically, e.g. getByName(`<key>:${hash(id) % \(shards)}`), and fan reads out.",
                    docs: ["pattern-sharded-counter", "anti-global-singleton", "limits", "architecture-patterns"]))
            }
        }

        // 2. Many objects doing simple key reads and writes with no coordination.
        if let kv = considerWorkersKV(r, context: context) { found.append(kv) }

        // 3. CPU-heavy events.
        if r.cpuTimeP95 >= 10 {
            let ceiling = 1_000 / max(r.cpuTimeP95, 0.001)
            found.append(.init(
                id: "high-cpu", severity: r.cpuTimeP95 >= 1_000 ? "error" : "warning",
                title: "Events use \(r.cpuTimeP95) ms of CPU at p95",
                evidence: ["cpuTimeP95": r.cpuTimeP95, "cpuTimeP50": r.cpuTimeP50, "maxRequestsPerSecondPerObject": MetricsAnalyzer.round(ceiling)],
                action: "One object runs one event at a time, so at \(r.cpuTimeP95) ms per event it tops out near \(Int(ceiling)) events/s; an invocation may use 30 s of CPU by default (limits.cpu_ms raises it to 300,000). Move heavy computation out of the object (a stateless Worker or Queue consumer), cache results in storage, or shard.",
                docs: ["single-threaded-execution", "limits", "anti-blocking-loop"]))
        }

        // 4. Many storage calls per event (alarm handlers and socket messages make calls too).
        let events = Double(max(r.requests + r.alarms.fired + r.webSockets.messagesIn, 1))
        let kvPerRequest = kvCalls / events
        if kvPerRequest >= 8 {
            found.append(.init(
                id: "batch-state-operations", severity: "warning",
                title: "\(MetricsAnalyzer.round(kvPerRequest)) storage calls per event (request, alarm or message)",
                evidence: ["kvCallsPerRequest": MetricsAnalyzer.round(kvPerRequest), "stateOperations": Double(r.stateOperations)],
                action: "Batch keys: get([...]) and put({...}) take up to 128 keys per call, or keep related values in one SQL table and read them with one query. Each call is a row read or written on the bill.",
                docs: ["storage-kv-api", "sql-api", "pricing"]))
        }

        // 5. Requests waiting at the input gate.
        if r.inputGateWaitP95 >= 5, r.inputGateWaitP95 >= r.wallTimeMs.p50 {
            found.append(.init(
                id: "input-gate-contention", severity: "warning",
                title: "Events wait \(r.inputGateWaitP95) ms at p95 before they run",
                evidence: ["inputGateWaitP95": r.inputGateWaitP95, "wallTimeP50": r.wallTimeMs.p50, "wallTimeP95": r.wallTimeMs.p95],
                action: "Events queue behind each other: look for blockConcurrencyWhile on a request path (keep it for the constructor) and for long handlers on a hot object; use transaction() or check-and-set instead, keep handlers short, and shard hot objects.",
                docs: ["input-output-gates", "anti-bcw-per-request", "single-threaded-execution"]))
        }

        // 6. Alarm handlers that throw.
        if r.alarms.retried > 0 || r.alarms.dropped > 0 {
            found.append(.init(
                id: "alarm-retries", severity: r.alarms.dropped > 0 ? "error" : "warning",
                title: "Alarms failed: \(r.alarms.retried) retried, \(r.alarms.dropped) given up after 6 retries",
                evidence: ["alarmsRetried": Double(r.alarms.retried), "alarmsDropped": Double(r.alarms.dropped), "alarmsFired": Double(r.alarms.fired)],
                action: "An alarm that throws is retried after 2, 4, 8, 16, 32 and 64 s and dropped after the 6th retry, and delivery is at least once: catch errors per item, record progress in storage, make effects idempotent, and reschedule yourself (with a limit) for work that needs longer.",
                docs: ["alarm-retries", "anti-alarm-not-idempotent", "alarms"]))
        }

        // 7. Objects billed while nothing runs (standard WebSockets, timers).
        let idleAwake = r.billableActiveSeconds - wallSeconds
        if r.billableActiveSeconds >= 5, idleAwake >= max(5, wallSeconds) {
            let durationUSD = r.estimatedMonthlyCost.usd(.duration)
            let share = r.billableActiveSeconds > 0 ? idleAwake / r.billableActiveSeconds : 0
            found.append(.init(
                id: "objects-held-awake", severity: "warning",
                title: "Objects were billable for \(MetricsAnalyzer.round(idleAwake)) s with no event running",
                evidence: ["billableActiveSeconds": r.billableActiveSeconds, "eventWallSeconds": MetricsAnalyzer.round(wallSeconds),
                           "durationMonthlyUSD": durationUSD, "durationSavedMonthlyUSD": MetricsAnalyzer.round(durationUSD * share)],
                action: "Something keeps these objects awake between events, typically WebSockets accepted with ws.accept() or pending timers. Accept sockets with ctx.acceptWebSocket() (the Hibernation API) and use alarms instead of timers: about $\(String(format: "%.2f", durationUSD * share))/month of duration would go.",
                docs: ["websocket-hibernation", "hibernation", "anti-websocket-no-hibernation", "pricing"]))
        }

        // 8. Overload.
        if r.overloadedErrors > 0 {
            found.append(.init(
                id: "overloaded", severity: "error",
                title: "\(r.overloadedErrors) requests were refused as overloaded",
                evidence: ["overloadedErrors": Double(r.overloadedErrors), "peakRequestsPerSecond": r.peakRequestsPerSecond],
                action: "Requests queued on one object beyond its bound. Do not retry overloaded errors (it makes it worse); spread load across more objects, shorten handlers, and remove blockConcurrencyWhile from request paths.",
                docs: ["error-handling", "pattern-sharded-counter", "limits"]))
        }

        // 9. Errors.
        if r.requests >= 20, r.errorRate >= 0.05, r.overloadedErrors < r.errors {
            found.append(.init(
                id: "high-error-rate", severity: "warning",
                title: "\(Int(r.errorRate * 100)) % of requests failed",
                evidence: ["errorRate": r.errorRate, "errors": Double(r.errors), "requests": Double(r.requests)],
                action: "Check the errors' messages (invokeObject shows them); honour .retryable with backoff for idempotent calls, never retry .overloaded, and create a new stub after an error.",
                docs: ["error-handling"]))
        }
        // 10–12. Alarms waking objects every few seconds, rows written dominating the bill, storage near the limit.
        if let storm = alarmStorm(r, context: context) { found.append(storm) }
        if let rows = rowsWrittenCost(r) { found.append(rows) }
        if let storage = storageNearLimit(r, context: context) { found.append(storage) }
        return found
    }

    static func usd(_ value: Double) -> String { String(format: "$%.2f", value) }

    static func count(_ value: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        return formatter.string(from: NSNumber(value: value.rounded())) ?? String(Int(value))
    }
}
