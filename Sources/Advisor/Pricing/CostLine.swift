/// One line of a monthly cost estimate: a billed quantity, what the plan includes, and the price of the rest.
package struct CostLine: Sendable, Equatable, Codable {
    /// The billed items a line can be about.
    package enum Item: String, Sendable, Codable, CaseIterable {
        case requests
        case webSocketMessages
        case alarms
        case duration
        case rowsRead
        case rowsWritten
        case storage
        case kvReadUnits
        case kvWriteUnits
        case kvDeletes
        case kvStorage
    }

    /// What is billed.
    package var item: Item
    /// The quantity in `unit`s for the month (WebSocket messages: the real count, before the 20:1 ratio).
    package var quantity: Double
    /// The unit of `quantity`: "requests", "messages", "GB-s", "rows", "GB-month", "units", "deletes".
    package var unit: String
    /// The amount of this line's pool taken off before pricing (0 when included amounts are not applied).
    /// Requests, WebSocket messages and alarms share one requests pool; it is taken off the requests line.
    package var includedDeducted: Double
    /// The price: e.g. "$0.15 per million requests past 1M/month".
    package var rate: String
    /// USD for the month.
    package var usd: Double
    /// How the quantity was reached and what it leaves out.
    package var assumption: String

    package init(item: Item, quantity: Double, unit: String, includedDeducted: Double, rate: String, usd: Double, assumption: String) {
        self.item = item
        self.quantity = quantity
        self.unit = unit
        self.includedDeducted = includedDeducted
        self.rate = rate
        self.usd = usd
        self.assumption = assumption
    }
}
