import Advisor
import AppViews
import ArchitectServer
import ArgumentParser
import DurableObjects
import Foundation
import JSONModel
import Patterns

/// `do-architect metrics`: what a running (or past) server recorded in the data directory.
struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Show the metrics the embedded runtime recorded in the data directory (what getDOMetrics returns).",
        discussion: "Reads the data directory's metrics store without locking it, so it works while a server runs.")

    @OptionGroup var dataDirectory: DataDirectoryOption

    @Option(help: "Only this namespace (e.g. COUNTER).")
    var namespace: String?

    @Option(help: "How far back to look, in seconds.")
    var window: Int = 60

    @Option(help: "Also measure the N seconds before the window and show each figure's change (getDOMetrics baselineWindowSeconds).")
    var baseline: Int?

    @Flag(help: "Print the getDOMetrics JSON instead of a table.")
    var json = false

    @Option(help: "Also write the metrics view (charts, as in an MCP Apps host) with this result embedded to this HTML file.")
    var html: String?

    @Option(help: "embedded (the data directory), or cloudflare: the account of CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID (or account_id in ./wrangler.jsonc|json|toml); the only source that uses the network.")
    var source = "embedded"

    func validate() throws {
        // The getDOMetrics schema's bounds.
        let windows = SchemaCatalog.integerRange("getDOMetrics", "windowSeconds")
        guard windows.contains(window) else { throw ValidationError("--window must be between \(windows.lowerBound) and \(windows.upperBound) seconds.") }
        guard ["embedded", "cloudflare"].contains(source) else { throw ValidationError("--source must be embedded or cloudflare.") }
        let baselines = SchemaCatalog.integerRange("getDOMetrics", "baselineWindowSeconds")
        if let baseline, !baselines.contains(baseline) {
            throw ValidationError("--baseline must be between \(baselines.lowerBound) and \(baselines.upperBound) seconds.")
        }
    }

    func run() async throws {
        if source == "cloudflare" { return try await runCloudflare() }
        let folder = DataDirectory.resolve(option: dataDirectory.path)
        try DataDirectory.prepare(folder)
        let store = try MetricsStore(dataDirectory: folder)
        var known: [String: String] = [:]
        for pattern in PatternCatalog.all { known[pattern.binding] = pattern.className }
        let source = EmbeddedMetricsSource(store: store, runtime: nil, known: known)
        let report = try await MetricsAnalyzer().report(
            from: source, namespace: namespace, windowSeconds: window, includeSeries: true,
            now: Int64(Date().timeIntervalSince1970), baselineWindowSeconds: baseline)
        if let html {
            let arguments = namespace.map { "{\"namespace\": \(JSONText.quoted($0)), \"windowSeconds\": \(window)}" } ?? "{\"windowSeconds\": \(window)}"
            try writeView(.metrics, arguments: arguments, result: try JSONText.encode(report), to: html)
        }
        if json {
            // The getDOMetrics result (with series), with the tools' encoder.
            print(try JSONValueEncoder().encodeText(report))
            return
        }
        print("do-architect metrics — last \(window) s, \(folder.path) (embedded runtime, not a Cloudflare account)")
        let active = report.namespaces.filter { $0.requests > 0 || $0.storedObjects > 0 || $0.billableActiveSeconds > 0 }
        if active.isEmpty {
            print("No activity recorded in this window. Run a workload: do-architect workload COUNTER --requests 10000")
            return
        }
        let header = ["namespace", "requests", "req/s", "peak/s", "cpu p95 ms", "state ops", "active objs", "errors", "stored", "$/month"]
        var rows: [[String]] = []
        for ns in active {
            rows.append([
                ns.namespace, "\(ns.requests)", String(format: "%.1f", ns.requestsPerSecond), String(format: "%.0f", ns.peakRequestsPerSecond),
                String(format: "%.3f", ns.cpuTimeP95), "\(ns.stateOperations)", "\(ns.activeObjects)", "\(ns.errors)",
                "\(ns.storedObjects)", String(format: "%.2f", ns.estimatedMonthlyCost.totalUSD),
            ])
        }
        printTable(header, rows)
        if let window = report.baselineWindow {
            print("\nCompared with the \(window.windowSeconds) s before (baseline → this window, ×change):")
            let keys = ["requestsPerSecond", "peakRequestsPerSecond", "cpuTimeP95", "activeObjects", "stateOperations", "billableActiveSeconds", "estimatedMonthlyUSD"]
            var comparison: [[String]] = []
            for ns in active {
                let before = ns.baseline ?? [:], now = MetricsReport.headline(ns), change = ns.change ?? [:]
                comparison.append([ns.namespace] + keys.map { key in
                    let ratio = change[key].map { String(format: " ×%.2f", $0) } ?? ""
                    return String(format: "%g → %g", before[key] ?? 0, now[key] ?? 0) + ratio
                })
            }
            printTable(["namespace"] + keys, comparison)
        }
        for ns in active where ns.requests > 0 {
            let series = Self.perSecond(ns.series ?? [], from: report.from, to: report.to)
            print("\n\(ns.namespace) requests/s  \(Self.sparkline(series))  max \(series.max() ?? 0)")
            for recommendation in ns.recommendations {
                print("  [\(recommendation.severity)] \(recommendation.id): \(recommendation.title)")
            }
        }
        print("\nAccount month at this rate: $\(String(format: "%.2f", report.totals.estimatedMonthlyCost.totalUSD)) (Workers Paid, included amounts and the $5 minimum applied)")
    }

    static func perSecond(_ series: [NamespaceReport.SecondReport], from: Int64, to: Int64) -> [Int] {
        var values = [Int](repeating: 0, count: Int(max(1, to - from + 1)))
        for second in series where second.second >= from && second.second <= to {
            values[Int(second.second - from)] = second.requests
        }
        return values
    }

    /// One character per bucket of seconds, at most 60 characters.
    static func sparkline(_ values: [Int]) -> String {
        let ticks = Array("▁▂▃▄▅▆▇█")
        let bucket = max(1, (values.count + 59) / 60)
        let buckets = stride(from: 0, to: values.count, by: bucket).map { values[$0..<min($0 + bucket, values.count)].max() ?? 0 }
        let top = max(buckets.max() ?? 0, 1)
        return String(buckets.map { $0 == 0 ? " " : ticks[min(ticks.count - 1, $0 * (ticks.count - 1) / top)] })
    }
}

/// Prints rows under a header, columns padded to their widest cell.
func printTable(_ header: [String], _ rows: [[String]]) {
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: "  ")
    }
    print(line(header))
    print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    for row in rows { print(line(row)) }
}
