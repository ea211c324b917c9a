/// The Workers Paid prices of Durable Objects, with the amounts each month includes.
///
/// Every figure is copied from the Durable Objects pricing page as summarised in section 2 of the project's fact
/// sheet (`shared/reference/do-facts.md`): https://developers.cloudflare.com/durable-objects/platform/pricing/
/// (page dated 2026-06-19). Prices are USD. SQLite storage has been billed since 2026-01-07
/// (https://developers.cloudflare.com/changelog/, "Billing for SQLite Storage").
package struct PriceSheet: Sendable, Equatable {
    /// One billed quantity: its price per `unitSize` units and the amount each month includes.
    package struct Rate: Sendable, Equatable {
        /// USD per `unitSize` units past the included amount.
        package var usdPerUnitSize: Double
        /// How many units the price is quoted for (1,000,000 for "per million").
        package var unitSize: Double
        /// Units included in the plan each month.
        package var includedPerMonth: Double

        package init(usdPerUnitSize: Double, unitSize: Double, includedPerMonth: Double) {
            self.usdPerUnitSize = usdPerUnitSize
            self.unitSize = unitSize
            self.includedPerMonth = includedPerMonth
        }

        /// The price of `units` units, with or without the included amount taken off first.
        package func usd(for units: Double, applyingIncluded: Bool) -> Double {
            let billable = applyingIncluded ? max(0, units - includedPerMonth) : max(0, units)
            return billable / unitSize * usdPerUnitSize
        }
    }

    /// Requests: HTTP requests, RPC sessions, incoming WebSocket messages (20:1) and alarm invocations.
    /// 1M/month included, then $0.15 per million.
    package var requests: Rate
    /// Duration: 400,000 GB-s/month included, then $12.50 per million GB-s.
    package var duration: Rate
    /// SQLite rows read: 25 billion/month included, then $0.001 per million.
    package var rowsRead: Rate
    /// SQLite rows written: 50 million/month included, then $1.00 per million.
    package var rowsWritten: Rate
    /// SQLite stored data: 5 GB-month included, then $0.20 per GB-month.
    package var sqliteStorage: Rate
    /// KV-backed read units (4 KB each): 1M included, then $0.20 per million.
    package var kvReadUnits: Rate
    /// KV-backed write units (4 KB each): 1M included, then $1.00 per million.
    package var kvWriteUnits: Rate
    /// KV-backed deletes: 1M included, then $1.00 per million.
    package var kvDeletes: Rate
    /// KV-backed stored data: 1 GB included, then $0.20 per GB-month.
    package var kvStorage: Rate
    /// The Workers Paid plan's monthly minimum: $5.
    package var monthlyMinimumUSD: Double
    /// Duration is billed at a fixed 128 MB whatever the object uses: 1 active second = 0.128 GB-s.
    package var gigabytesPerActiveSecond: Double
    /// Incoming WebSocket messages bill 20:1 (100 messages = 5 requests).
    package var webSocketMessagesPerRequest: Double
    /// Bytes in one KV-backed billing unit (a 9 KB write = 3 units). The page says "4 KB"; we read it as 4,096 bytes.
    package var kvUnitBytes: Double

    /// KV-backed billing units for one operation on `bytes` bytes: at least 1 (an empty `list()` is 1 unit).
    package func kvUnits(forBytes bytes: Double) -> Double {
        max(1, (bytes / kvUnitBytes).rounded(.up))
    }

    /// Where the prices come from.
    package static let source = "https://developers.cloudflare.com/durable-objects/platform/pricing/"

    /// Workers Paid, as published on the pricing page dated 2026-06-19.
    package static let workersPaid = PriceSheet(
        requests: Rate(usdPerUnitSize: 0.15, unitSize: 1_000_000, includedPerMonth: 1_000_000),
        duration: Rate(usdPerUnitSize: 12.50, unitSize: 1_000_000, includedPerMonth: 400_000),
        rowsRead: Rate(usdPerUnitSize: 0.001, unitSize: 1_000_000, includedPerMonth: 25_000_000_000),
        rowsWritten: Rate(usdPerUnitSize: 1.00, unitSize: 1_000_000, includedPerMonth: 50_000_000),
        sqliteStorage: Rate(usdPerUnitSize: 0.20, unitSize: 1, includedPerMonth: 5),
        kvReadUnits: Rate(usdPerUnitSize: 0.20, unitSize: 1_000_000, includedPerMonth: 1_000_000),
        kvWriteUnits: Rate(usdPerUnitSize: 1.00, unitSize: 1_000_000, includedPerMonth: 1_000_000),
        kvDeletes: Rate(usdPerUnitSize: 1.00, unitSize: 1_000_000, includedPerMonth: 1_000_000),
        kvStorage: Rate(usdPerUnitSize: 0.20, unitSize: 1, includedPerMonth: 1),
        monthlyMinimumUSD: 5,
        gigabytesPerActiveSecond: 0.128,
        webSocketMessagesPerRequest: 20,
        kvUnitBytes: 4_096)
}
