import Advisor
import DurableObjects
import Foundation
import JSHost
import JSONModel
import Patterns

/// The embedded Durable Objects runtime as tools: its namespaces, one call, resets, inspection, workloads and
/// metrics. Every description says that the numbers come from the runtime inside this server.
enum RuntimeTools {
    static let provenance = "Runs on the Durable Objects runtime embedded in this server (real objects on SQLite in its data directory), not on a Cloudflare account."

    static func all(patterns: PatternRuntime?, metrics: (any MetricsSource)?, workers: WorkerHost? = nil) -> [ToolSpec] {
        let runtime = RuntimeHandle(patterns: patterns, metrics: metrics, workers: workers)
        return [
            listNamespaces(runtime), invokeObject(runtime), inspectObject(runtime), resetObjects(runtime),
            runWorkload(runtime), getDOMetrics(runtime),
        ]
    }

    /// The runtime, when this process runs one (`serve`); the command line's `tools` and `search` do not.
    struct RuntimeHandle: Sendable {
        let patterns: PatternRuntime?
        let metrics: (any MetricsSource)?
        /// The loaded Worker's namespaces (`invokeObject` on them goes to `WorkerTools.invokeUserObject`).
        var workers: WorkerHost? = nil

        func runtime() throws -> PatternRuntime {
            guard let patterns else { throw unavailable }
            return patterns
        }

        func source() throws -> any MetricsSource {
            guard let metrics else { throw unavailable }
            return metrics
        }

        var unavailable: ToolError {
            ToolError("The embedded Durable Objects runtime is not running in this process; it runs in `do-architect serve` (with a data directory).", code: "runtimeUnavailable")
        }
    }

    static let readOnly = ToolAnnotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)

    // MARK: - listNamespaces

    static func listNamespaces(_ handle: RuntimeHandle) -> ToolSpec {
        ToolSpec(
            name: "listNamespaces", title: "List Durable Object namespaces",
            description: """
                List the built-in Durable Object classes of the embedded runtime (COUNTER, RATE_LIMITER, USER_SESSION, \
                CHAT_ROOM, SHARDED_COUNTER, WEBHOOK_PROCESSOR, TASK_RUNNER, BANK_ACCOUNT, LAB), each implementing its \
                pattern the recommended way, with its methods (arguments as JSON Schema, result shape), its default \
                workload and how many objects it has, then the classes of the Worker loaded with loadWorker (kind \
                "worker", with their RPC methods and storage kind). Use it before invokeObject or runWorkload. A long \
                list comes in pages: `limit`, then `offset` = the result's `nextOffset`. \(provenance) \
                `source: "cloudflare"` lists the Durable Object namespaces of the Cloudflare account instead.
                """,
            annotations: readOnly,
            run: { raw, _ in
                let arguments = try ToolSpec.decode(ListArguments.self, raw, tool: "listNamespaces")
                if arguments.source == "cloudflare" {
                    return try ToolSpec.encode(try await CloudflareTools.listNamespaces().page(offset: arguments.offset, limit: arguments.limit))
                }
                let patterns = try handle.runtime()
                let namespaces = patterns.visibleClasses.map { pattern in
                    let namespace = patterns.runtime.namespace(pattern.binding)
                    return NamespaceEntry(
                        namespace: pattern.binding, className: pattern.className, description: pattern.summary,
                        implementation: pattern.implementation, objects: namespace?.storedObjectIds().count ?? 0,
                        objectsInMemory: namespace?.objectsInMemory ?? 0,
                        methods: pattern.methods.map { method in
                            .init(name: method.name, description: method.description, arguments: method.arguments, result: method.result)
                        },
                        defaultWorkload: .init(
                            method: pattern.defaultWorkloadMethod,
                            args: pattern.defaultWorkloadArguments == .null ? .object([:]) : pattern.defaultWorkloadArguments.droppingNullMembers),
                        kind: "builtin")
                }
                let workerNamespaces = WorkerTools.namespaceEntries(handle.workers, runtime: patterns.runtime)
                return try ToolSpec.encode(try NamespaceList(namespaces: namespaces + workerNamespaces, note: provenance)
                    .page(offset: arguments.offset, limit: arguments.limit))
            })
    }

    // MARK: - invokeObject

    static func invokeObject(_ handle: RuntimeHandle) -> ToolSpec {
        ToolSpec(
            name: "invokeObject", title: "Call one Durable Object",
            description: """
                Call one method on one object of the embedded runtime and return its result and duration: \
                {namespace, name | id, method, args}. Exactly one of `name` (an object name, as with getByName) and \
                `id` (64 hex digits from an earlier result). An unknown namespace, method or bad arguments gives an \
                error listing what exists (see listNamespaces). Errors thrown by the object come back with its \
                message and the remote/retryable/overloaded flags Cloudflare sets. For a class of the Worker loaded \
                with loadWorker, `args` is a JSON array of positional arguments, and `logs` holds what its code printed \
                with console.* during the call. \(provenance)
                """,
            annotations: .init(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false),
            run: { raw, _ in
                let arguments = try ToolSpec.decode(InvokeArguments.self, raw, tool: "invokeObject")
                if let output = try await WorkerTools.invokeUserObject(handle.workers, arguments) { return try ToolSpec.encode(output) }
                let patterns = try handle.runtime()
                let address = try objectAddress(arguments.object, required: true)!
                let args = arguments.args ?? .object([:])
                let invocation = try await patterns.invoke(namespace: arguments.namespace, object: address, method: arguments.method, args: args)
                return try ToolSpec.encode(Invocation(
                    namespace: invocation.namespace, id: invocation.id, name: invocation.name, method: arguments.method,
                    result: invocation.result.droppingNullMembers, durationMs: (invocation.durationMs * 1000).rounded() / 1000))
            })
    }

    // MARK: - inspectObject

    static func inspectObject(_ handle: RuntimeHandle) -> ToolSpec {
        ToolSpec(
            name: "inspectObject", title: "Inspect a Durable Object's storage",
            description: """
                Show what one object of the embedded runtime holds, without running its code or creating it: key \
                count and its keys with value sizes (in key order, `maxKeys` from `offset`; `nextOffset` gives the \
                next page), SQL tables with row counts, database size, the alarm time, \
                whether it is in memory or hibernated, and its WebSockets with tags. Exactly one of `name` and `id`. \
                \(provenance)
                """,
            annotations: readOnly,
            run: { raw, _ in
                let arguments = try ToolSpec.decode(InspectArguments.self, raw, tool: "inspectObject")
                let patterns = try handle.runtime()
                let binding = arguments.namespace
                let address = try objectAddress(arguments.object, required: true)!
                let stub = try patterns.stub(binding, address)
                let inspection = try await patterns.namespace(binding).inspect(stub.id, keyOffset: arguments.offset, keyLimit: arguments.maxKeys)
                var name: String?
                if case .name(let given) = address { name = given }
                let keys = try Page(
                    window: inspection.sampleKeys.map { Inspection.Key(key: $0.key, valueBytes: $0.valueBytes) },
                    offset: arguments.offset, total: inspection.keyCount,
                    otherBytes: 400 + inspection.tables.reduce(0) { $0 + $1.name.utf8.count + 30 } + inspection.webSockets.count * 200)
                return try ToolSpec.encode(Inspection(
                    namespace: binding, id: inspection.id, name: name, exists: inspection.exists, inMemory: inspection.inMemory,
                    keyCount: inspection.keyCount, sampleKeys: keys.items, truncated: keys.truncated, nextOffset: keys.nextOffset,
                    tables: inspection.tables.map { .init(name: $0.name, rows: $0.rows) },
                    databaseSize: Int(inspection.databaseSize), alarm: inspection.alarm.map { Int($0) },
                    webSockets: inspection.webSockets.map { .init(id: Int($0.id), tags: $0.tags, hibernatable: $0.hibernatable) }))
            })
    }

    // MARK: - resetObjects

    static func resetObjects(_ handle: RuntimeHandle) -> ToolSpec {
        ToolSpec(
            name: "resetObjects", title: "Delete Durable Objects of the embedded runtime",
            description: """
                Delete objects and their storage in the embedded runtime: one object (`namespace` with `name` or \
                `id`), a whole namespace (`namespace` alone), or everything (no argument). Reports what was removed. \
                Metrics already recorded stay. \(provenance)
                """,
            annotations: .init(readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false),
            run: { raw, _ in
                let arguments = try ToolSpec.decode(ObjectArguments.self, raw, tool: "resetObjects")
                let patterns = try handle.runtime()
                let binding = arguments.namespace
                let address = try objectAddress(arguments, required: false)
                if address != nil, binding == nil {
                    throw ToolError("`name` or `id` needs `namespace` too: say which namespace the object belongs to.")
                }
                let removed = try await patterns.reset(namespace: binding, object: address)
                let total = removed.values.reduce(0, +)
                let scope = address != nil ? "the object" : binding.map { "namespace \($0)" } ?? "every namespace"
                return try ToolSpec.encode(Reset(removed: removed, total: total, message: "Removed \(total) stored object(s) from \(scope)."))
            })
    }

    // MARK: - runWorkload

    static func runWorkload(_ handle: RuntimeHandle) -> ToolSpec {
        ToolSpec(
            name: "runWorkload", title: "Run a workload on Durable Objects",
            description: """
                Drive many calls at one built-in namespace of the embedded runtime and measure them: throughput, \
                latency p50/p95/p99/max, errors by kind, objects touched, and checks proper to the pattern (counter \
                totals equal the increments sent, bank money is conserved, no webhook lost or duplicated). Choose \
                `requests` (≤ \(Quantity.format(Double(WorkloadCaps.requests.upperBound)))), `concurrency` \
                (≤ \(Quantity.format(Double(WorkloadCaps.concurrency.upperBound)))), `objects` and a `distribution` \
                (uniform, zipf, single); `ratePerSecond` paces it; it stops at `durationSeconds` \
                (≤ \(Quantity.format(WorkloadCaps.durationSeconds.upperBound))). Sends progress \
                notifications and stops when cancelled. Afterwards getDOMetrics shows the namespace's figures and \
                recommendations. On the Worker loaded with loadWorker: `call: {method, args}` drives an RPC method of \
                one of its namespaces (args a JSON array), or `request: {method, url, headers?, body?}` (no namespace) \
                drives its fetch handler; their strings may hold {{i}} (request number), {{object}} (object name) and \
                {{random}} (a seeded random integer). Errors from the Worker's code are counted by class, with samples. \
                \(provenance)
                """,
            annotations: .init(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false),
            run: { raw, context in
                let arguments = try ToolSpec.decode(WorkloadArguments.self, raw, tool: "runWorkload")
                let patterns = try handle.runtime()
                let options = try arguments.options()
                let result: WorkloadResult
                if let sockets = arguments.sockets {
                    result = try await patterns.runSocketWorkload(options, sockets) { done, total in
                        context.reportProgress(Double(done), Double(total), nil)
                    }
                } else {
                    result = try await patterns.runWorkload(options, worker: WorkerTools.workloadTarget(handle.workers)) { done, total in
                        context.reportProgress(Double(done), Double(total), nil)
                    }
                }
                try Task.checkCancellation()
                return try ToolSpec.encode(result)
            })
    }

    // MARK: - getDOMetrics

    static func getDOMetrics(_ handle: RuntimeHandle) -> ToolSpec {
        ToolSpec(
            name: "getDOMetrics", title: "Durable Object metrics with recommendations",
            description: """
                Metrics of Durable Object namespaces over the last `windowSeconds` (default 60), measured on the \
                runtime embedded in this server (run a workload first with runWorkload, or call objects with \
                invokeObject): activeObjects, requestsPerSecond (and peak), cpuTimeP95 (ms), stateOperations, objects \
                in memory, errors, CPU and wall-time percentiles, input-gate wait, storage operations by kind, stored \
                bytes, alarms, WebSockets, evictions, the hottest objects, an estimated monthly cost by line at \
                Workers Paid prices if the rate continued, and recommendations with the evidence that triggered \
                them (shard a hot object, consider Workers KV, batch storage calls, alarms that fail, objects kept \
                awake, overload). `includeSeries` adds per-second figures; `baselineWindowSeconds` N compares with the N \
                seconds before the window (`baseline` and `change` beside the figures). By default not data from a \
                Cloudflare account: `source: "cloudflare"` reads the same figures from the account's analytics (token and \
                account from the server's environment; figures the account lacks are null with a note), and `source: \
                "compare"` shows one namespace from both with ratios.
                """,
            annotations: readOnly,
            run: { raw, _ in
                let arguments = try ToolSpec.decode(MetricsArguments.self, raw, tool: "getDOMetrics")
                if arguments.source != "embedded" {
                    return try ToolSpec.encode(try await CloudflareTools.metrics(arguments, embedded: handle.source))
                }
                let report = try await MetricsAnalyzer().report(
                    from: try handle.source(), namespace: arguments.namespace, windowSeconds: arguments.windowSeconds,
                    includeSeries: arguments.includeSeries, now: Int64(Date().timeIntervalSince1970),
                    baselineWindowSeconds: arguments.baselineWindowSeconds)
                if let namespace = arguments.namespace, report.namespaces.isEmpty {
                    throw ToolError("No namespace \(namespace) in the embedded runtime. Namespaces: \(MetricsRules.namespaceHint).")
                }
                return try ToolSpec.encode(MetricsOutput.embedded(report))
            })
    }

    // MARK: - Arguments

    /// The object a call addresses: exactly one of `name` and `id` (or neither when not `required`).
    static func objectAddress(_ arguments: ObjectArguments, required: Bool) throws -> PatternRuntime.ObjectAddress? {
        try objectAddress(name: arguments.name, id: arguments.id, required: required)
    }

    static func objectAddress(name: String?, id: String?, required: Bool) throws -> PatternRuntime.ObjectAddress? {
        switch (name, id) {
        case (let name?, nil): return .name(name)
        case (nil, let id?): return .id(id)
        case (nil, nil):
            if required { throw ToolError("Give exactly one of `name` (the object's name, as with getByName) and `id` (its 64-hex id).") }
            return nil
        default:
            throw ToolError("Give exactly one of `name` and `id`, not both.")
        }
    }
}

extension RuntimeTools {
    /// Runs a recommended design's workload on the embedded runtime (`recommendArchitecture` with `verify`).
    static func verifier(_ patterns: PatternRuntime) -> DesignVerifier {
        { plan, context in
            var options = WorkloadOptions(namespace: plan.namespace, requests: plan.requests)
            options.concurrency = plan.concurrency
            options.objects = plan.objects
            options.distribution = ObjectDistribution(rawValue: plan.distribution) ?? .uniform
            options.method = plan.method
            options.objectPrefix = "verify-"
            options.durationSeconds = 60
            try options.validate()
            let result = try await patterns.runWorkload(options) { done, total in
                context.reportProgress(Double(done), Double(total), "verifying on the embedded runtime")
            }
            let errors = result.errors.values.reduce(0, +)
            return .init(
                status: "ran", namespace: result.namespace, requests: result.requests, completed: result.completed,
                errors: errors, throughput: (result.throughput * 10).rounded() / 10,
                latencyP95Ms: (result.latencyMs.p95 * 1000).rounded() / 1000, checksPassed: result.allChecksPassed,
                note: "Measured on the runtime embedded in this server (\(result.objects) objects, concurrency \(result.concurrency), \(result.distribution.rawValue)): a scaled-down shape of the design, not Cloudflare's production numbers; see getDOMetrics for the namespace's figures and cost.")
        }
    }
}
