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
            run: { arguments, context in
                let host = try require(host)
                let roots = await context.roots()
                let mocks = (arguments["fetchMocks"]?.arrayValue ?? []).map { item in
                    var headers: [String: String] = [:]
                    for (name, value) in item["headers"]?.objectValue ?? [:] { headers[name] = value.text ?? "" }
                    return FetchMock(
                        url: item["url"]?.text ?? "", status: item["status"]?.integer ?? 200, body: item["body"]?.text ?? "",
                        headers: headers, latencyMs: item["latencyMs"]?.number ?? 0)
                }
                return try .encoding(try await host.load(
                    path: arguments["path"]?.text ?? roots.first?.path, config: arguments["config"]?.text,
                    main: arguments["main"]?.text, allowedRoots: roots, fetchMocks: mocks,
                    maxLiveObjects: arguments["maxLiveObjects"]?.integer ?? JSWorker.defaultMaxLiveObjects))
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
            run: { arguments, _ in
                let host = try require(host)
                guard case .object(let request)? = arguments["request"] else { throw ToolError("request: {method, url, headers?, body?} is required.") }
                var headers: [String: String] = [:]
                if case .object(let given)? = request["headers"] { for (k, v) in given { headers[k] = v.text ?? "" } }
                let message = WorkerHost.HTTPMessage(
                    method: request["method"]?.text, url: request["url"]?.text, headers: headers, body: request["body"]?.text)
                let capture = ConsoleCapture()
                let response = try await withConsole(capture) { try await host.invokeWorker(message) }
                guard case .object(var output) = try JSON.encoding(response) else { return try .encoding(response) }
                addLogs(capture, to: &output)
                return .object(output)
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
            run: { arguments, _ in
                let host = try require(host)
                let namespace = arguments["namespace"]?.text ?? ""
                let (name, id) = (arguments["name"]?.text, arguments["id"]?.text)
                switch arguments["action"]?.text {
                case "hibernate":
                    let result = try await host.hibernate(namespace: namespace, name: name, id: id)
                    return .object([
                        "namespace": .string(namespace), "id": .string(result.id), "action": "hibernate",
                        "wasInMemory": .bool(result.wasInMemory), "webSockets": .int(result.sockets),
                    ])
                case "runAlarm":
                    let (objectId, run) = try await host.runAlarm(namespace: namespace, name: name, id: id)
                    var alarm: [String: JSON] = [
                        "scheduledTime": .int(Int(run.scheduledTime)), "retryCount": .int(run.retryCount),
                        "succeeded": .bool(run.succeeded), "dropped": .bool(run.dropped),
                    ]
                    if let error = run.error { alarm["error"] = .string(error) }
                    if let next = run.nextTime { alarm["nextTime"] = .int(Int(next)) }
                    return .object(["namespace": .string(namespace), "id": .string(objectId), "action": "runAlarm", "alarm": .object(alarm)])
                default:
                    let (objectId, wasInMemory) = try await host.evict(namespace: namespace, name: name, id: id)
                    return .object([
                        "namespace": .string(namespace), "id": .string(objectId), "action": "evict", "wasInMemory": .bool(wasInMemory),
                    ])
                }
            })
    }

    /// `invokeObject` on a namespace of the loaded Worker: positional `args` (a JSON array), or `method: "fetch"`
    /// with `request`. Returns nil when `namespace` is not the Worker's (the built-in path handles it).
    static func invokeUserObject(_ host: WorkerHost?, _ arguments: [String: JSON]) async throws -> JSON? {
        guard let host, let namespace = arguments["namespace"]?.text, host.isWorkerNamespace(namespace) else { return nil }
        var args: [JSONValue]?
        if let given = arguments["args"] {
            guard case .array(let items) = given else { throw ToolError("For a Worker's class, args is a JSON array of the method's positional arguments.") }
            args = items.map(JSONValue.init)
        }
        var request: WorkerHost.HTTPMessage?
        if case .object(let r)? = arguments["request"] {
            var headers: [String: String] = [:]
            if case .object(let given)? = r["headers"] { for (k, v) in given { headers[k] = v.text ?? "" } }
            request = .init(method: r["method"]?.text, url: r["url"]?.text, headers: headers, body: r["body"]?.text)
        }
        let method = arguments["method"]?.text ?? ""
        let name = arguments["name"]?.text
        let start = ContinuousClock.now
        let capture = ConsoleCapture()
        let (id, result) = try await withConsole(capture) {
            try await host.invokeObject(
                namespace: namespace, name: name, id: arguments["id"]?.text, method: method, args: args, request: request)
        }
        let elapsed = ContinuousClock.now - start
        var output: [String: JSON] = [
            "namespace": .string(namespace), "id": .string(id), "method": .string(method), "result": JSON(result),
            "durationMs": .double(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000),
        ]
        if let name { output["name"] = .string(name) }
        addLogs(capture, to: &output)
        return .object(output)
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

    private static func addLogs(_ capture: ConsoleCapture, to output: inout [String: JSON]) {
        output["logs"] = .array(capture.entries.map { .object(["level": .string($0.level), "message": .string($0.message)]) })
        output["logsTruncated"] = .bool(capture.truncated)
    }

    /// The handlers the runtime runs (not RPC methods).
    static let handlers: Set<String> = ["fetch", "alarm", "webSocketMessage", "webSocketClose", "webSocketError"]

    /// The loaded Worker as `runWorkload`'s target (`call` and `request`), nil when none is loaded.
    static func workloadTarget(_ host: WorkerHost?) -> (any WorkloadWorker)? { host?.workloadTarget }

    /// `listNamespaces` entries for the loaded Worker's classes (kind "worker").
    static func namespaceEntries(_ host: WorkerHost?, runtime: DurableObjectsRuntime) -> [JSON] {
        guard let worker = host?.worker else { return [] }
        return worker.classes.map { info in
            let namespace = runtime.namespace(info.binding)
            let rpc = info.methods.filter { !handlers.contains($0) }
            return .object([
                "namespace": .string(info.binding), "className": .string(info.className), "kind": "worker",
                "description": .string("The class \(info.className) of the Worker \(worker.project.name) (\(worker.project.main.lastPathComponent)), running on this server's runtime."),
                "implementation": .string("Your own code, bundled with esbuild and run on JavaScriptCore."),
                "storage": .string(info.storage == .sqlite ? "sqlite" : "kv"),
                "objects": .int(namespace?.storedObjectIds().count ?? 0),
                "objectsInMemory": .int(namespace?.objectsInMemory ?? 0),
                "methods": .array(info.methods.map { name in
                    .object([
                        "name": .string(name),
                        "description": .string(rpc.contains(name) ? "RPC method: invokeObject with args as a JSON array of its positional arguments." : "Handler: invokeObject with method \"fetch\" and a request, or run by the runtime."),
                        "arguments": .object(["type": "array"]), "result": .object([:]),
                    ])
                }),
                "defaultWorkload": .object(["method": .string(rpc.first ?? "fetch"), "args": .object([:])]),
            ])
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
