import DurableObjects
import Foundation

/// Why a WebSocket client operation failed.
public struct WebSocketClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable machine-readable code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
        /// No open socket has this id.
        public static let unknownSocket = Code(rawValue: "unknown_socket")
        /// Too many client sockets are open.
        public static let tooManySockets = Code(rawValue: "too_many_sockets")
        /// The Worker or the object answered without switching protocols (no 101 with a WebSocket).
        public static let notUpgraded = Code(rawValue: "websocket_not_upgraded")
        /// The socket is closed.
        public static let closed = Code(rawValue: "websocket_closed")
    }

    public var code: Code
    /// What went wrong and what to do.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code)]" }
}

/// The caller's ends of WebSockets opened by the tools (`openWebSocket`), by id (`ws-1`, `ws-2`, …), with bounds:
/// at most `maxOpen` open at once, and at most `maxBuffered` received messages kept per socket (the oldest are
/// dropped past it and counted). They live in memory only: a restarted server has none.
public final class WebSocketClients: Sendable {
    /// Where a socket leads.
    public struct Target: Sendable, Equatable {
        /// The namespace of the object that accepted it.
        public var namespace: String
        /// The object's 64-hex id.
        public var id: String
    }

    /// What `receive` found.
    public struct Received: Sendable {
        /// Messages, oldest first.
        public var messages: [WebSocketMessage]
        /// The close code and reason, once the server (or the runtime) closed the socket and every message was
        /// taken; the socket is then forgotten.
        public var closed: (code: Int, reason: String)?
        /// Messages dropped from the buffer (over `maxBuffered`) since the last receive.
        public var dropped: Int
    }

    private struct Entry {
        var client: ClientWebSocket
        var target: Target
    }

    /// The most client sockets open at once.
    public let maxOpen: Int
    /// The most received messages kept per socket.
    public let maxBuffered: Int
    private let state = Locked<(entries: [String: Entry], next: Int)>(([:], 0))

    public init(maxOpen: Int = 256, maxBuffered: Int = 1000) {
        self.maxOpen = maxOpen
        self.maxBuffered = maxBuffered
    }

    /// Open sockets.
    public var count: Int { state.withLock { $0.entries.count } }

    /// Checks that another socket may be opened (before the upgrade is sent).
    func reserve() throws {
        let open = count
        if open >= maxOpen {
            throw WebSocketClientError(.tooManySockets, "\(open) WebSockets are open, the most this server keeps (\(maxOpen)). Close some with closeWebSocket first.")
        }
    }

    /// Keeps a client end; returns its id.
    func add(_ client: ClientWebSocket, target: Target) throws -> String {
        client.limitBuffer(to: maxBuffered)
        return try state.withLock { s in
            if s.entries.count >= maxOpen {
                throw WebSocketClientError(.tooManySockets, "\(s.entries.count) WebSockets are open, the most this server keeps (\(maxOpen)). Close some with closeWebSocket first.")
            }
            s.next += 1
            let id = "ws-\(s.next)"
            s.entries[id] = Entry(client: client, target: target)
            return id
        }
    }

    private func entry(_ id: String) throws -> Entry {
        try state.withLock { s in
            guard let entry = s.entries[id] else {
                let open = s.entries.keys.sorted { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }
                throw WebSocketClientError(
                    .unknownSocket,
                    "No open WebSocket \"\(id)\"." + (open.isEmpty
                        ? " None is open: call openWebSocket first (a socket closed by either side is forgotten once its close was received)."
                        : " Open: \(open.prefix(20).joined(separator: ", "))."))
            }
            return entry
        }
    }

    /// Where a socket leads.
    public func target(of id: String) throws -> Target { try entry(id).target }

    /// Sends a frame; returns when the object handled it (or the runtime answered it with the auto-response).
    ///
    /// - Throws: `WebSocketClientError` for an unknown or closed socket; the object's error when its handler threw.
    public func send(_ id: String, _ message: WebSocketMessage) async throws {
        let client = try entry(id).client
        if client.isClosed {
            let reason = client.closeInfo.map { " by the server (code \($0.code)\($0.reason.isEmpty ? "" : ", reason \"\($0.reason)\""))" } ?? ""
            throw WebSocketClientError(.closed, "The WebSocket \(id) was closed\(reason); receiveWebSocket reads what is left and the close.")
        }
        try await client.send(message)
    }

    /// Takes up to `max` received messages, waiting up to `wait` for the first when none is buffered.
    public func receive(_ id: String, max: Int, wait: Duration) async throws -> Received {
        let client = try entry(id).client
        let deadline = ContinuousClock.now + wait
        while client.buffered == 0 && !client.isClosed && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(2))
        }
        let (messages, dropped) = client.take(max: max)
        var closed: (Int, String)?
        if client.isClosed && client.buffered == 0 {
            closed = client.closeInfo ?? (1005, "")
            forget(id)
        }
        return Received(messages: messages, closed: closed, dropped: dropped)
    }

    /// Closes a socket from the client's side (the object's `webSocketClose` runs) and forgets it.
    /// - Returns: whether it was still open.
    @discardableResult
    public func close(_ id: String, code: Int, reason: String) async throws -> Bool {
        let client = try entry(id).client
        forget(id)
        guard !client.isClosed else { return false }
        try await client.close(code: code, reason: reason)
        return true
    }

    /// Forgets every socket to `namespace` (its objects were reset), or all.
    public func forgetAll(namespace: String? = nil) {
        state.withLock { s in s.entries = s.entries.filter { namespace != nil && $0.value.target.namespace != namespace } }
    }

    private func forget(_ id: String) { _ = state.withLock { $0.entries.removeValue(forKey: id) } }
}
