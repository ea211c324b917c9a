/// The WebSocket Hibernation API (semantics §9.2).
extension ObjectContext {
    /// Accepts a WebSocket as hibernatable: it survives eviction and its messages wake the object.
    /// Tags: at most 10 distinct, each at most 256 characters; duplicates are ignored.
    public func acceptWebSocket(_ socket: ServerWebSocket, tags: [String] = []) throws {
        var distinct: [String] = []
        for t in tags where !distinct.contains(t) { distinct.append(t) }
        if distinct.count > 10 {
            throw DurableObjectError(.webSocket, "a Hibernatable WebSocket cannot have more than 10 tags")
        }
        if let long = distinct.first(where: { $0.count > 256 }) {
            throw DurableObjectError(.webSocket, "\"\(long)\" is longer than the max tag length (256 characters).")
        }
        try socket.link.state.withLock { s in
            guard s.mode == .pending else {
                throw DurableObjectError(
                    .webSocket, "Cannot call `acceptWebSocket()` if the WebSocket was already accepted via `accept()`")
            }
            s.mode = .hibernatable
            s.tags = distinct
            s.owner = (namespace, id)
        }
        namespace.hibernation.add(socket.link, to: id)
    }

    /// Accepts a standard (non-hibernatable) WebSocket: while it is open the object stays in memory and its
    /// time is billable.
    public func acceptStandardWebSocket(_ socket: ServerWebSocket) throws {
        try socket.link.state.withLock { s in
            guard s.mode == .pending else { throw DurableObjectError(.webSocket, "The WebSocket was already accepted.") }
            s.mode = .standard
            s.owner = (namespace, id)
        }
        namespace.hibernation.add(socket.link, to: id)
        standardSockets += 1
    }

    /// Closes a socket of this object from its side (the client sees `code` and `reason`). Closing the last
    /// standard socket lets the object leave memory again.
    public func closeWebSocket(_ socket: ServerWebSocket, code: Int = 1000, reason: String = "") {
        let standard = socket.isStandard
        socket.close(code: code, reason: reason)
        if standard { standardSockets -= 1 }
    }

    /// Accepted, open sockets of this object (all, or those with `tag`).
    public func getWebSockets(tag: String? = nil) -> [ServerWebSocket] {
        namespace.hibernation.sockets(of: id).filter { l in
            l.state.withLock { s in s.mode == .hibernatable && (tag == nil || s.tags.contains(tag!)) }
        }.map { ServerWebSocket(link: $0) }
    }

    /// Tags of a hibernatable socket.
    public func getTags(_ socket: ServerWebSocket) throws -> [String] {
        try socket.link.state.withLock { s in
            guard s.mode == .hibernatable else {
                throw DurableObjectError(.webSocket, "getTags() works only on hibernatable WebSockets.")
            }
            return s.tags
        }
    }

    /// Sets (or clears with `nil`) the text frame answered by the runtime without waking the object.
    public func setWebSocketAutoResponse(request: String, response: String) throws {
        if request.utf8.count > 2048 {
            throw DurableObjectError(
                .limitExceeded, "Request cannot be larger than 2048 bytes. A request of size \(request.utf8.count) was provided.")
        }
        if response.utf8.count > 2048 {
            throw DurableObjectError(
                .limitExceeded, "Response cannot be larger than 2048 bytes. A response of size \(response.utf8.count) was provided.")
        }
        namespace.hibernation.setAutoResponse(.init(request: request, response: response), for: id)
    }

    /// The auto-response (request and response text), if one is set.
    public func getWebSocketAutoResponse() -> (request: String, response: String)? {
        namespace.hibernation.autoResponse(for: id).map { ($0.request, $0.response) }
    }

    /// Clears the auto-response.
    public func clearWebSocketAutoResponse() { namespace.hibernation.setAutoResponse(nil, for: id) }

    /// When the runtime last auto-responded on `socket`, in milliseconds since the epoch.
    public func getWebSocketAutoResponseTimestamp(_ socket: ServerWebSocket) -> Int64? {
        socket.link.state.withLock { $0.autoResponseTimestamp }
    }

    func handleWebSocketMessage(_ link: WebSocketLink, _ message: WebSocketMessage) async throws {
        try await perform(.webSocket) { ctx, object in
            try await object.webSocketMessage(ServerWebSocket(link: link), message, context: ctx)
        }
    }

    /// Runs `webSocketError`, then closes the socket from the server's side with `closeCode`.
    func handleWebSocketError(_ link: WebSocketLink, _ error: DurableObjectError, closeCode: Int, closeReason: String) async throws {
        try await perform(.webSocket) { ctx, object in
            defer { ctx.closeWebSocket(ServerWebSocket(link: link), code: closeCode, reason: closeReason) }
            try await object.webSocketError(ServerWebSocket(link: link), error, context: ctx)
        }
    }

    func handleWebSocketClose(_ link: WebSocketLink, code: Int, reason: String, wasClean: Bool) async throws {
        let standard = link.state.withLock { $0.mode == .standard }
        link.closeClientSide()
        namespace.hibernation.remove(link)
        try await perform(.webSocket) { ctx, object in
            if standard { ctx.standardSockets -= 1 }
            try await object.webSocketClose(
                ServerWebSocket(link: link), code: code, reason: reason, wasClean: wasClean, context: ctx)
        }
    }
}

extension DurableObjectNamespace {
    /// The largest WebSocket message an object receives (do-facts.md, limits: 32 MiB).
    public static let maxWebSocketMessageBytes = 32 * 1024 * 1024

    func deliverWebSocketMessage(_ link: WebSocketLink, _ id: DurableObjectId, _ message: WebSocketMessage) async throws {
        await link.deliveryLock.lock()
        defer { link.deliveryLock.unlock() }
        metrics.webSocketIn(id)
        let size: Int
        switch message {
        case .text(let text): size = text.utf8.count
        case .binary(let bytes): size = bytes.count
        }
        if size > Self.maxWebSocketMessageBytes {
            // Too big to receive (do-facts: received messages ≤ 32 MiB): the object hears of it through
            // webSocketError and the socket closes with 1009 (Message Too Big, RFC 6455 §7.4.1).
            let error = DurableObjectError(
                .limitExceeded,
                "The WebSocket message is \(size) bytes, more than the \(Self.maxWebSocketMessageBytes)-byte (32 MiB) limit on received messages.")
            let stub = DurableObjectStub(id: id, namespace: self)
            try? await stub.withInstance {
                try await $0.handleWebSocketError(link, error, closeCode: 1009, closeReason: "Message too big")
            }
            throw error
        }
        if case .text(let text) = message, let auto = hibernation.autoResponse(for: id), auto.request == text {
            let now = runtimeConfig.clock.nowMilliseconds
            link.state.withLock { $0.autoResponseTimestamp = now }
            link.pushToClient(.text(auto.response))
            metrics.webSocketOut(id)
            return
        }
        let stub = DurableObjectStub(id: id, namespace: self)
        try await stub.withInstance { try await $0.handleWebSocketMessage(link, message) }
    }

    func deliverWebSocketClose(_ link: WebSocketLink, _ id: DurableObjectId, code: Int, reason: String, wasClean: Bool)
        async throws
    {
        await link.deliveryLock.lock()
        defer { link.deliveryLock.unlock() }
        let stub = DurableObjectStub(id: id, namespace: self)
        try await stub.withInstance {
            try await $0.handleWebSocketClose(link, code: code, reason: reason, wasClean: wasClean)
        }
    }

    /// An object's open sockets, hibernatable (accepted with `acceptWebSocket`) and standard (`accept()`).
    public func webSocketCounts(of id: DurableObjectId) -> (hibernatable: Int, standard: Int) { hibernation.modes(of: id) }

    /// Open sockets, hibernatable ones whose object is not in memory, and those objects.
    func socketGauges() -> (open: Int, hibernated: Int, hibernatedObjects: Int) {
        let counts = hibernation.counts()
        guard !counts.isEmpty else { return (0, 0, 0) }
        let inMemory = Set(idsInMemory)
        var open = 0
        var hibernated = 0
        var objects = 0
        for (id, n) in counts {
            open += n
            if !inMemory.contains(id) {
                hibernated += n
                objects += 1
            }
        }
        return (open, hibernated, objects)
    }
}
