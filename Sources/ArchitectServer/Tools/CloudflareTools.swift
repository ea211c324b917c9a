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
    static func metrics(_ arguments: RuntimeTools.MetricsArguments, embedded: () throws -> any MetricsSource, factory: Factory = fromEnvironment) async throws -> RuntimeTools.MetricsOutput {
        let window = arguments.windowSeconds
        let includeSeries = arguments.includeSeries
        let namespace = arguments.namespace
        let now = Int64(Date().timeIntervalSince1970)
        do {
            let account = try factory()
            switch arguments.source {
            case "cloudflare":
                return .sourced(try await account.report(namespace: namespace, windowSeconds: window, includeSeries: includeSeries, now: now))
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
                return .sourced(MetricsComparison.join(embedded: ours, account: theirs, namespace: namespace))
            default:
                throw ToolError("Unknown source \"\(arguments.source)\": use embedded, cloudflare or compare.")
            }
        } catch let error as CloudflareError {
            throw ToolError(error.message)
        }
    }

    /// `listNamespaces {source: "cloudflare"}`: the account's namespaces (`kind: "cloudflare"`, no methods).
    static func listNamespaces(factory: Factory = fromEnvironment) async throws -> RuntimeTools.NamespaceList {
        do {
            let account = try factory()
            let directory = try await account.namespaces()
            let entries = directory.namespaces.map { ns in
                RuntimeTools.NamespaceEntry(
                    namespace: ns.label, className: ns.className ?? "", kind: "cloudflare", namespaceId: ns.id,
                    scriptName: ns.scriptName, useSqlite: ns.useSqlite, binding: ns.binding)
            }
            return RuntimeTools.NamespaceList(
                namespaces: entries,
                note: "Durable Object namespaces of Cloudflare account \(account.credentials.accountId) (from \(account.credentials.accountIdSource)), listed through the REST API; call getDOMetrics with source \"cloudflare\" and one of these names for their figures. They have no methods here: invokeObject and runWorkload run only on the embedded runtime.")
        } catch let error as CloudflareError {
            throw ToolError(error.message)
        }
    }
}
