import Foundation

extension MetricsRules {
    /// `consider-workers-kv`: the seed's story. Many objects, each touched now and then with a few row reads and
    /// writes, no sockets and no alarms beyond housekeeping: an object per key buys exactness and strong
    /// consistency that a rate limit, counter or session store may not need. The CPU per event is not a
    /// condition: the handler's work moves to the Worker either way (`high-cpu` speaks for it).
    static func considerWorkersKV(_ r: NamespaceReport, context: Context) -> MetricsRecommendation? {
        let requests = Double(r.requests)
        guard r.activeObjects >= 1_000, requests > 0 else { return nil }
        let minutes = Double(context.windowSeconds) / 60
        let perObjectPerMinute = requests / Double(r.activeObjects) / max(minutes, 1.0 / 60)
        let operationsPerRequest = Double(r.stateOperations) / requests
        let alarmsPerRequest = Double(r.alarms.fired) / requests
        let sockets = r.webSockets.open + r.webSockets.hibernated + r.webSockets.messagesIn
        // About one request per second per object at most (Workers KV takes about 1 write per second per key),
        // a few rows per request, alarms for clean-up only, no sockets, few errors.
        guard perObjectPerMinute <= 60, operationsPerRequest <= 6, alarmsPerRequest <= 0.25, sockets == 0,
              r.errorRate < 0.05
        else { return nil }

        let cost = r.estimatedMonthlyCost
        let writes = Double(r.stateOperationsByKind.kvWrites + r.stateOperationsByKind.kvDeletes + r.stateOperationsByKind.sqlRowsWritten)
        let kvReads = requests * context.monthScale
        let kvWrites = min(requests, writes) * context.monthScale
        let largest = CostLine.Item.allCases
            .max { cost.usd($0) < cost.usd($1) } ?? .requests
        return .init(
            id: "consider-workers-kv", severity: "info",
            title: "\(count(Double(r.activeObjects))) active objects each doing a few simple reads and writes: Workers KV with approximate limits may fit",
            evidence: [
                "activeObjects": Double(r.activeObjects),
                "requestsPerObjectPerMinute": MetricsAnalyzer.round(perObjectPerMinute),
                "stateOperationsPerRequest": MetricsAnalyzer.round(operationsPerRequest),
                "alarmsPerRequest": MetricsAnalyzer.round(alarmsPerRequest),
                "durableObjectsMonthlyUSD": MetricsAnalyzer.round(cost.totalUSD),
                "workersKVReadsPerMonth": kvReads.rounded(), "workersKVWritesPerMonthAtMost": kvWrites.rounded(),
            ],
            action: """
                These objects keep a value or a counter per key and do little else (a rate limit, quota or session \
                per key). If exact limits are not critical, Workers KV with approximate rate limiting (a counter per \
                key and window, read from the cache and written back at most about once a second) serves it without \
                an object per key; keep Durable Objects where a limit must hold exactly (billing, paid quotas, abuse \
                protection) or a count must never lose an increment. Durable Objects cost here: \
                \(usd(cost.totalUSD))/month at list prices, most of it \(largest.rawValue) (\(usd(cost.usd(largest)))). \
                Workers KV would see about \(count(kvReads)) reads and at most \(count(kvWrites)) writes a month; \
                its prices are not in do-architect's sourced price table, so no Workers KV figure is given: price \
                those at https://developers.cloudflare.com/kv/platform/pricing/.
                """,
            docs: ["do-vs-kv", "anti-do-as-kv", "choosing-storage", "pattern-rate-limiter"],
            tradeoffs: [
                "exactness": """
                    Durable Objects: one object per key runs one request at a time, so every limit is exact and no \
                    increment is lost. Workers KV: no atomic read-modify-write and about 1 write per second per key, \
                    so concurrent requests overwrite each other's counts: a limit becomes approximate (some requests \
                    over it pass) and counters can lose increments.
                    """,
                "consistency": """
                    Durable Objects: strongly consistent, each request sees the previous one's write. Workers KV: \
                    eventually consistent and cached where it is read, so a write is not seen everywhere at once \
                    (in exchange, hot reads take 0.5–10 ms).
                    """,
                "cost": """
                    Durable Objects: \(usd(cost.totalUSD))/month at list prices for this traffic (requests \
                    \(usd(cost.usd(.requests))), rows written \(usd(cost.usd(.rowsWritten))), duration \
                    \(usd(cost.usd(.duration)))). Workers KV: about \(count(kvReads)) reads and at most \
                    \(count(kvWrites)) writes a month, at prices do-architect has no sourced figure for.
                    """,
            ])
    }
}
