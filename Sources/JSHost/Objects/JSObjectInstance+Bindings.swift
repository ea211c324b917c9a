import CJavaScriptCore
import DurableObjects
import JSONModel

extension JSObjectInstance {
    /// The natives behind `env`'s Durable Object namespaces and their stubs (see `Shim/durable-object-host.js`).
    /// Ids are made synchronously; calls and `fetch` through a stub are host I/O answered by a promise.
    func makeBindingNatives() -> JSObjectRef {
        let native = global.makeObject()
        let environment = self.environment
        func define(_ name: String, _ body: @escaping NativeBody) { global.define(name, global.function(name, body), on: native) }
        func namespace(_ context: JSContextRef, _ arguments: [JSValueRef]) throws -> DurableObjectNamespace {
            let binding = arguments.first.flatMap { JSValue.text(context, $0) } ?? ""
            guard let namespace = environment.namespace(binding) else {
                throw JSHostError(.invalidArgument, "The Durable Object namespace \(binding) is not running (register the Worker on a runtime).")
            }
            return namespace
        }
        func text(_ context: JSContextRef, _ arguments: [JSValueRef], _ index: Int) -> String? {
            guard index < arguments.count, !JSValueIsUndefined(context, arguments[index]), !JSValueIsNull(context, arguments[index]) else { return nil }
            return JSValue.text(context, arguments[index])
        }
        func stub(_ context: JSContextRef, _ arguments: [JSValueRef]) throws -> DurableObjectStub {
            let ns = try namespace(context, arguments)
            if let name = text(context, arguments, 2) { return ns.getByName(name) }
            return try ns.get(try ns.idFromString(text(context, arguments, 1) ?? ""))
        }
        define("idFromName") { context, _, arguments in
            JSValue.makeString(context, try namespace(context, arguments).idFromName(text(context, arguments, 1) ?? "").hex)
        }
        define("idFromString") { context, _, arguments in
            JSValue.makeString(context, try namespace(context, arguments).idFromString(text(context, arguments, 1) ?? "").hex)
        }
        define("newUniqueId") { context, _, arguments in
            JSValue.makeString(context, try namespace(context, arguments).newUniqueId(jurisdiction: text(context, arguments, 1)).hex)
        }
        define("call") { [unowned self] context, _, arguments in
            let target = try stub(context, arguments)
            let method = text(context, arguments, 3) ?? ""
            let args = arguments.count > 4 ? try JSValue.json(context, arguments[4]) : .array([])
            return try self.startOperation {
                do { return .success(try await target.call(method, args)) } catch { return .failure(DurableObjectError.from(error)) }
            }
        }
        define("fetch") { [unowned self] context, _, arguments in
            let target = try stub(context, arguments)
            let description = arguments.count > 3 ? try JSValue.json(context, arguments[3]) : .null
            let request = ObjectRequest(
                method: description["method"]?.stringValue ?? "GET", url: description["url"]?.stringValue ?? "/",
                headers: (description["headers"]?.arrayValue ?? []).compactMap { pair in
                    guard let kv = pair.arrayValue, kv.count == 2, let k = kv[0].stringValue, let v = kv[1].stringValue else { return nil }
                    return (k, v)
                },
                body: Array((description["body"]?.stringValue ?? "").utf8))
            let clients = self.clientSockets
            return try self.startOperation {
                do {
                    let response = try await target.fetch(request)
                    var members: JSONObject = [
                        "status": .int(response.status),
                        "headers": .array(response.headers.map { [.string($0.0), .string($0.1)] }),
                        "body": .string(response.text),
                    ]
                    if let client = response.webSocket {
                        // The client end stays here until a Response returned by this context carries it on.
                        clients.withLock { $0[client.id] = client }
                        members["webSocket"] = .int(Int(client.id))
                    }
                    return .success(.object(members))
                } catch {
                    return .failure(DurableObjectError.from(error))
                }
            }
        }
        define("outboundFetch") { [unowned self] context, _, arguments in
            let description = try arguments.first.map { try JSValue.json(context, $0) } ?? .null
            let url = description["url"]?.stringValue ?? ""
            guard let mock = self.worker.fetchMocks.first(where: { $0.matches(url) }) else {
                let mocks = self.worker.fetchMocks.map(\.url)
                throw JSHostError(
                    .invalidArgument,
                    "fetch(\"\(url)\") was refused: the Worker runs offline here and outbound requests do not reach the network. Answer it with loadWorker {fetchMocks: [{url, status, body, latencyMs}]} (a url ending in * matches by prefix)\(mocks.isEmpty ? "" : "; the mocks given match \(mocks.joined(separator: ", "))").",
                    name: "TypeError")
            }
            let clock = environment.clock
            return try self.startOperation {
                if mock.latencyMs > 0 {
                    do { try await clock.sleep(for: .microseconds(Int64((mock.latencyMs * 1000).rounded()))) } catch {
                        return .failure(DurableObjectError.from(error))
                    }
                }
                return .success([
                    "status": .number(Double(mock.status)),
                    "headers": .array(mock.headers.sorted { $0.key < $1.key }.map { [.string($0.key), .string($0.value)] }),
                    "body": .string(mock.body),
                ])
            }
        }
        defineSocketNatives(on: native)
        return native
    }
}
