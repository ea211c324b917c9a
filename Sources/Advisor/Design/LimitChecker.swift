/// The platform limits a design approaches, with the margin left at the expected figures.
///
/// Limits are those of section 1 of the fact sheet: https://developers.cloudflare.com/durable-objects/platform/limits/
/// (2026-06-01) and, for WebSockets, https://developers.cloudflare.com/durable-objects/best-practices/websockets/.
package enum LimitChecker {
    static let limitsURL = "https://developers.cloudflare.com/durable-objects/platform/limits/"
    static let websocketsURL = "https://developers.cloudflare.com/durable-objects/best-practices/websockets/"
    static let storageOptionsURL = "https://developers.cloudflare.com/workers/platform/storage-options/"

    static func check(
        _ limit: String, value: Double, unit: String, expected: Double?, note: String, source: String, docs: [String]
    ) -> Recommendation.LimitCheck {
        guard let expected else {
            return Recommendation.LimitCheck(limit: limit, value: value, unit: unit, expected: nil, marginPercent: nil,
                                             status: "unknown", note: note, source: source, docs: docs)
        }
        let used = expected / value
        let margin = ((1 - used) * 1000).rounded() / 10
        let status = used > 1 ? "over" : used >= 0.5 ? "near" : "ok"
        return Recommendation.LimitCheck(limit: limit, value: value, unit: unit, expected: expected, marginPercent: margin,
                                         status: status, note: note, source: source, docs: docs)
    }

    /// Limits for a Durable Object design.
    static func durableObjectLimits(useCase: UseCase, figures: WorkloadFigures, shards: Recommendation.ShardPlan) -> [Recommendation.LimitCheck] {
        let perObjectRps = figures.perEntityPeakRps / Double(shards.perEntity)
        var checks = [
            check("Storage per object (SQLite-backed)", value: 10e9, unit: "bytes",
                  expected: figures.dataPerEntityBytes / Double(shards.perEntity),
                  note: "Past 10 GB, writes fail with SQLITE_FULL while reads and deletes still work; split the entity or move blobs to R2. Free-plan accounts: 5 GB in all (the FAQ says 1 GB per object).",
                  source: limitsURL, docs: ["limits", "pattern-per-tenant-database"]),
            check("Requests per object (soft limit)", value: 1_000, unit: "requests/s", expected: perObjectRps,
                  note: "About 1,000 requests/s per object; past it requests queue and fail with overload errors (\"Too many requests queued\").",
                  source: limitsURL, docs: ["limits", "single-threaded-execution"]),
            check("Planned budget per object for this work", value: shards.budgetRps, unit: "requests/s", expected: perObjectRps,
                  note: "The budget the shard count uses: \(shards.budgetRange).",
                  source: WorkClass.source, docs: ["single-threaded-execution", "pattern-sharded-counter"]),
        ]
        if useCase.features.contains(.webSockets) {
            checks.append(check("WebSockets per object (Hibernation API)", value: 32_768, unit: "connections",
                                expected: figures.connectionsPerEntity / Double(shards.perEntity),
                                note: "Up to 32,768 hibernatable connections per object, though CPU and memory usually bind first.",
                                source: websocketsURL, docs: ["websocket-hibernation", "limits"]))
            checks.append(check("WebSocket attachment size", value: 16_384, unit: "bytes", expected: nil,
                                note: "serializeAttachment() keeps at most 16,384 bytes per connection; keep larger state in storage and only its key in the attachment.",
                                source: websocketsURL, docs: ["websocket-hibernation"]))
        }
        checks.append(check("Memory per isolate", value: 128_000_000, unit: "bytes", expected: nil,
                            note: "128 MB per isolate, which several objects of the class may share; exceeding it gives error 1102. Keep only bounded caches in memory and page through data with LIMIT.",
                            source: limitsURL, docs: ["limits"]))
        checks.append(check("CPU per invocation (default)", value: 30_000, unit: "ms", expected: nil,
                            note: "30 s of CPU per request, message or alarm by default; raise limits.cpu_ms up to 300,000 (5 min). Waiting on I/O is not CPU time.",
                            source: limitsURL, docs: ["limits", "wrangler-configuration"]))
        if useCase.features.contains(.alarms) || figures.scheduledWork {
            checks.append(check("Alarm handler wall time", value: 900, unit: "s", expected: nil,
                                note: "An alarm runs at most 15 minutes of wall time; process due work in batches and set the next alarm.",
                                source: limitsURL, docs: ["alarms", "limits"]))
        }
        checks.append(check("Row, string or BLOB size (SQLite)", value: 2_000_000, unit: "bytes", expected: nil,
                            note: "2 MB per row, string or BLOB, 100 columns per table, 100 bound parameters per query; keep files in R2.",
                            source: limitsURL, docs: ["sql-api", "limits"]))
        return checks
    }

    /// Limits for designs on other products, where the fact sheet has them.
    static func otherProductLimits(useCase: UseCase, figures: WorkloadFigures) -> [Recommendation.LimitCheck] {
        switch useCase.primitive {
        case .workersKV:
            let writesPerKey = figures.perEntityPeakRps * figures.writeFraction
            return [check("Writes per key (Workers KV)", value: 1, unit: "writes/s",
                          expected: figures.missing.contains("rate") ? nil : writesPerKey,
                          note: "Workers KV takes about 1 write per second per key; hot reads take 0.5-10 ms.",
                          source: storageOptionsURL, docs: ["do-vs-kv", "choosing-storage"])]
        case .d1:
            return [check("Storage per database (D1)", value: 10e9, unit: "bytes",
                          expected: figures.missing.contains("data") ? nil : figures.dataPerEntityBytes * figures.entities,
                          note: "D1 holds up to 10 GB per database; split by tenant past that.",
                          source: storageOptionsURL, docs: ["choosing-storage"])]
        case .r2:
            return [check("SQLite row or BLOB size (why not a Durable Object)", value: 2_000_000, unit: "bytes",
                          expected: figures.missing.contains("data") ? nil : figures.dataPerEntityBytes,
                          note: "A Durable Object's SQLite holds at most 2 MB per row or BLOB and 10 GB per object; R2 has neither limit.",
                          source: limitsURL, docs: ["limits", "sql-api"])]
        default:
            return []
        }
    }
}
