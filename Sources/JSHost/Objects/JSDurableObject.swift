import DurableObjects

/// A Durable Object whose class is written in JavaScript: the runtime's side of a `JSObjectInstance`.
///
/// Every handler runs on the object's executor (`isolated ObjectContext`) and enters JavaScript with
/// `JSThread.sync`, so the executor waits while JavaScript (and its storage natives) run on the engine thread;
/// that CPU time is charged to the event. A handler whose promise is still pending after the entry waits for
/// host I/O with its input gate open (`context.external`), like any non-storage I/O in workerd.
final class JSDurableObject: DurableObject {
    private let instance: JSObjectInstance
    private let thread: JSThread

    private init(instance: JSObjectInstance, thread: JSThread) {
        self.instance = instance
        self.thread = thread
    }

    deinit {
        let transfer = UnsafeTransfer(instance)
        thread.async { transfer.value.release() }
    }

    /// Makes the global, evaluates the bundle, runs the constructor and waits for its `blockConcurrencyWhile`
    /// callbacks (keeping the input gate).
    static func make(worker: JSWorker, className: String, context: isolated ObjectContext) async throws -> JSDurableObject {
        let group = worker.nextGroup()
        let role = JSObjectInstance.Role.object(className: className, id: context.id, storage: context.storage, context: context)
        let environment = WorkerEnvironment(clock: context.clock, namespace: { [weak context] in context?.env($0) })
        let (made, cpu) = group.thread.sync {
            Result { try JSObjectInstance(worker: worker, group: group, role: role, environment: environment) }
        }
        context.chargeCPU(cpu)
        let instance = try made.mapError { ($0 as? JSHostError)?.runtimeError ?? $0 }.get()
        let object = JSDurableObject(instance: instance, thread: group.thread)
        let token = try object.enter(context) { try $0.awaitConstruction() }
        _ = try await object.result(of: token, gateOpen: false, context: context)
        return object
    }

    func call(_ method: String, _ args: JSONValue, context: isolated ObjectContext) async throws -> JSONValue {
        let arguments: [JSONValue]
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
        if let early { return try early.mapError(\.runtimeError).get() }
        return try await result(of: token, gateOpen: true, context: context)
    }

    /// Runs `body` on the engine thread and charges its CPU time to the running event.
    func alarm(_ info: AlarmInfo, context: isolated ObjectContext) async throws {
        let token = try enter(context) { try $0.alarm(info) }
        _ = try await result(of: token, gateOpen: true, context: context)
    }

    func fetch(_ request: ObjectRequest, context: isolated ObjectContext) async throws -> ObjectResponse {
        let (token, early) = try enter(context) { instance in
            let token = try instance.fetch(request)
            return (token, instance.take(token))
        }
        if let early { return ObjectResponse(json: try early.mapError(\.runtimeError).get()) }
        return ObjectResponse(json: try await result(of: token, gateOpen: true, context: context))
    }

    /// A `JSHostError` becomes the runtime's error (with the exception's class and mapped stack).
    private func enter<T>(_ context: isolated ObjectContext, _ body: (JSObjectInstance) throws -> T) throws -> T {
        let instance = self.instance
        let (result, cpu) = thread.sync { Result { try body(instance) } }
        context.chargeCPU(cpu)
        do {
            return try result.get()
        } catch let error as JSHostError {
            throw error.runtimeError
        }
    }

    /// Waits for the promise of `token`, delivering the object's finished host I/O meanwhile.
    private func result(of token: Int, gateOpen: Bool, context: isolated ObjectContext) async throws -> JSONValue {
        let mailbox = instance.mailbox
        while true {
            if let result = try enter(context, { $0.take(token) }) {
                return try result.mapError(\.runtimeError).get()
            }
            let wake = gateOpen
                ? try await context.external { await mailbox.next(for: token) }
                : await mailbox.next(for: token)
            if case .completion(let completion) = wake {
                try enter(context) { try $0.deliver(completion) }
            }
        }
    }
}
