import Advisor
import ArgumentParser
import CloudflareMetrics
import Foundation
import JSONModel

extension MetricsCommand {
    /// `do-architect metrics --source cloudflare`: the same table and sparkline, from the account's analytics.
    func runCloudflare() async throws {
        // A CloudflareError prints as its message ("Error: …"), which never holds the token.
        let account = try CloudflareMetricsSource.fromEnvironment()
        let sourced = try await account.report(
            namespace: namespace, windowSeconds: window, includeSeries: true, now: Int64(Date().timeIntervalSince1970))
        if let html {
            let scope = namespace.map { "\"namespace\": \(JSONText.quoted($0)), " } ?? ""
            try writeView(.metrics, arguments: "{\"source\": \"cloudflare\", \(scope)\"windowSeconds\": \(window)}", result: try JSONText.encode(sourced), to: html)
        }
        if json {
            // The getDOMetrics {source: "cloudflare"} result, with the tools' encoder.
            print(try JSONValueEncoder().encodeText(sourced))
            return
        }
        let report = sourced.report
        print("do-architect metrics — Cloudflare account, \(report.windowSeconds) s in \(sourced.granularitySeconds) s buckets (sampled, delayed a few minutes)")
        if report.namespaces.isEmpty {
            print("The account has no Durable Object namespaces.")
            return
        }
        let header = ["namespace", "requests", "req/s", "peak/s", "cpu p95 ms", "cpu mean ms", "state ops", "active objs", "errors", "stored", "$/month"]
        var rows: [[String]] = []
        for (ns, extra) in zip(report.namespaces, sourced.extras) {
            func shown(_ field: String, _ text: String) -> String { extra.fieldNotes[field] == nil ? text : "–" }
            rows.append([
                ns.namespace, "\(ns.requests)", String(format: "%.1f", ns.requestsPerSecond), String(format: "%.1f", ns.peakRequestsPerSecond),
                shown("cpuTimeP95", String(format: "%.3f", ns.cpuTimeP95)), extra.cpuTimeMeanMs.map { String(format: "%.3f", $0) } ?? "–",
                shown("stateOperations", "\(ns.stateOperations)"), shown("activeObjects", "\(ns.activeObjects)"),
                shown("errors", "\(ns.errors)"), shown("storedBytes", Self.bytes(ns.storedBytes)),
                String(format: "%.2f", ns.estimatedMonthlyCost.totalUSD),
            ])
        }
        printTable(header, rows)
        for ns in report.namespaces where ns.requests > 0 {
            var perBucket = [Int](repeating: 0, count: max(1, report.windowSeconds / sourced.granularitySeconds))
            for bucket in ns.series ?? [] {
                let index = Int(bucket.second - report.from) / sourced.granularitySeconds
                if perBucket.indices.contains(index) { perBucket[index] = bucket.requests }
            }
            print("\n\(ns.namespace) requests per \(sourced.granularitySeconds) s  \(Self.sparkline(perBucket))  max \(perBucket.max() ?? 0)")
            for recommendation in ns.recommendations {
                print("  [\(recommendation.severity)] \(recommendation.id): \(recommendation.title)")
            }
        }
        for skipped in sourced.skippedFields {
            print("\nskipped \(skipped.dataset).\(skipped.field) (\(skipped.documented ? "documented" : "undocumented")): the API rejected it")
        }
        print("\n– : not offered by the account's analytics (see --json fieldNotes). cpu p95 is never an average.")
        print("Account month at this rate: $\(String(format: "%.2f", report.totals.estimatedMonthlyCost.totalUSD)) (Workers Paid, included amounts and the $5 minimum applied)")
    }

    static func bytes(_ value: Int64) -> String {
        value >= 1_000_000_000 ? String(format: "%.2f GB", Double(value) / 1e9)
            : value >= 1_000_000 ? String(format: "%.1f MB", Double(value) / 1e6) : "\(value) B"
    }
}
