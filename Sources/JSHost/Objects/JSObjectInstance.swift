import CJavaScriptCore
import DurableObjects
import Foundation
import JSONModel
import Logging

/// The JavaScript side of one live Durable Object, or of a Worker's stateless entry: its own global context
/// (shim, host glue, the Worker's bundle) and, for an object, the constructed instance of its class with the
/// natives behind `ctx.storage`.
///
/// Used only inside entries of its group's lane (`JSThread.sync`, `async`). For an object, only inside an entry made
/// by the object's executor, which runs no other job meanwhile: that is what makes the natives' use of `storage`
/// (which belongs to the object's `ObjectContext`) exclusive.
final class JSObjectInstance {
    /// What the context is for.
    enum Role {
        /// A Durable Object of `className`, with its id and storage, and its context (alarms are set through it;
        /// used only while its executor is parked, see `withParkedIsolation`).
        case object(className: String, id: DurableObjectId, storage: ObjectStorage, context: ObjectContext)
        /// The Worker's default export (its `fetch` handler).
        case worker
    }

    let worker: JSWorker
    let global: JSGlobal
    let storage: ObjectStorage?
    /// The object's context (nil for the Worker's entry); never retained: the context owns this instance.
    unowned(unsafe) let objectContext: ObjectContext?
    let mailbox = ObjectMailbox()
    let environment: WorkerEnvironment
    /// Set when the object reset itself (`ctx.abort`): the running event fails with this error.
    var resetError: DurableObjectError?
    /// Critical sections JavaScript asked for (`blockConcurrencyWhile`, `transaction`, `sync`) that the running event
    /// has not started yet (`JSDurableObject.runSections`), in order.
    private(set) var sectionRequests: [(token: Int, kind: String)] = []
    /// Outgoing calls made after a write of the running turn, not started yet (see `startOperation`).
    private var heldOperations: [() -> Void] = []
    /// The runtime's handle of each running `transaction()` section, by token (for `txn.rollback()`).
    var transactions: [Int: ObjectTransaction] = [:]
    private(set) var instance: Protected?
    private(set) var host: Protected?
    private(set) var settleFunction: Protected?
    /// `__doHost.invoke`, looked up once (every RPC call goes through it).
    private var invokeFunction: Protected?
    private var pendingConstruction: Protected?
    private var results: [Int: Result<JSON, JSHostError>] = [:]
    private var nextToken = 0
    private var timers: [Int: Task<Void, Never>] = [:]
    private var repeatingTimers: Set<Int> = []
    /// Server ends of WebSockets this context has seen (made by `WebSocketPair`, or delivered to a handler), by id.
    var serverSockets: [UInt64: ServerWebSocket] = [:]
    /// Sockets whose close was delivered, dropped from `serverSockets` at the next socket event.
    var closedSockets: [UInt64] = []
    /// Client ends this context holds until a returned `Response` carries one out (made by `WebSocketPair`, or
    /// answered by a stub's `fetch`, which completes off the engine thread), by id.
    let clientSockets = Locked<[UInt64: ClientWebSocket]>([:])
    /// Host I/O in flight: the resolve and reject functions of its deferred promise.
    private var operations: [Int: (resolve: Protected, reject: Protected)] = [:]
    /// Where `console.*` output of the running entry goes besides the log: the tool call being served.
    var capture: ConsoleCapture?

    init(worker: JSWorker, group: JSGroup, role: Role, environment: WorkerEnvironment, capture: ConsoleCapture? = nil) throws {
        self.worker = worker
        self.environment = environment
        self.capture = capture
        let name: String
        switch role {
        case .object(let className, let id, let storage, let context):
            self.storage = storage
            self.objectContext = context
            name = "\(worker.project.name).\(className).\(id.hex.prefix(8))"
        case .worker:
            self.storage = nil
            self.objectContext = nil
            name = "\(worker.project.name).fetch"
        }
        self.global = JSGlobal(group: group, name: name)
        var hooks = HostHooks()
        hooks.log = { [unowned self, logger = worker.logger] level, text in
            let logLevel: Logger.Level = switch level {
            case "error": .error
            case "warn": .warning
            case "debug": .debug
            default: .info
            }
            logger.log(level: logLevel, "\(name): \(text)")
            self.capture?.append(level: level, message: text)
        }
        let mailbox = self.mailbox
        let clock = environment.clock
        hooks.setTimer = { [unowned self] timer, delay, repeats in
            if repeats { self.repeatingTimers.insert(timer) }
            self.timers[timer] = Task {
                repeat {
                    do { try await clock.sleep(for: .milliseconds(Int64(delay.rounded()))) } catch { return }
                    mailbox.post(.timer(timer))
                } while repeats && !Task.isCancelled
            }
        }
        hooks.clearTimer = { [unowned self] timer in
            self.repeatingTimers.remove(timer)
            self.timers.removeValue(forKey: timer)?.cancel()
        }
        do {
            let exports = try worker.prepare(global, hooks: hooks, bindings: makeBindingNatives())
            let context = global.context
            guard let hostObject = JSValue.property(context, global.globalObject, "__doHost") else {
                throw JSHostError(.invalidArgument, "The host glue did not load.")
            }
            host = Protected(context, hostObject)
            settleFunction = Protected(context, global.function("settle") { [unowned self] context, _, arguments in
                self.settle(context, arguments)
                return nil
            })
            invokeFunction = Protected(context, try hostFunction("invoke"))
            switch role {
            case .object(let className, let id, _, _):
                let made = try global.call(
                    try hostFunction("makeContext"), this: hostObject,
                    [makeNatives(), JSValue.makeString(context, id.hex), id.name.map { JSValue.makeString(context, $0) } ?? JSValueMakeUndefined(context)!,
                     JSValueMakeBoolean(context, worker.project.storage(of: className) == .sqlite)])
                guard let ctx = JSValue.propertyValue(context, made, "ctx"), let pending = JSValue.propertyValue(context, made, "pending"),
                    let env = JSValue.propertyValue(context, global.globalObject, "__workerEnv"),
                    let classObject = JSValue.property(context, exports, className) else {
                    throw JSHostError(.invalidArgument, "The class \(className) is not exported by the Worker.")
                }
                instance = Protected(context, try global.call(try hostFunction("construct"), this: hostObject, [classObject, ctx, env]))
                pendingConstruction = Protected(context, pending)
            case .worker:
                instance = Protected(context, exports)
            }
            self.capture = nil
        } catch {
            self.capture = nil
            release()
            throw error
        }
    }

    /// Starts waiting for the constructor's `blockConcurrencyWhile` callbacks; the token settles when all did.
    func awaitConstruction() throws -> Int {
        let token = newToken()
        let pending: JSValueRef = pendingConstruction?.value ?? JSValueMakeNull(global.context)!
        try global.call(try hostFunction("awaitAll"), this: host?.object, [pending, number(token), settleFunction!.value])
        pendingConstruction?.release()
        pendingConstruction = nil
        return token
    }

    /// Calls an RPC method; its result settles the returned token (see `take`).
    func invoke(_ method: String, _ arguments: [JSON]) throws -> Int {
        let token = newToken()
        let context = global.context
        try global.call(
            invokeFunction!.object!, this: host?.object,
            [instance!.value, JSValue.makeString(context, method), JSValue.make(context, .array(arguments)), number(token), settleFunction!.value])
        return token
    }

    /// Calls the `fetch` handler (the object's, or the Worker's default export's with `env` and `ctx`); the token
    /// settles with `{status, headers, body}`.
    func fetch(_ request: ObjectRequest) throws -> Int {
        let token = newToken()
        let context = global.context
        let url = request.url.hasPrefix("/") ? "http://localhost\(request.url)" : request.url
        let description: JSON = [
            "method": .string(request.method), "url": .string(url),
            "headers": .array(request.headers.map { [.string($0.0), .string($0.1)] }),
            "body": request.body.isEmpty ? .null : .string(request.text),
        ]
        let isWorker = storage == nil
        try global.call(
            try hostFunction("fetch"), this: host?.object,
            [instance!.value, JSValue.make(context, description), JSValueMakeBoolean(context, isWorker), number(token), settleFunction!.value])
        return token
    }

    /// Calls the `alarm` handler with `{scheduledTime, retryCount, isRetry}`.
    func alarm(_ info: AlarmInfo) throws -> Int {
        try invoke("alarm", [[
            "scheduledTime": .number(Double(info.scheduledTime)), "retryCount": .number(Double(info.retryCount)),
            "isRetry": .bool(info.isRetry),
        ]])
    }

    /// Queues a critical section of `kind`; its callback waits in the host glue under the returned token.
    func requestSection(_ kind: String) -> Int {
        let token = newToken()
        sectionRequests.append((token, kind))
        return token
    }

    /// The oldest section not started yet.
    func takeSectionRequest() -> (token: Int, kind: String)? {
        sectionRequests.isEmpty ? nil : sectionRequests.removeFirst()
    }

    /// Runs a section's callback (with the runtime's transaction handle for `transaction()`); `token` settles with
    /// its outcome.
    func startSection(_ token: Int, transaction: ObjectTransaction?) throws {
        if let transaction { transactions[token] = transaction }
        try global.call(try hostFunction("runSection"), this: host?.object, [number(token), settleFunction!.value])
    }

    /// Settles a section's promise: with the callback's value, the callback's own error (`error` nil), or `error`.
    func finishSection(_ token: Int, succeeded: Bool, error: DurableObjectError?) throws {
        transactions[token] = nil
        let context = global.context
        try global.call(
            try hostFunction("finishSection"), this: host?.object,
            [number(token), JSValueMakeBoolean(context, succeeded), error.map { JSValue.makeError(context, $0) } ?? JSValueMakeNull(context)])
    }

    /// Timers set and not yet cleared or fired (one-shot) in this context.
    var pendingTimers: Int { timers.count }

    /// The result of `token` if it settled (removed once taken).
    func take(_ token: Int) -> Result<JSON, JSHostError>? {
        guard let result = results.removeValue(forKey: token) else { return nil }
        mailbox.forget(token)
        return result
    }

    /// Delivers finished host I/O into JavaScript (an outermost call: microtasks run after it).
    func deliver(_ completion: HostCompletion) throws {
        switch completion {
        case .timer(let id):
            guard timers[id] != nil else { return }
            if !repeatingTimers.contains(id) { timers[id] = nil }
            try global.fireTimer(id)
        case .operation(let id, let result):
            guard let functions = operations.removeValue(forKey: id) else { return }
            defer {
                functions.resolve.release()
                functions.reject.release()
            }
            switch result {
            case .success(let value):
                try global.call(functions.resolve.object!, [JSValue.make(global.context, value)])
            case .failure(let error):
                try global.call(functions.reject.object!, [JSValue.makeError(global.context, error)])
            }
        }
    }

    /// Starts host I/O: returns a pending promise that `deliver(.operation)` settles with `work`'s result.
    func startOperation(_ work: @escaping @Sendable () async -> Result<JSON, DurableObjectError>) throws -> JSObjectRef {
        var resolve: JSObjectRef?
        var reject: JSObjectRef?
        var exception: JSValueRef?
        guard let promise = JSObjectMakeDeferredPromise(global.context, &resolve, &reject, &exception), let resolve, let reject else {
            throw JSHostError(.invalidArgument, "Could not make a promise.")
        }
        let id = newToken()
        operations[id] = (Protected(global.context, resolve), Protected(global.context, reject))
        let mailbox = self.mailbox
        let capture = self.capture
        let start = { _ = Task { await ConsoleCapture.$current.withValue(capture) { mailbox.post(.operation(id, await work())) } } }
        // An outgoing call leaves only once the object's writes are durable (the output gate, as in workerd): it is
        // held until the event waits (the runtime commits first) or ends.
        if storage?.hasPendingWrites == true { heldOperations.append(start) } else { start() }
        return promise
    }

    /// Starts the outgoing calls held for the output gate (see `startOperation`).
    func startHeldOperations() {
        let held = heldOperations
        heldOperations.removeAll()
        for start in held { start() }
    }

    /// Tears the context down: timers stop, protected values are released, the global becomes garbage.
    func release() {
        for task in timers.values { task.cancel() }
        timers.removeAll()
        for functions in operations.values {
            functions.resolve.release()
            functions.reject.release()
        }
        operations.removeAll()
        for value in [instance, host, settleFunction, invokeFunction, pendingConstruction] { value?.release() }
        global.release()
    }

    func number(_ value: Int) -> JSValueRef { JSValueMakeNumber(global.context, Double(value))! }

    func newToken() -> Int {
        nextToken += 1
        return nextToken
    }

    func hostFunction(_ name: String) throws -> JSObjectRef {
        guard let host, let function = JSValue.property(global.context, host.value, name) else {
            throw JSHostError(.invalidArgument, "__doHost.\(name) is missing.")
        }
        return function
    }

    private func settle(_ context: JSContextRef, _ arguments: [JSValueRef]) {
        guard arguments.count >= 3 else { return }
        let token = Int(JSValueToNumber(context, arguments[0], nil))
        if JSValueToBoolean(context, arguments[1]) {
            do {
                results[token] = .success(try JSValue.json(context, arguments[2]))
            } catch {
                results[token] = .failure(JSHostError(.invalidArgument, "The method's result cannot be sent as JSON: \(error)", name: "DataCloneError"))
            }
        } else {
            results[token] = .failure(worker.mapped(JSValue.hostError(context, arguments[2])))
        }
        mailbox.settled(token)
    }
}
