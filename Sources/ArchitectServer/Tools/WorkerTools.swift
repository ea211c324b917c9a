import DurableObjects
import Foundation
import JSHost
import JSONModel
import Patterns

/// The user's own Worker as tools: load it, then reach it through its `fetch` handler. Its namespaces are also
/// reached by `invokeObject` (see `invokeUserObject`).
enum WorkerTools {
    static func all(host: WorkerHost?) -> [ToolSpec] {
        [loadWorker(host), invokeWorker(host), controlObject(host)] + WebSocketTools.all(host: host)
    }

    static func require(_ host: WorkerHost?) throws -> WorkerHost {
        guard let host else { throw ToolError("The embedded Durable Objects runtime is not running in this process; it runs in `do-architect serve` (with a data directory).") }
        return host
    }

    static func loadWorker(_ host: WorkerHost?) -> ToolSpec {
        ToolSpec(
            name: "loadWorker", title: "Load your Worker",
            description: """
                Load the user's own Worker (wrangler.jsonc, wrangler.json or wrangler.toml and its TypeScript or \
                JavaScript entry, bundled with esbuild) into the embedded runtime, so that its Durable Object classes \
                run here under their binding names (listNamespaces shows them with kind "worker"), with vars and \
                .dev.vars. A binding named like a built-in namespace (COUNTER, …) hides it while the Worker is loaded. \
                Loading again replaces the code and keeps the objects' data (storage is kept per Worker name and \
                class); `changes` says what changed, and a failed load changes nothing. Outbound fetch() is refused \
                unless `fetchMocks` answers its URL (after `latencyMs`, to model a slow downstream call). At most \
                `maxLiveObjects` objects stay in memory (default 1,000; least recently used evicted first). Returns the \
                namespaces with their RPC methods and storage kind, the bindings that are not emulated, and the load \
                time. \(RuntimeTools.provenance)
                """,
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false),
            run: { raw, context in
                let arguments = try ToolSpec.decode(LoadArguments.self, raw, tool: "loadWorker")
                let host = try require(host)
                let roots = await context.roots()
                let result = try await host.load(
                    path: arguments.path ?? roots.first?.path, config: arguments.config, main: arguments.main, allowedRoots: roots,
                    fetchMocks: (arguments.fetchMocks ?? []).map(\.fetchMock),
                    maxLiveObjects: arguments.maxLiveObjects ?? JSWorker.defaultMaxLiveObjects)
                return try ToolSpec.encode(result)
            })
    }

    static func invokeWorker(_ host: WorkerHost?) -> ToolSpec {
        ToolSpec(
            name: "invokeWorker", title: "Send a request to your Worker",
            description: """
                Send one HTTP request to the loaded Worker's default fetch handler (the way clients reach its Durable \
                Objects in production) and return {status, headers, body}, with `logs`: what its code printed with \
                console.* meanwhile. An exception from the Worker's code comes back as an error with its message and a \
                stack in the Worker's own files. \(RuntimeTools.provenance)
                """,
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false),
            run: { raw, _ in
                let arguments = try ToolSpec.decode(InvokeWorkerArguments.self, raw, tool: "invokeWorker")
                let host = try require(host)
                let capture = ConsoleCapture()
                let response = try await withConsole(capture) { try await host.invokeWorker(arguments.request) }
                return try ToolSpec.encode(WorkerResponse(
                    status: response.status ?? 0, headers: response.headers ?? [:], body: response.body ?? "",
                    logs: capture.entries, logsTruncated: capture.truncated))
            })
    }

    static func controlObject(_ host: WorkerHost?) -> ToolSpec {
        ToolSpec(
            name: "controlObject", title: "Control one object of your Worker",
            description: """
                Act on one object of the loaded Worker as the platform would. "evict" destroys its JavaScript context \
                (in-memory state is lost; storage and alarm stay; the next call runs the constructor again), to \
                reproduce "state lost after eviction" in seconds. "hibernate" does the same for an object whose \
                WebSockets are all hibernatable (accepted with ctx.acceptWebSocket): they stay open with their tags \
                and attachments, and the next message wakes it (refused, naming the count, while standard sockets or \
                timers keep it in memory). "runAlarm" runs its scheduled alarm now, with the runtime's retries and \
                backoff when the handler throws (refused when no alarm is set). \(RuntimeTools.provenance)
                """,
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false),
            run: { raw, _ in
                let arguments = try ToolSpec.decode(ControlArguments.self, raw, tool: "controlObject")
                let host = try require(host)
                let (namespace, name, id) = (arguments.namespace, arguments.name, arguments.id)
                var result: ControlResult
                switch arguments.action {
                case .hibernate:
                    let outcome = try await host.hibernate(namespace: namespace, name: name, id: id)
                    result = ControlResult(namespace: namespace, id: outcome.id, action: .hibernate)
                    result.wasInMemory = outcome.wasInMemory
                    result.webSockets = outcome.sockets
                case .runAlarm:
                    let (objectId, run) = try await host.runAlarm(namespace: namespace, name: name, id: id)
                    result = ControlResult(namespace: namespace, id: objectId, action: .runAlarm)
                    result.alarm = ControlResult.Alarm(run)
                case .evict:
                    let (objectId, wasInMemory) = try await host.evict(namespace: namespace, name: name, id: id)
                    result = ControlResult(namespace: namespace, id: objectId, action: .evict)
                    result.wasInMemory = wasInMemory
                }
                return try ToolSpec.encode(result)
            })
    }

    /// `invokeObject` on a namespace of the loaded Worker: positional `args` (a JSON array), or `method: "fetch"`
    /// with `request`. Returns nil when `namespace` is not the Worker's (the built-in path handles it).
    static func invokeUserObject(_ host: WorkerHost?, _ arguments: RuntimeTools.InvokeArguments) async throws -> RuntimeTools.Invocation? {
        guard let host, host.isWorkerNamespace(arguments.namespace) else { return nil }
        var args: [JSON]?
        if let given = arguments.args {
            guard case .array(let items) = given else { throw ToolError("For a Worker's class, args is a JSON array of the method's positional arguments.") }
            args = items
        }
        let start = ContinuousClock.now
        let capture = ConsoleCapture()
        let (id, result) = try await withConsole(capture) {
            try await host.invokeObject(
                namespace: arguments.namespace, name: arguments.name, id: arguments.id, method: arguments.method, args: args,
                request: arguments.request)
        }
        let elapsed = ContinuousClock.now - start
        return RuntimeTools.Invocation(
            namespace: arguments.namespace, id: id, name: arguments.name, method: arguments.method, result: result.droppingNullMembers,
            durationMs: Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000,
            logs: capture.entries, logsTruncated: capture.truncated)
    }

    /// Runs a call with `capture` collecting the Worker's console output. When the call fails, the output so far
    /// is added to the error's message (an error result has no other place for it).
    private static func withConsole<T: Sendable>(_ capture: ConsoleCapture, _ body: () async throws -> T) async throws -> T {
        do {
            return try await ConsoleCapture.$current.withValue(capture) { try await body() }
        } catch {
            let lines = capture.entries
            guard !lines.isEmpty else { throw error }
            let printed = lines.map { "[\($0.level)] \($0.message)" }.joined(separator: "\n")
            guard let failure = ToolFailure(error) else { throw error }
            throw ToolError("\(failure.message)\nConsole output before the error\(capture.truncated ? " (truncated)" : ""):\n\(printed)", code: failure.code)
        }
    }

    /// The handlers the runtime runs (not RPC methods).
    static let handlers: Set<String> = ["fetch", "alarm", "webSocketMessage", "webSocketClose", "webSocketError"]

    /// The loaded Worker as `runWorkload`'s target (`call` and `request`), nil when none is loaded.
    static func workloadTarget(_ host: WorkerHost?) -> (any WorkloadWorker)? { host?.workloadTarget }

    /// `listNamespaces` entries for the loaded Worker's classes (kind "worker").
    static func namespaceEntries(_ host: WorkerHost?, runtime: DurableObjectsRuntime) -> [RuntimeTools.NamespaceEntry] {
        guard let worker = host?.worker else { return [] }
        return worker.classes.map { info in
            let namespace = runtime.namespace(info.binding)
            let rpc = info.methods.filter { !handlers.contains($0) }
            return RuntimeTools.NamespaceEntry(
                namespace: info.binding, className: info.className,
                description: "The class \(info.className) of the Worker \(worker.project.name) (\(worker.project.main.lastPathComponent)), running on this server's runtime.",
                implementation: "Your own code, bundled with esbuild and run on JavaScriptCore.",
                objects: namespace?.storedObjectIds().count ?? 0, objectsInMemory: namespace?.objectsInMemory ?? 0,
                methods: info.methods.map { name in
                    .init(
                        name: name,
                        description: rpc.contains(name) ? "RPC method: invokeObject with args as a JSON array of its positional arguments." : "Handler: invokeObject with method \"fetch\" and a request, or run by the runtime.",
                        arguments: ["type": "array"], result: [:])
                },
                defaultWorkload: .init(method: rpc.first ?? "fetch", args: [:]), kind: "worker",
                storage: info.storage == .sqlite ? "sqlite" : "kv")
        }
    }
}

/// `runWorkload` on the loaded Worker: its RPC methods per namespace and its `fetch` handler.
struct WorkerWorkloadTarget: WorkloadWorker {
    let host: WorkerHost
    let worker: JSWorker

    var name: String { worker.project.name }
    var namespaces: [String] { worker.classes.map(\.binding) }

    func rpcMethods(of binding: String) -> [String]? {
        worker.classes.first { $0.binding == binding }.map { $0.methods.filter { !WorkerTools.handlers.contains($0) } }
    }

    func fetch(_ request: WorkloadRequest) async throws -> (status: Int, body: String) {
        let response = try await host.invokeWorker(.init(method: request.method, url: request.url, headers: request.headers, body: request.body))
        return (response.status ?? 0, response.body ?? "")
    }
}

extension WorkerHost {
    /// The loaded Worker as `runWorkload`'s target (`call` and `request`), nil when none is loaded.
    package var workloadTarget: (any WorkloadWorker)? {
        guard let worker else { return nil }
        return WorkerWorkloadTarget(host: self, worker: worker)
    }
}
