@testable import Advisor
import Testing

struct PriceModelTests {
    let model = PriceModel()

    /// The pricing page's example (fact sheet section 2): 100 objects × 100 hibernated sockets, 1 message per minute
    /// each, 10 ms per message, over a 30-day month.
    static let pricingPageExample: Usage = {
        let minutes = 30.0 * 24 * 60
        let messages = 100 * 100 * minutes
        // Each object handles 100 messages a minute at 10 ms each: 1 active second per minute.
        let activeSeconds = 100 * minutes * 1
        return Usage(webSocketMessagesIn: messages, activeSeconds: activeSeconds)
    }()

    @Test func pricingPageHibernationExampleCostsAboutTenDollars() {
        let estimate = model.estimate(Self.pricingPageExample, scope: .accountTotal)
        #expect(abs(estimate.usd(.webSocketMessages) - 3.09) < 0.005)
        #expect(abs(estimate.usd(.duration) - 1.91) < 0.005)
        #expect(estimate.planMinimumUSD == 5)
        #expect(abs(estimate.totalUSD - 10.0) < 0.01)
    }

    @Test func webSocketMessagesBillTwentyToOne() {
        let estimate = model.estimate(Usage(webSocketMessagesIn: 20_000_000), scope: .namespaceShare)
        // 20M messages = 1M requests = $0.15 at full rate.
        #expect(abs(estimate.usd(.webSocketMessages) - 0.15) < 1e-9)
    }

    @Test func belowTheIncludedAmountsOnlyTheMinimumIsDue() {
        let usage = Usage(requests: 900_000, alarmInvocations: 50_000, activeSeconds: 1_000_000, rowsRead: 1_000_000_000,
                          rowsWritten: 10_000_000, storedGigabytes: 4)
        let estimate = model.estimate(usage, scope: .accountTotal)
        #expect(estimate.usageUSD == 0)
        #expect(estimate.totalUSD == 5)
    }

    @Test func emptyUsageCostsTheMinimumForAnAccountAndNothingForANamespace() {
        #expect(model.estimate(Usage(), scope: .accountTotal).totalUSD == 5)
        #expect(model.estimate(Usage(), scope: .namespaceShare).totalUSD == 0)
        #expect(model.estimate(Usage(), scope: .accountTotal).lines.isEmpty)
    }

    @Test func requestsMessagesAndAlarmsShareOneAllowance() {
        // 600k requests + 10M messages (500k requests) + 100k alarms = 1.2M requests; 200k past the allowance.
        let estimate = model.estimate(Usage(requests: 600_000, webSocketMessagesIn: 10_000_000, alarmInvocations: 100_000), scope: .accountTotal)
        let billed = estimate.lines.reduce(0) { $0 + $1.usd }
        #expect(abs(billed - 0.2 * 0.15) < 1e-9)
        #expect(estimate.line(.requests)?.includedDeducted == 600_000)
        #expect(estimate.line(.webSocketMessages)?.includedDeducted == 400_000)
        #expect(estimate.line(.alarms)?.includedDeducted == 0)
    }

    @Test func namespaceShareAppliesNoAllowanceAndNoMinimum() {
        let estimate = model.estimate(Usage(requests: 1_000_000, rowsWritten: 1_000_000), scope: .namespaceShare)
        #expect(abs(estimate.usd(.requests) - 0.15) < 1e-9)
        #expect(abs(estimate.usd(.rowsWritten) - 1.0) < 1e-9)
        #expect(estimate.planMinimumUSD == nil)
        #expect(abs(estimate.totalUSD - 1.15) < 1e-9)
    }

    @Test(arguments: [
        (CostLine.Item.duration, Usage(activeSeconds: 1_000_000 / 0.128), 12.50),
        (.rowsRead, Usage(rowsRead: 1_000_000), 0.001),
        (.rowsWritten, Usage(rowsWritten: 1_000_000), 1.00),
        (.storage, Usage(storedGigabytes: 1), 0.20),
        (.kvReadUnits, Usage(kvReadUnits: 1_000_000), 0.20),
        (.kvWriteUnits, Usage(kvWriteUnits: 1_000_000), 1.00),
        (.kvDeletes, Usage(kvDeletes: 1_000_000), 1.00),
        (.kvStorage, Usage(kvStoredGigabytes: 1), 0.20),
    ])
    func everyLineUsesThePublishedRate(item: CostLine.Item, usage: Usage, usd: Double) {
        let estimate = model.estimate(usage, scope: .namespaceShare)
        #expect(abs(estimate.usd(item) - usd) < 1e-9)
        #expect(estimate.line(item)?.assumption.isEmpty == false)
    }

    @Test func includedAmountsMatchThePricingPage() {
        let prices = PriceSheet.workersPaid
        #expect(prices.requests.includedPerMonth == 1_000_000)
        #expect(prices.duration.includedPerMonth == 400_000)
        #expect(prices.rowsRead.includedPerMonth == 25_000_000_000)
        #expect(prices.rowsWritten.includedPerMonth == 50_000_000)
        #expect(prices.sqliteStorage.includedPerMonth == 5)
        #expect(prices.kvStorage.includedPerMonth == 1)
    }

    @Test func kvUnitsRoundUpPerFourKilobytes() {
        let prices = PriceSheet.workersPaid
        #expect(prices.kvUnits(forBytes: 9 * 1024) == 3)
        #expect(prices.kvUnits(forBytes: 0) == 1)
    }

    @Test func everyEstimateStatesItsSourceAndScope() {
        let estimate = model.estimate(Self.pricingPageExample, scope: .accountTotal)
        #expect(estimate.source == "https://developers.cloudflare.com/durable-objects/platform/pricing/")
        #expect(estimate.assumptions.contains { $0.contains("included amounts") })
    }
}
