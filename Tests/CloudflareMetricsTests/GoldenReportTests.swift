import Foundation
import Testing
@testable import CloudflareMetrics

/// The whole `getDOMetrics {source: "cloudflare"}` output for the replayed account, kept as a golden file
/// (`Fixtures/cloudflare-report.json`). Re-record with `RECORD_GOLDEN=1`, never by hand.
struct GoldenReportTests {
    typealias F = AccountFixture

    @Test func replayedAccountReportMatchesTheGoldenFile() async throws {
        let server = try ReplayServer(handler: F.normal)
        let report = try await F.source(server).report(namespace: "COUNTER", windowSeconds: 600, includeSeries: true, now: F.now)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/cloudflare-report.json")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try text.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(text == expected, "re-record with RECORD_GOLDEN=1 if the change is intended")
    }
}
