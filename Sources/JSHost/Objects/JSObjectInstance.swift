import CJavaScriptCore
import DurableObjects
import Foundation

/// The JavaScript side of one live Durable Object: its own global context (shim, host glue, the Worker's bundle)
/// and the constructed instance of its class, with the natives behind `ctx.storage`.
///
/// Used only on its group's thread, and only while the object's executor waits in `JSThread.sync` for it:
/// that is what makes the natives' use of `storage` (which belongs to the object's `ObjectContext`) exclusive.
final class JSObjectInstance {
    let worker: JSWorker
    let global: JSGlobal
    let storage: ObjectStorage
    let mailbox = ObjectMailbox()
    private(set) var instance: Protected?
    private var host: Protected?
    private var settleFunction: Protected?
    private var results: [Int: Result<JSONValue, JSHostError>] = [:]
    private var nextToken = 0
    private var timers: [Int: Task<Void, Never>] = [:]

    /// Makes the global and evaluates everything up to the bundle; `construct` makes the instance.
    init(worker: JSWorker, group: JSGroup, className: String, id: DurableObjectId, storage: ObjectStorage, clock: any RuntimeClock) throws {
        self.worker = worker
        self.storage = storage
        self.global = JSGlobal(group: group, name: "\(worker.project.name).\(className).\(id.hex.prefix(8))")
        var hooks = HostHooks()
        hooks.log = { [logger = worker.logger, name = className] level, text in
            logger.log(level: level == "error" ? .error : level == "warn" ? .warning : .info, "\(name): \(text)")
        }
        let mailbox = self.mailbox
        hooks.setTimer = { [unowned self] timer, delay, repeats in
            self.timers[timer] = Task {
                repeat {
                    do { try await clock.sleep(for: .milliseconds(Int64(delay.rounded()))) } catch { return }
                    mailbox.post(.timer(timer))
                } while repeats && !Task.isCancelled
            }
        }
        hooks.clearTimer = { [unowned self] timer in self.timers.removeValue(forKey: timer)?.cancel() }
        do {
            let exports = try worker.prepare(global, hooks: hooks)
            let context = global.context
            guard let hostObject = JSValue.property(context, global.globalObject, "__doHost") else {
                throw JSHostError(.invalidArgument, "The host glue did not load.")
            }
            host = Protected(context, hostObject)
            settleFunction = Protected(context, global.function("settle") { [unowned self] context, _, arguments in
                self.settle(context, arguments)
                return nil
            })
            let native = makeNatives()
            let made = try global.call(
                try hostFunction("makeContext"), this: hostObject,
                [native, JSValue.makeString(context, id.hex), id.name.map { JSValue.makeString(context, $0) } ?? JSValueMakeUndefined(context)])
            guard let ctx = JSValue.propertyValue(context, made, "ctx"), let pending = JSValue.propertyValue(context, made, "pending"),
                let env = JSValue.propertyValue(context, global.globalObject, "__workerEnv"),
                let classObject = JSValue.property(context, exports, className) else {
                throw JSHostError(.invalidArgument, "The class \(className) is not exported by the Worker.")
            }
            let object = try global.call(try hostFunction("construct"), this: hostObject, [classObject, ctx, env])
            instance = Protected(context, object)
            pendingConstruction = Protected(context, pending)
        } catch {
            release()
            throw error
        }
    }

    /// The `blockConcurrencyWhile` promises of the constructor, awaited before the first event.
    private var pendingConstruction: Protected?

    /// Starts waiting for the constructor's `blockConcurrencyWhile` callbacks; the token settles when all did.
    func awaitConstruction() throws -> Int {
        let token = newToken()
        let pending: JSValueRef = pendingConstruction?.value ?? JSValueMakeNull(global.context)!
        try global.call(try hostFunction("awaitAll"), this: host?.object, [pending, JSValueMakeNumber(global.context, Double(token))!, settleFunction!.value])
        pendingConstruction?.release()
        pendingConstruction = nil
        return token
    }

    /// Calls an RPC method; its result settles the returned token (see `take`).
    func invoke(_ method: String, _ arguments: [JSONValue]) throws -> Int {
        let token = newToken()
        let context = global.context
        let args = JSValue.make(context, .array(arguments))
        try global.call(
            try hostFunction("invoke"), this: host?.object,
            [instance!.value, JSValue.makeString(context, method), args, JSValueMakeNumber(context, Double(token)), settleFunction!.value])
        return token
    }

    /// The result of `token` if it settled (removed once taken).
    func take(_ token: Int) -> Result<JSONValue, JSHostError>? {
        guard let result = results.removeValue(forKey: token) else { return nil }
        mailbox.forget(token)
        return result
    }

    /// Delivers finished host I/O into JavaScript (an outermost call: microtasks run after it).
    func deliver(_ completion: HostCompletion) throws {
        switch completion {
        case .timer(let id):
            try global.fireTimer(id)
        }
    }

    /// Tears the context down: timers stop, protected values are released, the global becomes garbage.
    func release() {
        for task in timers.values { task.cancel() }
        timers.removeAll()
        for value in [instance, host, settleFunction, pendingConstruction] { value?.release() }
        global.release()
    }

    private func newToken() -> Int {
        nextToken += 1
        return nextToken
    }

    private func hostFunction(_ name: String) throws -> JSObjectRef {
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
