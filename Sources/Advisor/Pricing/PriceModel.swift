import Foundation

/// Prices a month of Durable Objects usage under Workers Paid (section 2 of the fact sheet;
/// https://developers.cloudflare.com/durable-objects/platform/pricing/).
///
/// Two scopes:
/// - `namespaceShare`: one namespace's usage priced at the full rates, with no included amounts and no plan minimum,
///   because those belong to the account and are shared by all its namespaces;
/// - `accountTotal`: included amounts taken off each pool first, then the $5 plan minimum added, as the pricing page's
///   worked examples do.
///
/// The model is pure arithmetic; it never rounds until the figures are shown.
package struct PriceModel: Sendable {
    package var prices: PriceSheet

    package init(prices: PriceSheet = .workersPaid) {
        self.prices = prices
    }

    /// The cost of `usage` in the given scope, with `assumptions` added to the estimate's own.
    package func estimate(_ usage: Usage, scope: CostEstimate.Scope, assumptions: [String] = []) -> CostEstimate {
        let included = scope == .accountTotal
        var lines: [CostLine] = []

        // Requests, WebSocket messages (20:1) and alarms share one requests pool.
        let messageRequests = usage.webSocketMessagesIn / prices.webSocketMessagesPerRequest
        var pool = included ? prices.requests.includedPerMonth : 0
        func requestLine(_ item: CostLine.Item, quantity: Double, unit: String, asRequests: Double, assumption: String) {
            guard quantity > 0 else { return }
            let deducted = min(pool, asRequests)
            pool -= deducted
            let usd = (asRequests - deducted) / prices.requests.unitSize * prices.requests.usdPerUnitSize
            lines.append(CostLine(
                item: item, quantity: quantity, unit: unit, includedDeducted: deducted,
                rate: "$\(Self.money(prices.requests.usdPerUnitSize)) per million requests past \(Self.count(prices.requests.includedPerMonth))/month",
                usd: usd, assumption: assumption))
        }
        requestLine(.requests, quantity: usage.requests, unit: "requests", asRequests: usage.requests,
                    assumption: "HTTP requests, RPC sessions (one per stub method call) and WebSocket upgrades each count as 1 request.")
        requestLine(.webSocketMessages, quantity: usage.webSocketMessagesIn, unit: "messages", asRequests: messageRequests,
                    assumption: "Incoming WebSocket messages bill 20:1 (\(Self.count(usage.webSocketMessagesIn)) messages = \(Self.count(messageRequests)) requests); outgoing messages and pings are free.")
        requestLine(.alarms, quantity: usage.alarmInvocations, unit: "invocations", asRequests: usage.alarmInvocations,
                    assumption: "Each alarm invocation, retries included, is 1 request.")

        let gbSeconds = usage.activeSeconds * prices.gigabytesPerActiveSecond
        add(.duration, quantity: gbSeconds, unit: "GB-s", rate: prices.duration, included: included, into: &lines,
            rateText: "$\(Self.money(prices.duration.usdPerUnitSize)) per million GB-s past \(Self.count(prices.duration.includedPerMonth)) GB-s/month",
            assumption: "\(Self.count(usage.activeSeconds)) billable active seconds × 0.128 GB (fixed 128 MB per object, whatever it uses). Idle objects able to hibernate are not billed.")
        add(.rowsRead, quantity: usage.rowsRead, unit: "rows", rate: prices.rowsRead, included: included, into: &lines,
            rateText: "$\(Self.money(prices.rowsRead.usdPerUnitSize)) per million rows past 25 billion/month",
            assumption: "SQLite rows read as counted by cursor.rowsRead; KV-style calls on SQLite count as rows.")
        add(.rowsWritten, quantity: usage.rowsWritten, unit: "rows", rate: prices.rowsWritten, included: included, into: &lines,
            rateText: "$\(Self.money(prices.rowsWritten.usdPerUnitSize)) per million rows past 50 million/month",
            assumption: "SQLite rows written; each index updated, each delete and each setAlarm() adds a row written.")
        add(.storage, quantity: usage.storedGigabytes, unit: "GB-month", rate: prices.sqliteStorage, included: included, into: &lines,
            rateText: "$\(Self.money(prices.sqliteStorage.usdPerUnitSize)) per GB-month past 5 GB-month",
            assumption: "Average SQLite data stored (GB = 10^9 bytes), including about 12 KB per object for an empty database.")
        add(.kvReadUnits, quantity: usage.kvReadUnits, unit: "units", rate: prices.kvReadUnits, included: included, into: &lines,
            rateText: "$\(Self.money(prices.kvReadUnits.usdPerUnitSize)) per million 4 KB read units past 1M/month",
            assumption: "KV-backed (legacy) classes only; one unit per 4 KB read, per key.")
        add(.kvWriteUnits, quantity: usage.kvWriteUnits, unit: "units", rate: prices.kvWriteUnits, included: included, into: &lines,
            rateText: "$\(Self.money(prices.kvWriteUnits.usdPerUnitSize)) per million 4 KB write units past 1M/month",
            assumption: "KV-backed (legacy) classes only; one unit per 4 KB written, per key; setAlarm is 1 unit.")
        add(.kvDeletes, quantity: usage.kvDeletes, unit: "deletes", rate: prices.kvDeletes, included: included, into: &lines,
            rateText: "$\(Self.money(prices.kvDeletes.usdPerUnitSize)) per million deletes past 1M/month",
            assumption: "KV-backed (legacy) classes only; a delete is 1 whatever its size.")
        add(.kvStorage, quantity: usage.kvStoredGigabytes, unit: "GB-month", rate: prices.kvStorage, included: included, into: &lines,
            rateText: "$\(Self.money(prices.kvStorage.usdPerUnitSize)) per GB-month past 1 GB-month",
            assumption: "KV-backed (legacy) classes only.")

        let usageUSD = lines.reduce(0) { $0 + $1.usd }
        var notes = [
            included
                ? "Account total: the plan's included amounts are taken off first, then the $\(Self.money(prices.monthlyMinimumUSD)) Workers Paid monthly minimum is added, as in the pricing page's examples."
                : "One namespace's share at full rates: the included amounts and the $\(Self.money(prices.monthlyMinimumUSD)) minimum belong to the account and are not applied here.",
            "Workers Paid prices from \(PriceSheet.source) (page dated 2026-06-19); SQLite storage billed since 2026-01-07.",
            "Durable Objects only: the front Worker's own requests and CPU, and other products, are not included.",
        ]
        notes += assumptions
        let minimum = included ? prices.monthlyMinimumUSD : nil
        return CostEstimate(
            scope: scope, lines: lines, usageUSD: usageUSD, planMinimumUSD: minimum,
            totalUSD: usageUSD + (minimum ?? 0), assumptions: notes)
    }

    private func add(
        _ item: CostLine.Item, quantity: Double, unit: String, rate: PriceSheet.Rate, included: Bool,
        into lines: inout [CostLine], rateText: String, assumption: String
    ) {
        guard quantity > 0 else { return }
        let deducted = included ? min(quantity, rate.includedPerMonth) : 0
        lines.append(CostLine(
            item: item, quantity: quantity, unit: unit, includedDeducted: deducted, rate: rateText,
            usd: rate.usd(for: quantity, applyingIncluded: included), assumption: assumption))
    }

    /// A price such as 0.15, 12.50 or 0.001, without trailing noise.
    static func money(_ value: Double) -> String {
        if value == value.rounded() { return String(Int(value)) }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") && text.split(separator: ".").last.map({ $0.count > 2 }) == true { text.removeLast() }
        return text
    }

    /// A count with thousands separators and at most one decimal, such as 21,600,000 or 0.5.
    static func count(_ value: Double) -> String {
        Quantity.format(value)
    }
}
