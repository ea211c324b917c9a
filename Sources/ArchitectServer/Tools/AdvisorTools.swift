import Advisor
import Foundation
import JSONModel

/// Runs a recommended design's workload on the embedded runtime and reports what was measured.
package typealias DesignVerifier = @Sendable (Recommendation.WorkloadPlan, ToolContext) async throws -> Recommendation.Verification

/// `recommendArchitecture`: the Advisor engine as a tool.
enum AdvisorTools {
    static func recommendArchitecture(verifier: DesignVerifier?) -> ToolSpec {
        ToolSpec(
            name: "recommendArchitecture",
            title: "Recommend a Durable Objects architecture",
            description: """
                Design a feature on Cloudflare's developer platform, grounded in documented limits and prices: \
                whether Durable Objects fit (or Workers KV, D1, R2, Queues, Hyperdrive, Vectorize, Analytics Engine or \
                a stateless Worker is better, with why each alternative was rejected), one object per what and its \
                name scheme for getByName, the shard count from the request rate and a sourced per-object budget, \
                storage (SQLite, migrations, transactions, alarms, hibernation), a TypeScript class skeleton and \
                wrangler config that reviewCode accepts, the monthly cost by line, the limits approached with the \
                margin left, and the knowledge-base docs behind each point. `description` alone is enough (numbers \
                and words are extracted, assumptions stated, and the questions that would change the design \
                listed); `requirements` pins numbers. `verify: true` also runs the design's shape on the runtime \
                embedded in this server (not a Cloudflare account) and reports measured figures beside the estimate.
                """,
            annotations: .init(title: "Recommend a Durable Objects architecture", readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false),
            run: { raw, context in
                let request = try ToolSpec.decode(RecommendationRequest.self, raw, tool: "recommendArchitecture")
                var recommendation = try ArchitectureAdvisor().recommend(request)
                if request.verify == true {
                    if let plan = recommendation.workload, let verifier {
                        do {
                            recommendation.verification = try await verifier(plan, context)
                        } catch is CancellationError {
                            throw CancellationError()
                        } catch {
                            recommendation.verification = .init(status: "failed", namespace: plan.namespace, note: "The workload could not run: \(ToolFailure(error)?.message ?? String(describing: error)).")
                        }
                    } else {
                        recommendation.verification = .init(
                            status: "unavailable",
                            note: recommendation.workload == nil
                                ? "This design has no Durable Object workload to run (the recommended primitive is \(recommendation.primitive.rawValue))."
                                : "The embedded runtime is not available in this server process.")
                    }
                }
                return try ToolSpec.encode(recommendation)
            })
    }
}
