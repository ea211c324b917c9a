import DurableObjects
import Foundation
import Logging

/// The user's Worker on a runtime, for the tools: load it (`loadWorker`), call its objects (`invokeObject` on
/// its namespaces) and its `fetch` handler (`invokeWorker`). One Worker per runtime.
public final class WorkerHost: Sendable {
    /// What `loadWorker` reports.
    public struct LoadResult: Codable, Sendable, Equatable {
        public struct Namespace: Codable, Sendable, Equatable {
            public var namespace: String
            public var className: String
            public var kind: String
            public var methods: [String]
            public var storage: String
        }
        public struct Binding: Codable, Sendable, Equatable {
            public var name: String
            public var kind: String
        }
        public var name: String
        public var config: String
        public var main: String
        public var compatibilityDate: String?
        public var bundleBytes: Int
        public var loadMs: Double
        public var namespaces: [Namespace]
        /// Names of `vars` and `.dev.vars` entries (values are not echoed: `.dev.vars` holds secrets).
        public var vars: [String]
        /// Bindings present in `env` that throw when used.
        public var notEmulated: [Binding]
        public var cpuLimitMs: Int
    }

    /// A request in a tool's arguments and a response in its result.
    public struct HTTPMessage: Codable, Sendable, Equatable {
        public var method: String?
        public var url: String?
        public var status: Int?
        public var headers: [String: String]?
        public var body: String?

        public init(method: String? = nil, url: String? = nil, status: Int? = nil, headers: [String: String]? = nil, body: String? = nil) {
            self.method = method
            self.url = url
            self.status = status
            self.headers = headers
            self.body = body
        }

        var request: ObjectRequest {
            ObjectRequest(
                method: method ?? "GET", url: url ?? "/", headers: (headers ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                body: Array((body ?? "").utf8))
        }

        init(_ response: ObjectResponse) {
            var headers: [String: String] = [:]
            for (name, value) in response.headers { headers[name] = headers[name].map { "\($0), \(value)" } ?? value }
            self.init(status: response.status, headers: headers, body: response.text)
        }
    }

    private let runtime: DurableObjectsRuntime
    private let logger: Logger
    private let loaded = Locked<JSWorker?>(nil)

    public init(runtime: DurableObjectsRuntime, logger: Logger = Logger(label: "do.jshost")) {
        self.runtime = runtime
        self.logger = logger
    }

    /// The loaded Worker, if any.
    public var worker: JSWorker? { loaded.withLock { $0 } }

    /// Loads a Worker and registers its classes under their binding names.
    ///
    /// - Throws: `WorkerLoadError`; nothing is registered when any check fails (a binding already taken by a
    ///   built-in class or by a Worker loaded before included).
    public func load(path: String?, config: String?, main: String?, allowedRoots: [URL]?) throws -> LoadResult {
        let start = ContinuousClock.now
        let worker = try JSWorker.load(path: path, config: config, main: main, allowedRoots: allowedRoots, logger: logger)
        let taken = worker.classes.map(\.binding).filter { runtime.namespace($0) != nil }
        guard taken.isEmpty else {
            throw WorkerLoadError(.bindingTaken, "The binding\(taken.count == 1 ? "" : "s") \(taken.joined(separator: ", ")) \(taken.count == 1 ? "is" : "are") already registered in this server (a built-in class or a Worker loaded before). Replacing a loaded Worker or hiding a built-in namespace is not supported yet: restart the server with `serve --worker DIR`, or rename the binding.")
        }
        try loaded.withLock { current in
            if let current {
                throw WorkerLoadError(.bindingTaken, "The Worker \(current.project.name) is already loaded; restart the server to load another.")
            }
            try worker.register(in: runtime)
            current = worker
        }
        let project = worker.project
        let elapsed = ContinuousClock.now - start
        return LoadResult(
            name: project.name, config: project.configPath, main: project.main.path, compatibilityDate: project.compatibilityDate,
            bundleBytes: worker.bundle.script.utf8.count,
            loadMs: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15,
            namespaces: worker.classes.map {
                .init(namespace: $0.binding, className: $0.className, kind: "worker", methods: $0.methods,
                      storage: $0.storage == .sqlite ? "sqlite" : "kv")
            },
            vars: project.vars.map(\.0), notEmulated: project.otherBindings.map { .init(name: $0.name, kind: $0.kind) },
            cpuLimitMs: project.cpuLimitMs ?? 30_000)
    }

    /// Whether `binding` is a namespace of the loaded Worker.
    public func isWorkerNamespace(_ binding: String) -> Bool {
        worker?.classes.contains { $0.binding == binding } ?? false
    }

    /// Calls an RPC method (positional JSON `args`) or, with `request`, the object's `fetch`.
    ///
    /// - Returns: the object's 64-hex id and the method's result, or the response as `{status, headers, body}`.
    /// - Throws: `DurableObjectError` (an exception from the user's code keeps its class and mapped stack).
    public func invokeObject(namespace binding: String, name: String?, id: String?, method: String, args: [JSONValue]?, request: HTTPMessage?) async throws -> (id: String, result: JSONValue) {
        guard isWorkerNamespace(binding), let namespace = runtime.namespace(binding) else {
            throw DurableObjectError(.notFound, "\(binding) is not a namespace of the loaded Worker.")
        }
        let stub: DurableObjectStub
        switch (name, id) {
        case (let name?, nil): stub = namespace.getByName(name)
        case (nil, let id?): stub = try namespace.get(try namespace.idFromString(id))
        default: throw DurableObjectError(.invalidArgument, "Give exactly one of name and id.")
        }
        if method == "fetch" {
            guard let request else { throw DurableObjectError(.invalidArgument, "method \"fetch\" needs request: {method, url, headers?, body?}.") }
            return (stub.id.hex, try JSONValue.encoding(HTTPMessage(try await stub.fetch(request.request))))
        }
        return (stub.id.hex, try await stub.call(method, .array(args ?? [])))
    }

    /// Evicts one object of the Worker's namespaces: its context is destroyed (in-memory state lost), storage and
    /// alarm stay; the next event runs the constructor again.
    ///
    /// - Returns: the object's id and whether it was in memory.
    public func evict(namespace binding: String, name: String?, id: String?) async throws -> (id: String, wasInMemory: Bool) {
        guard isWorkerNamespace(binding), let namespace = runtime.namespace(binding) else {
            throw DurableObjectError(.notFound, "\(binding) is not a namespace of the loaded Worker.")
        }
        let objectId: DurableObjectId
        switch (name, id) {
        case (let name?, nil): objectId = namespace.idFromName(name)
        case (nil, let id?): objectId = try namespace.idFromString(id)
        default: throw DurableObjectError(.invalidArgument, "Give exactly one of name and id.")
        }
        return (objectId.hex, await namespace.evict(objectId))
    }

    /// Sends a request to the Worker's default `fetch` handler.
    public func invokeWorker(_ request: HTTPMessage) async throws -> HTTPMessage {
        guard let worker else { throw DurableObjectError(.notFound, "No Worker is loaded: call loadWorker first.") }
        return HTTPMessage(try await worker.fetch(request.request, runtime: runtime))
    }
}

extension JSONValue {
    /// An `Encodable` value as JSON.
    static func encoding<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValue(parsing: Array(try JSONEncoder().encode(value)))
    }
}
