import Advisor
import CloudflareMetrics
import Foundation
import JSONModel

/// `getDOMetrics` and `listNamespaces` with `source: "cloudflare"` or `"compare"`: a few lines from the tools to
/// the CloudflareMetrics engine. Credentials come from the environment and the wrangler config, never arguments.
enum CloudflareTools {
    /// Makes the account source; tests replace it to inject a client.
    typealias Factory = @Sendable () throws -> CloudflareMetricsSource

    static let fromEnvironment: Factory = { try CloudflareMetricsSource.fromEnvironment() }

    /// `getDOMetrics` for `source` `cloudflare` or `compare`.
    static func metrics(_ arguments: [String: JSON], source: String, embedded: () throws -> any MetricsSource, factory: Factory = fromEnvironment) async throws -> JSON {
        let window = arguments["windowSeconds"]?.integer ?? 60
        let includeSeries = arguments["includeSeries"]?.boolValue ?? false
        let namespace = arguments["namespace"]?.text
        let now = Int64(Date().timeIntervalSince1970)
        do {
            let account = try factory()
            switch source {
            case "cloudflare":
                return try JSON.encoding(try await account.report(namespace: namespace, windowSeconds: window, includeSeries: includeSeries, now: now))
            case "compare":
                guard let namespace else {
                    throw ToolError("source \"compare\" needs `namespace`: a binding name present both in the embedded runtime and in the wrangler config (e.g. COUNTER).")
                }
                let local = try await MetricsAnalyzer().report(
                    from: try embedded(), namespace: namespace, windowSeconds: window, includeSeries: includeSeries, now: now)
                guard let ours = local.namespaces.first else {
                    throw ToolError("No namespace \(namespace) in the embedded runtime to compare with. Namespaces: \(MetricsRules.namespaceHint).")
                }
                // The binding of the wrangler config first; without one, the embedded namespace's class name.
                let theirs: SourcedMetricsReport
                do {
                    theirs = try await account.report(namespace: namespace, windowSeconds: window, includeSeries: includeSeries, now: now)
                } catch let error as CloudflareError where error.code == .unknownNamespace && ours.className != nil {
                    theirs = try await account.report(namespace: ours.className, windowSeconds: window, includeSeries: includeSeries, now: now)
                }
                return try JSON.encoding(MetricsComparison.join(embedded: ours, account: theirs, namespace: namespace))
            default:
                throw ToolError("Unknown source \"\(source)\": use embedded, cloudflare or compare.")
            }
        } catch let error as CloudflareError {
            throw ToolError(error.message)
        }
    }

    /// `listNamespaces {source: "cloudflare"}`: the account's namespaces (`kind: "cloudflare"`, no methods).
    static func listNamespaces(factory: Factory = fromEnvironment) async throws -> JSON {
        do {
            let account = try factory()
            let directory = try await account.namespaces()
            let entries: [JSON] = directory.namespaces.map { ns in
                var entry: [String: JSON] = [
                    "namespace": .string(ns.label), "className": .string(ns.className ?? ""), "kind": .string("cloudflare"),
                    "namespaceId": .string(ns.id),
                ]
                if let script = ns.scriptName { entry["scriptName"] = .string(script) }
                if let sqlite = ns.useSqlite { entry["useSqlite"] = .bool(sqlite) }
                if let binding = ns.binding { entry["binding"] = .string(binding) }
                return .object(entry)
            }
            return .object([
                "namespaces": .array(entries),
                "note": .string("Durable Object namespaces of Cloudflare account \(account.credentials.accountId) (from \(account.credentials.accountIdSource)), listed through the REST API; call getDOMetrics with source \"cloudflare\" and one of these names for their figures. They have no methods here: invokeObject and runWorkload run only on the embedded runtime."),
            ])
        } catch let error as CloudflareError {
            throw ToolError(error.message)
        }
    }
}
