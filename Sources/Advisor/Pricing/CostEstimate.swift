/// A monthly price, line by line, under the Workers Paid price model.
///
/// Encodes to the `monthlyCost` object of `Schemas/recommendArchitecture.output.json`.
package struct CostEstimate: Sendable, Equatable, Codable {
    /// Whether the plan's included amounts and its monthly minimum were applied.
    package enum Scope: String, Sendable, Codable {
        /// One namespace's share: no included amounts, no minimum (they belong to the whole account).
        case namespaceShare = "namespace-share"
        /// An account total: included amounts taken off, the $5 minimum applied.
        case accountTotal = "account-total"
    }

    package var currency: String = "USD"
    package var scope: Scope
    /// The lines that carry usage, in a stable order.
    package var lines: [CostLine]
    /// The sum of the lines.
    package var usageUSD: Double
    /// The plan's monthly minimum, when `scope` is `account-total`.
    package var planMinimumUSD: Double?
    /// What the month costs: `usageUSD`, raised to the plan minimum for an account total.
    ///
    /// The pricing page's worked examples add the $5 minimum on top of usage ("$3.09 + $1.91 + $5 ≈ $10"); we follow
    /// that reading, so an account total is `planMinimumUSD + usageUSD`. See `docs/advisor.md`.
    package var totalUSD: Double
    /// Statements the figure rests on (month length, what is left out).
    package var assumptions: [String]
    /// Where the prices come from.
    package var source: String = PriceSheet.source

    package init(scope: Scope, lines: [CostLine], usageUSD: Double, planMinimumUSD: Double?, totalUSD: Double, assumptions: [String]) {
        self.scope = scope
        self.lines = lines
        self.usageUSD = usageUSD
        self.planMinimumUSD = planMinimumUSD
        self.totalUSD = totalUSD
        self.assumptions = assumptions
    }

    /// The line for one item, if it carries usage.
    package func line(_ item: CostLine.Item) -> CostLine? {
        lines.first { $0.item == item }
    }

    /// USD of one item (0 when the line is absent).
    package func usd(_ item: CostLine.Item) -> Double {
        line(item)?.usd ?? 0
    }
}
