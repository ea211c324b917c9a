import JSONModel

/// A WebSocket frame's payload.
public enum WebSocketMessage: Sendable, Hashable {
    case text(String)
    case binary([UInt8])
}

/// Shared state of one in-process WebSocket connection.
final class WebSocketLink: Sendable {
    enum Mode: Sendable { case pending, hibernatable, standard, closed }
    struct State {
        var mode = Mode.pending
        var tags: [String] = []
        var attachment: JSON?
        var inbox: [WebSocketMessage] = []
        var inboxWaiters: [CheckedContinuation<WebSocketMessage?, Never>] = []
        var autoResponseTimestamp: Int64?
        var owner: (namespace: DurableObjectNamespace, id: DurableObjectId)?
        /// The close code and reason the client end saw (set when the server end closed or the object broke).
        var closeReceived: (code: Int, reason: String)?
        /// The most messages the client end buffers; the oldest are dropped past it (nil: no bound).
        var inboxLimit: Int?
        /// Messages dropped from the client's buffer since it was last drained.
        var dropped = 0
    }
    let id: UInt64
    let state = Locked(State())
    /// Serializes deliveries of this socket's frames (strict per-socket order).
    let deliveryLock = AsyncFIFOLock()

    init(id: UInt64) { self.id = id }

    func pushToClient(_ message: WebSocketMessage) {
        let waiter = state.withLock { s -> CheckedContinuation<WebSocketMessage?, Never>? in
            if !s.inboxWaiters.isEmpty { return s.inboxWaiters.removeFirst() }
            s.inbox.append(message)
            if let limit = s.inboxLimit, s.inbox.count > limit {
                s.inbox.removeFirst(s.inbox.count - limit)
                s.dropped += 1
            }
            return nil
        }
        waiter?.resume(returning: message)
    }

    /// Closes the connection; `code` and `reason` are what the client end sees (when it did not close it itself).
    func closeClientSide(code: Int? = nil, reason: String = "") {
        let waiters = state.withLock { s -> [CheckedContinuation<WebSocketMessage?, Never>] in
            if let code, s.mode != .closed, s.closeReceived == nil { s.closeReceived = (code, reason) }
            s.mode = .closed
            defer { s.inboxWaiters.removeAll() }
            return s.inboxWaiters
        }
        for w in waiters { w.resume(returning: nil) }
    }
}

/// The two ends of an in-process WebSocket: the object keeps `server`, the response carries `client`.
public struct WebSocketPair: Sendable {
    /// The end given to the caller.
    public let client: ClientWebSocket
    /// The end accepted by the object.
    public let server: ServerWebSocket
    private static let counter = Locked<UInt64>(0)

    /// Makes a connected pair.
    public init() {
        let id = Self.counter.withLock { n -> UInt64 in
            n += 1
            return n
        }
        let link = WebSocketLink(id: id)
        client = ClientWebSocket(link: link)
        server = ServerWebSocket(link: link)
    }
}

/// The object's end of a WebSocket.
public struct ServerWebSocket: Sendable, Hashable {
    let link: WebSocketLink

    /// A process-unique number for this connection.
    public var id: UInt64 { link.id }

    /// Sends a frame to the client.
    public func send(_ message: WebSocketMessage) {
        guard link.state.withLock({ $0.mode != .closed }) else { return }
        link.pushToClient(message)
        if let owner = link.state.withLock({ $0.owner }) { owner.namespace.metrics.webSocketOut(owner.id) }
    }

    /// Sends text to the client.
    public func send(_ text: String) { send(.text(text)) }

    /// Closes the connection from the object's side; the client sees `code` and `reason`. For a standard socket,
    /// prefer `ObjectContext.closeWebSocket`, which also lets the object leave memory again.
    public func close(code: Int = 1000, reason: String = "") {
        let owner = link.state.withLock { $0.owner }
        link.closeClientSide(code: code, reason: reason)
        owner?.namespace.hibernation.remove(link)
    }

    /// Whether the socket was accepted with `acceptWebSocket` (it survives hibernation).
    public var isHibernatable: Bool { link.state.withLock { $0.mode == .hibernatable } }

    /// Whether the socket was accepted with `accept()` (a standard socket, which keeps the object in memory).
    public var isStandard: Bool { link.state.withLock { $0.mode == .standard } }

    /// Whether the socket is closed.
    public var isClosed: Bool { link.state.withLock { $0.mode == .closed } }

    /// Stores a value that survives hibernation (at most 16 KiB serialized).
    public func serializeAttachment(_ value: JSON?) throws {
        if let value, value.bytesAsWritten.count > 16_384 {
            throw DurableObjectError(
                .webSocket,
                "A WebSocket 'attachment' cannot be larger than 16384 bytes. An attachment of size \(value.bytesAsWritten.count) was provided.")
        }
        link.state.withLock { $0.attachment = value }
    }

    /// The stored attachment.
    public func deserializeAttachment() -> JSON? { link.state.withLock { $0.attachment } }

    /// Tags given at `acceptWebSocket`.
    public var tags: [String] { link.state.withLock { $0.tags } }

    public static func == (a: ServerWebSocket, b: ServerWebSocket) -> Bool { a.link === b.link }
    public func hash(into hasher: inout Hasher) { hasher.combine(link.id) }
}

/// The caller's end of a WebSocket accepted by an object.
public struct ClientWebSocket: Sendable {
    let link: WebSocketLink

    /// A process-unique number for this connection.
    public var id: UInt64 { link.id }

    /// Sends a frame; returns when the object has handled it (or answered it by auto-response).
    /// - Throws: when the socket is closed or the object failed the event.
    public func send(_ message: WebSocketMessage) async throws {
        guard let owner = link.state.withLock({ $0.mode == .closed ? nil : $0.owner }) else {
            throw DurableObjectError(.webSocket, "The WebSocket is closed.")
        }
        try await owner.namespace.deliverWebSocketMessage(link, owner.id, message)
    }

    /// Sends text.
    public func send(_ text: String) async throws { try await send(.text(text)) }

    /// Sends a close frame; the object's `webSocketClose` runs with `wasClean == true`.
    public func close(code: Int = 1000, reason: String = "") async throws {
        guard let owner = link.state.withLock({ $0.mode == .closed ? nil : $0.owner }) else { return }
        try await owner.namespace.deliverWebSocketClose(link, owner.id, code: code, reason: reason, wasClean: true)
    }

    /// Drops the connection without a close frame (code 1006 for the object).
    public func disconnect() async throws {
        guard let owner = link.state.withLock({ $0.mode == .closed ? nil : $0.owner }) else { return }
        try await owner.namespace.deliverWebSocketClose(
            link, owner.id, code: 1006, reason: "WebSocket disconnected without sending Close frame.", wasClean: false)
    }

    /// Bounds the messages buffered for this end: past `limit`, the oldest are dropped (and counted).
    public func limitBuffer(to limit: Int) { link.state.withLock { $0.inboxLimit = max(1, limit) } }

    /// Up to `max` buffered messages, oldest first, removed from the buffer, and how many were dropped from the
    /// buffer (over its limit) since the last call.
    public func take(max: Int) -> (messages: [WebSocketMessage], dropped: Int) {
        link.state.withLock { s in
            let n = Swift.min(Swift.max(0, max), s.inbox.count)
            let taken = Array(s.inbox.prefix(n))
            s.inbox.removeFirst(n)
            defer { s.dropped = 0 }
            return (taken, s.dropped)
        }
    }

    /// Messages waiting in the buffer.
    public var buffered: Int { link.state.withLock { $0.inbox.count } }

    /// The close code and reason the server end (or the runtime, when the object broke) closed with; nil while
    /// open or when this end closed the connection itself.
    public var closeInfo: (code: Int, reason: String)? { link.state.withLock { $0.closeReceived } }

    /// Messages received and not yet taken, removed from the buffer.
    public func drainReceived() -> [WebSocketMessage] {
        link.state.withLock { s in
            defer { s.inbox.removeAll() }
            return s.inbox
        }
    }

    /// The next message from the object, waiting for it; `nil` once closed.
    public func receive() async -> WebSocketMessage? {
        await withCheckedContinuation { (c: CheckedContinuation<WebSocketMessage?, Never>) in
            let immediate = link.state.withLock { s -> WebSocketMessage?? in
                if !s.inbox.isEmpty { return .some(s.inbox.removeFirst()) }
                if s.mode == .closed { return .some(nil) }
                s.inboxWaiters.append(c)
                return .none
            }
            if let immediate { c.resume(returning: immediate) }
        }
    }

    /// Whether the connection is closed.
    public var isClosed: Bool { link.state.withLock { $0.mode == .closed } }

    /// The namespace (binding) and id of the object that accepted the server end, once one did.
    public var acceptedBy: (binding: String, id: DurableObjectId)? {
        link.state.withLock { s in s.owner.map { ($0.namespace.binding, $0.id) } }
    }
}
