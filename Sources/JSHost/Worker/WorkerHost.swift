import DurableObjects
import Foundation
import JSONModel
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
        /// What changed from the Worker loaded before (also on a first load: everything is added).
        public var changes: Changes?
        /// How many fetch mocks answer the Worker's outbound `fetch`.
        public var fetchMocks: Int?
        /// The cap on the Worker's objects in memory.
        public var maxLiveObjects: Int?
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

    /// What changed from the Worker loaded before (`loadWorker` again).
    public struct Changes: Codable, Sendable, Equatable {
        public struct MethodChange: Codable, Sendable, Equatable {
            public var namespace: String
            public var added: [String]
            public var removed: [String]
        }
        /// The name of the Worker replaced, or nil for a first load.
        public var previousWorker: String?
        /// Namespaces new in this load.
        public var added: [String]
        /// Namespaces of the previous Worker that this one does not bind (their objects keep their storage).
        public var removed: [String]
        /// Namespaces bound again to the same class: the objects keep their data and run the new code.
        public var kept: [String]
        /// Namespaces bound again to another class (or under another Worker name): a new set of objects.
        public var classChanged: [String]
        /// Methods added or removed per kept namespace.
        public var methodsChanged: [MethodChange]
        /// Built-in namespaces hidden by a binding of the same name while this Worker is loaded.
        public var hiddenBuiltins: [String]
        /// Built-in namespaces shown again (the previous Worker hid them, this one does not).
        public var restoredBuiltins: [String]
        /// Whether the bundled code differs from the previous Worker's.
        public var codeChanged: Bool
    }

    private let runtime: DurableObjectsRuntime
    private let logger: Logger
    private let state = Locked(State())
    /// One load at a time.
    private let loading = AsyncFIFOLock()

    private struct State {
        var worker: JSWorker?
        /// The loaded Worker's namespaces by binding.
        var namespaces: [String: DurableObjectNamespace] = [:]
        /// Built-in namespaces put aside while a Worker's binding of the same name is bound.
        var hidden: [String: DurableObjectNamespace] = [:]
    }
    /// The client ends of WebSockets opened by `openWebSocket`.
    public let sockets = WebSocketClients()

    public init(runtime: DurableObjectsRuntime, logger: Logger = Logger(label: "do.jshost")) {
        self.runtime = runtime
        self.logger = logger
    }

    /// The loaded Worker, if any.
    public var worker: JSWorker? { state.withLock { $0.worker } }

    /// Loads a Worker and binds its classes under their binding names; a binding named like a built-in namespace
    /// hides it while the Worker is loaded. Loading again replaces the code: namespaces bound again to the same
    /// class (and Worker name) keep their objects' data, whose instances in memory are evicted so that the next
    /// event runs the new code; the result says what changed.
    ///
    /// - Parameters:
    ///   - fetchMocks: answers for the Worker's outbound `fetch` (refused otherwise).
    ///   - maxLiveObjects: the cap on the Worker's objects in memory (least recently used evicted first).
    /// - Throws: `WorkerLoadError`; nothing changes when loading fails.
    public func load(
        path: String?, config: String?, main: String?, allowedRoots: [URL]?, fetchMocks: [FetchMock] = [],
        maxLiveObjects: Int = JSWorker.defaultMaxLiveObjects
    ) async throws -> LoadResult {
        await loading.lock()
        defer { loading.unlock() }
        do {
            let start = ContinuousClock.now
            let worker = try JSWorker.load(
                path: path, config: config, main: main, allowedRoots: allowedRoots, fetchMocks: fetchMocks,
                maxLiveObjects: maxLiveObjects, logger: logger)
            // Metrics of the namespaces about to be put aside are written while they are still bound.
            runtime.flushMetrics()
            let (changes, putAside) = try swap(to: worker)
            // Instances of the namespaces put aside or given new code leave memory, so that the next event
            // constructs the new code (and no database is open twice).
            await evictAll(putAside)
            let project = worker.project
            let elapsed = ContinuousClock.now - start
            var result = LoadResult(
                name: project.name, config: project.configPath, main: project.main.path, compatibilityDate: project.compatibilityDate,
                bundleBytes: worker.bundle.script.utf8.count,
                loadMs: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15,
                namespaces: worker.classes.map {
                    .init(namespace: $0.binding, className: $0.className, kind: "worker", methods: $0.methods,
                          storage: $0.storage == .sqlite ? "sqlite" : "kv")
                },
                vars: project.vars.map(\.0), notEmulated: project.otherBindings.map { .init(name: $0.name, kind: $0.kind) },
                cpuLimitMs: project.cpuLimitMs ?? 30_000)
            result.changes = changes
            result.fetchMocks = worker.fetchMocks.count
            result.maxLiveObjects = worker.liveObjects.capacity
            return result
        }
    }

    /// Binds the new Worker's namespaces in place of the previous Worker's (and of hidden built-ins); returns
    /// what changed and the namespaces whose instances must leave memory. All or nothing.
    private func swap(to worker: JSWorker) throws -> (Changes, [DurableObjectNamespace]) {
        try state.withLock { state in
            let previous = state.worker
            let previousClasses = Dictionary(previous?.classes.map { ($0.binding, $0) } ?? [], uniquingKeysWith: { a, _ in a })
            var changes = Changes(
                previousWorker: previous?.project.name, added: [], removed: [], kept: [], classChanged: [], methodsChanged: [],
                hiddenBuiltins: [], restoredBuiltins: [], codeChanged: previous.map { $0.bundle.script != worker.bundle.script } ?? true)
            var replaced: [(DurableObjectNamespace, DurableObjectClass)] = []
            var installs: [DurableObjectNamespace] = []
            var namespaces: [String: DurableObjectNamespace] = [:]
            for info in worker.classes {
                let uniqueKey = "\(worker.project.name)-\(info.className)"
                if let current = state.namespaces[info.binding], current.key.uniqueKey == uniqueKey {
                    replaced.append((current, worker.objectClass(info)))
                    namespaces[info.binding] = current
                    changes.kept.append(info.binding)
                    if let old = previousClasses[info.binding], old.methods != info.methods {
                        changes.methodsChanged.append(.init(
                            namespace: info.binding, added: info.methods.filter { !old.methods.contains($0) },
                            removed: old.methods.filter { !info.methods.contains($0) }))
                    }
                } else {
                    let namespace = runtime.makeNamespace(binding: info.binding, worker.objectClass(info), workerName: worker.project.name)
                    installs.append(namespace)
                    namespaces[info.binding] = namespace
                    if state.namespaces[info.binding] != nil { changes.classChanged.append(info.binding) } else { changes.added.append(info.binding) }
                }
            }
            // Install the new namespaces; undo on failure (an alarm table that cannot be opened).
            var putAside: [DurableObjectNamespace] = []
            var done: [(DurableObjectNamespace, DurableObjectNamespace?)] = []
            do {
                for namespace in installs { done.append((namespace, try runtime.install(namespace))) }
            } catch {
                for (namespace, before) in done.reversed() {
                    if let before { _ = try? runtime.install(before) } else { runtime.withdraw(namespace.binding) }
                }
                throw WorkerLoadError(.evaluationFailed, "The Worker's namespaces could not be bound: \(error). Nothing was changed.")
            }
            for (namespace, before) in done {
                guard let before else { continue }
                putAside.append(before)
                if state.namespaces[namespace.binding] !== before {
                    // A built-in namespace (or one bound by someone else): keep it to show it again later.
                    state.hidden[namespace.binding] = before
                    changes.hiddenBuiltins.append(namespace.binding)
                }
            }
            for (namespace, objectClass) in replaced {
                try? namespace.replaceClass(objectClass)
                putAside.append(namespace)
            }
            for (binding, namespace) in state.namespaces where namespaces[binding] == nil {
                changes.removed.append(binding)
                if runtime.namespace(binding) === namespace {
                    if let builtin = state.hidden.removeValue(forKey: binding), (try? runtime.install(builtin)) != nil {
                        changes.restoredBuiltins.append(binding)
                    } else {
                        runtime.withdraw(binding)
                    }
                }
                putAside.append(namespace)
            }
            state.worker = worker
            state.namespaces = namespaces
            previous?.retire()
            changes.removed.sort()
            return (changes, putAside)
        }
    }

    /// Evicts every instance of `namespaces`, waiting up to 5 s for those busy with an event.
    private func evictAll(_ namespaces: [DurableObjectNamespace]) async {
        let deadline = ContinuousClock.now + .seconds(5)
        for namespace in namespaces {
            await namespace.evictAll()
            while namespace.objectsInMemory > 0, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(10))
                await namespace.evictAll()
            }
            if namespace.objectsInMemory > 0 {
                logger.warning("\(namespace.objectsInMemory) object(s) of \(namespace.binding) were still busy 5 s after the Worker was replaced; they run the previous code until evicted.")
            }
        }
    }

    /// Whether `binding` is a namespace of the loaded Worker.
    public func isWorkerNamespace(_ binding: String) -> Bool {
        worker?.classes.contains { $0.binding == binding } ?? false
    }

    /// Calls an RPC method (positional JSON `args`) or, with `request`, the object's `fetch`.
    ///
    /// - Returns: the object's 64-hex id and the method's result, or the response as `{status, headers, body}`.
    /// - Throws: `DurableObjectError` (an exception from the user's code keeps its class and mapped stack).
    public func invokeObject(namespace binding: String, name: String?, id: String?, method: String, args: [JSON]?, request: HTTPMessage?) async throws -> (id: String, result: JSON) {
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
            let response = try await stub.fetch(request.request)
            if let socket = response.webSocket { try? await socket.disconnect() }
            return (stub.id.hex, try JSON.encoding(HTTPMessage(response)))
        }
        // Results cross in the wire form (see `Shim/durable-object-host.js`); a tool shows `undefined` as null.
        let result = try await stub.call(method, .array(args ?? []))
        return (stub.id.hex, result == ["$t": "undefined"] ? .null : result)
    }

    /// Evicts one object of the Worker's namespaces: its context is destroyed (in-memory state lost), storage and
    /// alarm stay; the next event runs the constructor again.
    ///
    /// - Returns: the object's id and whether it was in memory.
    public func evict(namespace binding: String, name: String?, id: String?) async throws -> (id: String, wasInMemory: Bool) {
        let (namespace, objectId) = try object(binding, name, id)
        let inMemory = namespace.idsInMemory.contains(objectId)
        let evicted = await namespace.evict(objectId)
        if inMemory && !evicted {
            let standard = namespace.webSocketCounts(of: objectId).standard
            throw DurableObjectError(
                standard > 0 ? .webSocket : .overloaded,
                standard > 0
                    ? "\(binding) \(name ?? objectId.hex) stays in memory while its \(standard) standard WebSocket\(standard == 1 ? "" : "s") (accepted with server.accept()) \(standard == 1 ? "is" : "are") open, as on the platform; close \(standard == 1 ? "it" : "them") first (closeWebSocket)."
                    : "\(binding) \(name ?? objectId.hex) is handling an event or committing writes; try again when it is idle.",
                retryable: standard == 0)
        }
        return (objectId.hex, evicted)
    }

    /// Hibernates one object of the Worker's namespaces, as the platform does when it is idle: its context is
    /// destroyed and its hibernatable WebSockets stay open, with their tags and attachments; the next message (or
    /// any event) constructs it again.
    ///
    /// - Returns: the object's id, whether it was in memory, and the sockets that stay open.
    /// - Throws: when a standard WebSocket (`accept()`) or a pending timer keeps it from hibernating, or an event
    ///   is running.
    public func hibernate(namespace binding: String, name: String?, id: String?) async throws -> (id: String, wasInMemory: Bool, sockets: Int) {
        let (namespace, objectId) = try object(binding, name, id)
        let counts = namespace.webSocketCounts(of: objectId)
        if counts.standard > 0 {
            throw DurableObjectError(
                .webSocket,
                "\(binding) \(name ?? objectId.hex) cannot hibernate: \(counts.standard) of its \(counts.standard + counts.hibernatable) WebSockets \(counts.standard == 1 ? "is a standard socket" : "are standard sockets") (accepted with server.accept()), which keep an object in memory. Accept sockets with ctx.acceptWebSocket(server) to let it hibernate, or close the standard ones first (closeWebSocket).")
        }
        let timers = try await namespace.withLiveInstance(objectId) { context, object in
            (object as? JSDurableObject)?.pendingTimers(context: context) ?? 0
        }
        guard let timers else { return (objectId.hex, false, counts.hibernatable) }
        if timers > 0 {
            throw DurableObjectError(
                .webSocket,
                "\(binding) \(name ?? objectId.hex) cannot hibernate: \(timers) setTimeout/setInterval timer\(timers == 1 ? " is" : "s are") pending, and pending timers keep an object in memory. Clear them (or use an alarm), or use action \"evict\" to drop the context anyway.")
        }
        guard await namespace.evict(objectId) else {
            throw DurableObjectError(.overloaded, "\(binding) \(name ?? objectId.hex) is handling an event or committing writes; try again when it is idle.", retryable: true)
        }
        return (objectId.hex, true, counts.hibernatable)
    }

    /// Runs one object's scheduled alarm now, as the scheduler would at its time (a failure is retried later with
    /// the runtime's backoff).
    ///
    /// - Throws: when the object has no alarm set.
    public func runAlarm(namespace binding: String, name: String?, id: String?) async throws -> (id: String, run: AlarmRun) {
        let (namespace, objectId) = try object(binding, name, id)
        guard let run = await namespace.runAlarmNow(objectId) else {
            throw DurableObjectError(.notFound, "\(binding) \(name ?? objectId.hex) has no alarm set (or its alarm is running now); set one with ctx.storage.setAlarm(time) first.")
        }
        return (objectId.hex, run)
    }

    private func object(_ binding: String, _ name: String?, _ id: String?) throws -> (DurableObjectNamespace, DurableObjectId) {
        guard isWorkerNamespace(binding), let namespace = runtime.namespace(binding) else {
            throw DurableObjectError(.notFound, "\(binding) is not a namespace of the loaded Worker.")
        }
        switch (name, id) {
        case (let name?, nil): return (namespace, namespace.idFromName(name))
        case (nil, let id?): return (namespace, try namespace.idFromString(id))
        default: throw DurableObjectError(.invalidArgument, "Give exactly one of name and id.")
        }
    }

    /// Sends a request to the Worker's default `fetch` handler. A WebSocket it answers with is disconnected at
    /// once (`openWebSocket` keeps one open).
    public func invokeWorker(_ request: HTTPMessage) async throws -> HTTPMessage {
        guard let worker else { throw DurableObjectError(.notFound, "No Worker is loaded: call loadWorker first.") }
        let response = try await worker.fetch(request.request, runtime: runtime)
        if let socket = response.webSocket { try? await socket.disconnect() }
        return HTTPMessage(response)
    }

    /// What `openWebSocket` reports.
    public struct OpenedSocket: Sendable {
        /// The socket's id for the other socket tools.
        public var socket: String
        /// The namespace and 64-hex id of the object that accepted it.
        public var target: WebSocketClients.Target
        /// The upgrade response's headers.
        public var headers: [String: String]
    }

    /// Headers a browser sends with a WebSocket upgrade (the ones given win).
    static func upgradeHeaders(_ given: [String: String]?) -> [String: String] {
        var headers = ["Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="]
        for (name, value) in given ?? [:] {
            if let existing = headers.keys.first(where: { $0.lowercased() == name.lowercased() }) { headers[existing] = nil }
            headers[name] = value
        }
        return headers
    }

    /// Opens a WebSocket the way production clients do: an upgrade request through the loaded Worker's `fetch`.
    ///
    /// - Throws: `WebSocketClientError` when no socket may be opened or the Worker did not answer 101 with a
    ///   WebSocket; the Worker's error when it threw.
    public func openWebSocket(url: String, headers: [String: String]?) async throws -> OpenedSocket {
        guard let worker else { throw DurableObjectError(.notFound, "No Worker is loaded: call loadWorker first, or give namespace and name to connect to an object directly.") }
        try sockets.reserve()
        let request = HTTPMessage(method: "GET", url: url, headers: Self.upgradeHeaders(headers)).request
        return try keep(try await worker.fetch(request, runtime: runtime), from: "The Worker")
    }

    /// Opens a WebSocket straight to one object (a Worker's or a built-in one): an upgrade request to its `fetch`.
    public func openWebSocket(namespace binding: String, name: String?, id: String?, url: String?, headers: [String: String]?) async throws -> OpenedSocket {
        guard let namespace = runtime.namespace(binding) else {
            let known = runtime.namespaces.map(\.binding).joined(separator: ", ")
            throw DurableObjectError(.notFound, "No namespace \(binding). Known: \(known).")
        }
        let stub: DurableObjectStub
        switch (name, id) {
        case (let name?, nil): stub = namespace.getByName(name)
        case (nil, let id?): stub = try namespace.get(try namespace.idFromString(id))
        default: throw DurableObjectError(.invalidArgument, "Give exactly one of name and id.")
        }
        try sockets.reserve()
        let request = HTTPMessage(method: "GET", url: url ?? "/", headers: Self.upgradeHeaders(headers)).request
        return try keep(try await stub.fetch(request), from: "The object")
    }

    private func keep(_ response: ObjectResponse, from who: String) throws -> OpenedSocket {
        guard response.status == 101, let client = response.webSocket, let owner = client.acceptedBy else {
            if let client = response.webSocket {
                Task { try? await client.disconnect() }
                throw WebSocketClientError(.notUpgraded, "\(who) answered 101 with a WebSocket it did not accept: call ctx.acceptWebSocket(server) or server.accept() before returning the client end.")
            }
            let body = response.text.prefix(300)
            throw WebSocketClientError(.notUpgraded, "\(who) answered status \(response.status) instead of 101 Switching Protocols with a WebSocket\(body.isEmpty ? "" : ": \(body)"). Check the URL and the upgrade handling.")
        }
        let target = WebSocketClients.Target(namespace: owner.binding, id: owner.id.hex)
        let id: String
        do {
            id = try sockets.add(client, target: target)
        } catch {
            Task { try? await client.disconnect() }
            throw error
        }
        return OpenedSocket(socket: id, target: target, headers: HTTPMessage(response).headers ?? [:])
    }
}
