import BundledContent

/// One of the MCP Apps views (`ui://` resources) that hosts render beside a tool's result.
///
/// Each view is one self-contained HTML document: its stylesheet and scripts are inlined from `Views/` (embedded in
/// the binary), and it loads nothing from outside, since hosts' content security policies block it and users may be
/// offline. It speaks the MCP Apps bridge (specification 2026-01-26) with its host, or renders a result embedded in
/// the page when it is written as a file by the command line (`metrics --html`, `workload --html`,
/// `review --format html`).
package enum AppView: String, CaseIterable, Sendable {
    case metrics, workload, review

    /// The MIME type the MCP Apps extension requires of an HTML view.
    package static let mimeType = "text/html;profile=mcp-app"
    /// The extension's identifier in `capabilities.extensions`.
    package static let extensionId = "io.modelcontextprotocol/ui"

    /// The resource URI, e.g. `ui://do-architect/metrics`.
    package var uri: String { "ui://do-architect/\(rawValue)" }

    /// The tool whose results this view renders.
    package var tool: String {
        switch self {
        case .metrics: "getDOMetrics"
        case .workload: "runWorkload"
        case .review: "reviewCode"
        }
    }

    /// The view that renders a tool's results, if any.
    package static func forTool(_ name: String) -> AppView? { allCases.first { $0.tool == name } }

    /// The resource's display name.
    package var title: String {
        switch self {
        case .metrics: "Durable Objects metrics"
        case .workload: "Workload run"
        case .review: "Durable Object code review"
        }
    }

    /// What the view shows, for `resources/list`.
    package var summary: String {
        switch self {
        case .metrics:
            "getDOMetrics as charts: headline figures, requests/s and CPU over the window, state operations, the hottest objects, monthly cost by line and the recommendations, per namespace."
        case .workload:
            "runWorkload as a report: the arguments while it runs, then throughput, the latency histogram with p50/p95/p99, errors by kind and the checks."
        case .review:
            "reviewCode as a report: findings grouped by file with excerpt, severity, confidence and fix, and the review checklist."
        }
    }

    /// The HTML document; with `embedding`, a JSON object `{"arguments": …, "structuredContent": …}` rendered at once
    /// without a host.
    package func html(embedding resultJSON: String? = nil) -> String {
        let css = Self.part("view.css")
        let script = Self.part("view.js") + "\n" + Self.part("\(rawValue).js")
        // `<` only ever occurs inside JSON strings, where \u003c means the same, so no `</script>` can close the block.
        let data = (resultJSON ?? "").replacingOccurrences(of: "<", with: "\\u003c")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · do-architect</title>
            <style>
            \(css)
            </style>
            </head>
            <body>
            <main id="app" aria-live="polite"></main>
            <script type="application/json" id="embedded-result">\(data)</script>
            <script>
            \(script)
            </script>
            </body>
            </html>

            """
    }

    private static func part(_ name: String) -> String {
        BundledContent.files(in: "Views").first { $0.path == "Views/\(name)" }?.text ?? ""
    }
}
