import DurableObjects
import JSONModel

/// A Durable Object whose class is written in JavaScript: the runtime's side of a `JSObjectInstance`.
///
/// Every handler runs on the object's executor (`isolated ObjectContext`) and enters JavaScript with
/// `JSThread.sync`, so no other job of the executor runs while JavaScript (and its storage natives) run, in place
/// or on the lane's thread; that CPU time is the event's (measured with the executor's job, or charged after a hop). A handler whose promise is still pending after the entry waits for
/// host I/O with its input gate open (`context.external`), like any non-storage I/O in workerd.
final class JSDurableObject: DurableObject {
    private let instance: JSObjectInstance
    private let thread: JSThread
    /// The object in its Worker's table of live objects (the cap on live contexts).
    private let live: LiveObjects.Key
    private let namespace: DurableObjectNamespace

    private init(instance: JSObjectInstance, thread: JSThread, live: LiveObjects.Key, namespace: DurableObjectNamespace) {
        self.instance = instance
        self.thread = thread
        self.live = live
        self.namespace = namespace
    }

    deinit {
        instance.worker.liveObjects.remove(live)
        let transfer = UnsafeTransfer(instance)
        thread.async { transfer.value.release() }
    }

    /// Makes the global, evaluates the bundle, runs the constructor and waits for its `blockConcurrencyWhile`
    /// callbacks (keeping the input gate).
    static func make(worker: JSWorker, className: String, context: isolated ObjectContext) async throws -> JSDurableObject {
        let group = worker.nextGroup()
        let role = JSObjectInstance.Role.object(className: className, id: context.id, storage: context.storage, context: context)
        let environment = WorkerEnvironment(clock: context.clock, namespace: { [weak context] in context?.env($0) })
        let capture = ConsoleCapture.current
        let (made, cpu) = group.thread.sync {
            Result { try JSObjectInstance(worker: worker, group: group, role: role, environment: environment, capture: capture) }
        }
        context.chargeCPU(cpu)
        let instance = try made.mapError { ($0 as? JSHostError)?.runtimeError ?? $0 }.get()
        let key = LiveObjects.Key(binding: context.namespace.binding, id: context.id)
        let object = JSDurableObject(instance: instance, thread: group.thread, live: key, namespace: context.namespace)
        let live = worker.liveObjects
        live.touch(key, namespace: context.namespace)
        if live.count > live.capacity { Task { await live.enforce() } }
        let token = try object.enter(context) { try $0.awaitConstruction() }
        _ = try await object.result(of: token, gateOpen: false, context: context)
        return object
    }

    func call(_ method: String, _ args: JSON, context: isolated ObjectContext) async throws -> JSON {
        let arguments: [JSON]
        switch args {
        case .null: arguments = []
        case .array(let items): arguments = items
        default: arguments = [args]
        }
        // A method that settles at once (no host I/O pending) is answered in the same entry.
        let (token, early) = try enter(context) { instance in
            let token = try instance.invoke(method, arguments)
            return (token, instance.take(token))
        }
        if let early {
            // Settled within the entry: what `result(of:)` does after its wait still applies.
            instance.startHeldOperations()
            if let reset = instance.resetError { throw reset }
            return try early.mapError(\.runtimeError).get()
        }
        return try await result(of: token, gateOpen: true, context: context)
    }

    /// Runs `body` as an entry of the object's lane and charges its CPU time to the running event.
    func alarm(_ info: AlarmInfo, context: isolated ObjectContext) async throws {
        let token = try enter(context) { try $0.alarm(info) }
        _ = try await result(of: token, gateOpen: true, context: context)
    }

    func fetch(_ request: ObjectRequest, context: isolated ObjectContext) async throws -> ObjectResponse {
        let (token, early) = try enter(context) { instance in
            let token = try instance.fetch(request)
            return (token, instance.take(token))
        }
        let json: JSON
        if let early {
            // Settled within the entry: what `result(of:)` does after its wait still applies.
            instance.startHeldOperations()
            if let reset = instance.resetError { throw reset }
            json = try early.mapError(\.runtimeError).get()
        } else {
            json = try await result(of: token, gateOpen: true, context: context)
        }
        var response = ObjectResponse(json: json)
        response.webSocket = try instance.takeClient(json)
        return response
    }

    func webSocketMessage(_ socket: ServerWebSocket, _ message: WebSocketMessage, context: isolated ObjectContext) async throws {
        let token = try enter(context) { try $0.socketEvent(socket, .message(message)) }
        _ = try await result(of: token, gateOpen: true, context: context)
    }

    func webSocketClose(_ socket: ServerWebSocket, code: Int, reason: String, wasClean: Bool, context: isolated ObjectContext) async throws {
        let token = try enter(context) { try $0.socketEvent(socket, .close(code: code, reason: reason, wasClean: wasClean)) }
        _ = try await result(of: token, gateOpen: true, context: context)
    }

    func webSocketError(_ socket: ServerWebSocket, _ error: DurableObjectError, context: isolated ObjectContext) async throws {
        let token = try enter(context) { try $0.socketEvent(socket, .error(error.message)) }
        _ = try await result(of: token, gateOpen: true, context: context)
    }

    /// Timers still pending in the object's JavaScript (they keep an object from hibernating).
    func pendingTimers(context: isolated ObjectContext) -> Int {
        let instance = self.instance
        return thread.sync { instance.pendingTimers }.value
    }

    /// A `JSHostError` becomes the runtime's error (with the exception's class and mapped stack).
    private func enter<T>(_ context: isolated ObjectContext, _ body: (JSObjectInstance) throws -> T) throws -> T {
        let instance = self.instance
        instance.worker.liveObjects.touch(live, namespace: namespace)
        let capture = ConsoleCapture.current
        let (result, cpu) = thread.sync {
            instance.capture = capture
            defer { instance.capture = nil }
            return Result { try body(instance) }
        }
        context.chargeCPU(cpu)
        do {
            return try result.get()
        } catch let error as JSHostError {
            throw error.runtimeError
        }
    }

    /// Waits for the promise of `token`, delivering the object's finished host I/O meanwhile.
    private func result(of token: Int, gateOpen: Bool, context: isolated ObjectContext) async throws -> JSON {
        let result = try await wait(for: token, gateOpen: gateOpen, context: context)
        instance.startHeldOperations()
        // After `ctx.abort()` the event fails with the reset, whatever the script did next.
        if let reset = instance.resetError { throw reset }
        return try result.mapError(\.runtimeError).get()
    }

    /// Waits until `token` settles and returns how. Runs the critical sections JavaScript asks for meanwhile.
    /// With `gateOpen` the input gate is released while nothing is to be done (as for any non-storage I/O);
    /// otherwise the wait keeps it (the constructor, a critical section).
    private func wait(for token: Int, gateOpen: Bool, context: isolated ObjectContext) async throws -> Result<JSON, JSHostError> {
        let mailbox = instance.mailbox
        while true {
            try await runSections(context)
            if let result = try enter(context, { $0.take(token) }) { return result }
            // The runtime commits the turn's writes before `external` runs its operation, so held outgoing calls
            // leave then; with the gate kept (a critical section) they leave at once.
            let instance = self.instance
            let wake: ObjectMailbox.Wake
            if gateOpen {
                wake = try await context.external {
                    instance.startHeldOperations()
                    return await mailbox.next(for: token)
                }
            } else {
                instance.startHeldOperations()
                wake = await mailbox.next(for: token, exclusive: true)
            }
            switch wake {
            case .completion(let completion):
                try enter(context) { try $0.deliver(completion) }
            case .cancelled: throw CancellationError()
            case .settled: break
            }
        }
    }

    /// Whether a section's callback failed (as opposed to the runtime refusing or ending the section).
    private final class SectionOutcome {
        var callbackFailed = false
    }

    /// Runs the critical sections JavaScript asked for during the last entries, each inside the runtime's own:
    /// `blockConcurrencyWhile` (gate held across every await, nesting limit, timeout, a throw resets the object),
    /// `transaction` (a savepoint after committing earlier writes; a throw rolls back without reset) and `sync`.
    /// The requests are read between entries, while no JavaScript of the object runs.
    private func runSections(_ context: isolated ObjectContext) async throws {
        while let request = instance.takeSectionRequest() {
            let outcome = SectionOutcome()
            var failure: DurableObjectError?
            do {
                switch request.kind {
                case "sync":
                    try await context.sync()
                case "transaction":
                    try await context.transaction { txn in
                        try await self.runSection(request.token, UnsafeTransfer(txn), outcome, context)
                    }
                default:
                    try await context.blockConcurrencyWhile {
                        try await self.runSection(request.token, nil, outcome, context)
                    }
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failure = DurableObjectError.from(error)
            }
            let own = outcome.callbackFailed && failure?.durableObjectReset == false
            try enter(context) { try $0.finishSection(request.token, succeeded: failure == nil, error: own ? nil : failure) }
            if let failure, failure.durableObjectReset { throw failure }
        }
    }

    /// Starts a section's callback and waits for it with the gate held; the mailbox hands it completions first.
    private func runSection(
        _ token: Int, _ transaction: UnsafeTransfer<ObjectTransaction>?, _ outcome: SectionOutcome, _ context: isolated ObjectContext
    ) async throws {
        let mailbox = instance.mailbox
        try enter(context) { try $0.startSection(token, transaction: transaction?.value) }
        mailbox.beginExclusive()
        defer { mailbox.endExclusive() }
        if case .failure(let error) = try await wait(for: token, gateOpen: false, context: context) {
            outcome.callbackFailed = true
            throw error.runtimeError
        }
    }
}
