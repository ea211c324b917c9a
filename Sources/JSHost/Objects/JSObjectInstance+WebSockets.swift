import CJavaScriptCore
import DurableObjects
import JSONModel

/// What reaches a socket's JavaScript side: a frame, a close, an error.
enum SocketEvent {
    case message(WebSocketMessage)
    case close(code: Int, reason: String, wasClean: Bool)
    case error(String)
}

extension JSObjectInstance {
    /// The natives behind `WebSocketPair` and a socket's `send`, `close` and attachments (see
    /// `Shim/durable-object-host.js`), defined on `native`. Every context has them; accepting needs an object.
    func defineSocketNatives(on native: JSObjectRef) {
        func define(_ name: String, _ body: @escaping NativeBody) { global.define(name, global.function(name, body), on: native) }
        define("wsPair") { [unowned self] context, _, _ in
            let pair = WebSocketPair()
            self.serverSockets[pair.server.id] = pair.server
            self.clientSockets.withLock { $0[pair.client.id] = pair.client }
            return JSValueMakeNumber(context, Double(pair.server.id))
        }
        define("wsSend") { [unowned self] context, _, arguments in
            let socket = try self.server(context, arguments)
            // A socket the client closed takes no more frames; they are dropped, as on a connection that went away
            // (the object hears of it through its close event). Closing it here first is the glue's check.
            if socket.isClosed { return nil }
            guard socket.isHibernatable || socket.isStandard else {
                throw JSHostError(.invalidArgument, "You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.", name: "TypeError")
            }
            guard arguments.count > 1 else { return nil }
            if let bytes = JSGlobal.typedArrayBytes(context, arguments[1]) {
                socket.send(.binary(Array(bytes)))
            } else {
                socket.send(.text(JSValue.text(context, arguments[1]) ?? ""))
            }
            return nil
        }
        define("wsClose") { [unowned self] context, _, arguments in
            let socket = try self.server(context, arguments)
            let code = arguments.count > 1 ? Int(JSValueToNumber(context, arguments[1], nil)) : 1000
            let reason = arguments.count > 2 ? JSValue.text(context, arguments[2]) ?? "" : ""
            if let objectContext = self.objectContext {
                try withParkedIsolation(objectContext) { $0.closeWebSocket(socket, code: code, reason: reason) }
            } else {
                socket.close(code: code, reason: reason)
            }
            return nil
        }
        define("wsClosed") { [unowned self] context, _, arguments in
            JSValueMakeBoolean(context, try self.server(context, arguments).isClosed)
        }
        define("wsSetAttachment") { [unowned self] context, _, arguments in
            let socket = try self.server(context, arguments)
            let value = arguments.count > 1 && !JSValueIsNull(context, arguments[1]) && !JSValueIsUndefined(context, arguments[1])
                ? try JSValue.json(context, arguments[1]) : nil
            try socket.serializeAttachment(value)
            return nil
        }
        define("wsGetAttachment") { [unowned self] context, _, arguments in
            guard let value = try self.server(context, arguments).deserializeAttachment() else { return JSValueMakeNull(context) }
            return JSValue.make(context, value)
        }
    }

    /// The natives of the Hibernation API on `ctx` and of `accept()`, defined on `native` (an object's only).
    func defineObjectSocketNatives(on native: JSObjectRef) {
        func define(_ name: String, _ body: @escaping NativeBody) { global.define(name, global.function(name, body), on: native) }
        let objectContext = self.objectContext!
        define("wsAccept") { [unowned self] context, _, arguments in
            let socket = try self.server(context, arguments)
            let tags = arguments.count > 1 ? (try JSValue.json(context, arguments[1])).arrayValue?.compactMap(\.stringValue) ?? [] : []
            try withParkedIsolation(objectContext) { try $0.acceptWebSocket(socket, tags: tags) }
            return nil
        }
        define("wsAcceptStandard") { [unowned self] context, _, arguments in
            let socket = try self.server(context, arguments)
            try withParkedIsolation(objectContext) { try $0.acceptStandardWebSocket(socket) }
            return nil
        }
        define("wsGetWebSockets") { [unowned self] context, _, arguments in
            let tag = arguments.first.flatMap { JSValueIsNull(context, $0) || JSValueIsUndefined(context, $0) ? nil : JSValue.text(context, $0) }
            let sockets = try withParkedIsolation(objectContext) { $0.getWebSockets(tag: tag) }
            for socket in sockets { self.serverSockets[socket.id] = socket }
            return JSValue.make(context, .array(sockets.map { .number(Double($0.id)) }))
        }
        define("wsTags") { [unowned self] context, _, arguments in
            let socket = try self.server(context, arguments)
            let tags = try withParkedIsolation(objectContext) { try $0.getTags(socket) }
            return JSValue.make(context, .array(tags.map { .string($0) }))
        }
        define("wsSetAutoResponse") { context, _, arguments in
            let request = arguments.count > 0 ? JSValue.text(context, arguments[0]) ?? "" : ""
            let response = arguments.count > 1 ? JSValue.text(context, arguments[1]) ?? "" : ""
            do {
                try withParkedIsolation(objectContext) { try $0.setWebSocketAutoResponse(request: request, response: response) }
            } catch let error as DurableObjectError {
                throw JSHostError(.invalidArgument, error.message, name: "RangeError")
            }
            return nil
        }
        define("wsClearAutoResponse") { _, _, _ in
            try withParkedIsolation(objectContext) { $0.clearWebSocketAutoResponse() }
            return nil
        }
        define("wsGetAutoResponse") { context, _, _ in
            guard let pair = try withParkedIsolation(objectContext, { $0.getWebSocketAutoResponse() }) else { return JSValueMakeNull(context) }
            return JSValue.make(context, [.string(pair.request), .string(pair.response)])
        }
        define("wsAutoResponseTimestamp") { [unowned self] context, _, arguments in
            let socket = try self.server(context, arguments)
            guard let time = try withParkedIsolation(objectContext, { $0.getWebSocketAutoResponseTimestamp(socket) }) else {
                return JSValueMakeNull(context)
            }
            return JSValueMakeNumber(context, Double(time))
        }
    }

    /// Delivers a socket event to JavaScript: the class's `webSocketMessage`/`Close`/`Error` handler for a
    /// hibernatable socket, a `message`/`close`/`error` event for a standard one. The token settles when the
    /// handler's promise does.
    func socketEvent(_ socket: ServerWebSocket, _ event: SocketEvent) throws -> Int {
        let token = newToken()
        let context = global.context
        // Sockets whose close an earlier event delivered are forgotten now (their close handler still read them).
        for id in closedSockets { serverSockets[id] = nil }
        closedSockets.removeAll()
        serverSockets[socket.id] = socket
        let kind: String
        var values: [JSValueRef] = []
        switch event {
        case .message(.text(let text)):
            kind = "message"
            values = [JSValue.makeString(context, text)]
        case .message(.binary(let bytes)):
            kind = "message"
            values = [JSGlobal.makeArrayBuffer(context, bytes)]
        case .close(let code, let reason, let wasClean):
            kind = "close"
            values = [JSValueMakeNumber(context, Double(code)), JSValue.makeString(context, reason), JSValueMakeBoolean(context, wasClean)]
            closedSockets.append(socket.id)
        case .error(let message):
            kind = "error"
            values = [JSValue.makeString(context, message)]
        }
        while values.count < 3 { values.append(JSValueMakeUndefined(context)) }
        try global.call(
            try hostFunction("socketEvent"), this: host?.object,
            [instance!.value, JSValue.makeString(context, kind), JSValueMakeNumber(context, Double(socket.id)),
             JSValueMakeBoolean(context, socket.isStandard)] + values + [number(token), settleFunction!.value])
        return token
    }

    /// The client end a returned `Response` carries (by the id the host glue reported), taken out of this
    /// context.
    func takeClient(_ json: JSON) throws -> ClientWebSocket? {
        guard let id = json["webSocket"]?.integer else { return nil }
        guard let client = clientSockets.withLock({ $0.removeValue(forKey: UInt64(id)) }) else {
            throw JSHostError(.invalidArgument, "The Response's webSocket is not the client end of a WebSocketPair made or received here (return pair[0], keep pair[1]).", name: "TypeError")
        }
        return client
    }

    private func server(_ context: JSContextRef, _ arguments: [JSValueRef]) throws -> ServerWebSocket {
        let id = arguments.first.map { UInt64(max(0, JSValueToNumber(context, $0, nil))) } ?? 0
        guard let socket = serverSockets[id] else {
            throw JSHostError(.invalidArgument, "This WebSocket is closed or belongs to another object.", name: "TypeError")
        }
        return socket
    }
}
