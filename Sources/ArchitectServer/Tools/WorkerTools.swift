import DurableObjects
import Foundation
import JSHost
import JSONModel
import Patterns

/// The user's own Worker as tools: load it, then reach it through its `fetch` handler. Its namespaces are also
/// reached by `invokeObject` (see `invokeUserObject`).
enum WorkerTools {
    static func all(host: WorkerHost?) -> [ToolSpec] {
        [loadWorker(host), invokeWorker(host), controlObject(host)]
    }

    private static func require(_ host: WorkerHost?) throws -> WorkerHost {
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
                .dev.vars. Returns the namespaces with their RPC methods and storage kind, the bindings that are not \
                emulated, and the load time. \(RuntimeTools.provenance)
                """,
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false),
            run: { arguments, context in
                let host = try require(host)
                let roots = await context.roots()
                return try .encoding(try host.load(
                    path: arguments["path"]?.text ?? roots.first?.path, config: arguments["config"]?.text,
                    main: arguments["main"]?.text, allowedRoots: roots))
            })
    }

    static func invokeWorker(_ host: WorkerHost?) -> ToolSpec {
        ToolSpec(
            name: "invokeWorker", title: "Send a request to your Worker",
            description: """
                Send one HTTP request to the loaded Worker's default fetch handler (the way clients reach its Durable \
                Objects in production) and return {status, headers, body}. An exception from the Worker's code comes \
                back as an error with its message and a stack in the Worker's own files. \(RuntimeTools.provenance)
                """,
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false),
            run: { arguments, _ in
                let host = try require(host)
                guard case .object(let request)? = arguments["request"] else { throw ToolError("request: {method, url, headers?, body?} is required.") }
                var headers: [String: String] = [:]
                if case .object(let given)? = request["headers"] { for (k, v) in given { headers[k] = v.text ?? "" } }
                let message = WorkerHost.HTTPMessage(
                    method: request["method"]?.text, url: request["url"]?.text, headers: headers, body: request["body"]?.text)
                return try .encoding(try await host.invokeWorker(message))
            })
    }

    static func controlObject(_ host: WorkerHost?) -> ToolSpec {
        ToolSpec(
            name: "controlObject", title: "Control one object of your Worker",
            description: """
                Act on one object of the loaded Worker as the platform would: action "evict" destroys its JavaScript \
                context (in-memory state is lost; storage and alarm stay; the next call runs the constructor again), \
                to reproduce "state lost after eviction" in seconds. \(RuntimeTools.provenance)
                """,
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false),
            run: { arguments, _ in
                let host = try require(host)
                let namespace = arguments["namespace"]?.text ?? ""
                let (id, wasInMemory) = try await host.evict(namespace: namespace, name: arguments["name"]?.text, id: arguments["id"]?.text)
                return .object([
                    "namespace": .string(namespace), "id": .string(id), "action": "evict", "wasInMemory": .bool(wasInMemory),
                ])
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
        let (id, result) = try await host.invokeObject(
            namespace: namespace, name: name, id: arguments["id"]?.text, method: method, args: args, request: request)
        let elapsed = ContinuousClock.now - start
        var output: [String: JSON] = [
            "namespace": .string(namespace), "id": .string(id), "method": .string(method), "result": JSON(result),
            "durationMs": .double(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000),
        ]
        if let name { output["name"] = .string(name) }
        return .object(output)
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
