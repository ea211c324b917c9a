import JSONModel

/// The code of a Durable Object class.
///
/// Every handler receives the object's `ObjectContext` as an `isolated` parameter: the handler runs on that
/// object's serial executor, may call `context.storage` synchronously, and may keep mutable state in the object
/// (which therefore need not be `Sendable`). One event runs at a time (the input gate) unless a handler awaits
/// inside `context.external { … }`. Unimplemented handlers throw `notImplemented`.
public protocol DurableObject: AnyObject {
    /// An HTTP-style request.
    func fetch(_ request: ObjectRequest, context: isolated ObjectContext) async throws -> ObjectResponse
    /// An RPC-style method call with JSON arguments.
    func call(_ method: String, _ args: JSON, context: isolated ObjectContext) async throws -> JSON
    /// The alarm fired. Throwing makes the runtime retry with backoff.
    func alarm(_ info: AlarmInfo, context: isolated ObjectContext) async throws
    /// A message arrived on a hibernatable WebSocket accepted by this object.
    func webSocketMessage(_ socket: ServerWebSocket, _ message: WebSocketMessage, context: isolated ObjectContext)
        async throws
    /// A WebSocket accepted by this object was closed (1006 when the peer vanished without a close frame).
    func webSocketClose(
        _ socket: ServerWebSocket, code: Int, reason: String, wasClean: Bool, context: isolated ObjectContext
    ) async throws
    /// A WebSocket accepted by this object failed.
    func webSocketError(_ socket: ServerWebSocket, _ error: DurableObjectError, context: isolated ObjectContext)
        async throws
}

extension DurableObject {
    public func fetch(_ request: ObjectRequest, context: isolated ObjectContext) async throws -> ObjectResponse {
        throw DurableObjectError(.notImplemented, "This Durable Object class has no fetch() handler.")
    }
    public func call(_ method: String, _ args: JSON, context: isolated ObjectContext) async throws -> JSON {
        throw DurableObjectError(.notFound, "The RPC receiver does not implement the method \"\(method)\".")
    }
    public func alarm(_ info: AlarmInfo, context: isolated ObjectContext) async throws {
        throw DurableObjectError(.notImplemented, "This Durable Object class has no alarm() handler.")
    }
    public func webSocketMessage(
        _ socket: ServerWebSocket, _ message: WebSocketMessage, context: isolated ObjectContext
    ) async throws {}
    public func webSocketClose(
        _ socket: ServerWebSocket, code: Int, reason: String, wasClean: Bool, context: isolated ObjectContext
    ) async throws {}
    public func webSocketError(
        _ socket: ServerWebSocket, _ error: DurableObjectError, context: isolated ObjectContext
    ) async throws {}
}

/// A Durable Object class: its name, how to construct an instance, and its traits.
public struct DurableObjectClass: Sendable {
    /// PascalCase class name (`Counter`); the namespace's unique key is `"<worker>-<name>"`.
    public var name: String
    /// Whether instances implement `alarm`; without it `setAlarm` is refused outside the constructor.
    public var hasAlarmHandler: Bool
    /// Storage semantics.
    public var storage: StorageBackend
    /// Makes an instance; runs under the input gate before the first event (it may call
    /// `blockConcurrencyWhile`). Throwing breaks the instance.
    public var construct: @Sendable (_ context: isolated ObjectContext) async throws -> any DurableObject

    /// Describes a class.
    public init(
        name: String, hasAlarmHandler: Bool = true, storage: StorageBackend = .sqlite,
        construct: @escaping @Sendable (_ context: isolated ObjectContext) async throws -> any DurableObject
    ) {
        self.name = name
        self.hasAlarmHandler = hasAlarmHandler
        self.storage = storage
        self.construct = construct
    }
}

/// An HTTP-style request to an object.
public struct ObjectRequest: Sendable {
    /// HTTP method.
    public var method: String
    /// URL or path.
    public var url: String
    /// Headers in order.
    public var headers: [(String, String)]
    /// Body bytes.
    public var body: [UInt8]
    /// Makes a request.
    public init(method: String = "GET", url: String = "/", headers: [(String, String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// An HTTP-style response from an object.
public struct ObjectResponse: Sendable {
    /// HTTP status.
    public var status: Int
    /// Headers in order.
    public var headers: [(String, String)]
    /// Body bytes.
    public var body: [UInt8]
    /// For a 101 response: the client end of a WebSocket the object accepted.
    public var webSocket: ClientWebSocket?
    /// Makes a response.
    public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = [], webSocket: ClientWebSocket? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.webSocket = webSocket
    }
    /// A text response.
    public init(text: String, status: Int = 200) {
        self.init(status: status, headers: [("content-type", "text/plain")], body: Array(text.utf8))
    }
    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// What an `alarm` handler is told.
public struct AlarmInfo: Sendable, Hashable {
    /// The time the alarm was set for, in milliseconds since the epoch.
    public var scheduledTime: Int64
    /// Retries so far (0 on the first attempt).
    public var retryCount: Int
    /// Whether this is a retry.
    public var isRetry: Bool { retryCount > 0 }
}
