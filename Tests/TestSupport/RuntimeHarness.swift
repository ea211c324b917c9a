import DurableObjects
import Foundation
import JSONModel

/// A temporary data directory removed at the end of a test.
public func withTemporaryDirectory<R>(_ body: (URL) async throws -> R) async rethrows -> R {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("do-test-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try await body(dir)
}

/// Runs `body` with a runtime whose `run()` loop is going, on a manual clock, in a temporary directory.
public func withRuntime<R: Sendable>(
    clock: ManualClock = ManualClock(),
    configure: (inout RuntimeConfiguration) -> Void = { _ in },
    dataDirectory: URL? = nil,
    _ body: @escaping @Sendable (DurableObjectsRuntime, ManualClock) async throws -> R
) async throws -> R {
    let dir = dataDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("do-test-\(UUID().uuidString)")
    defer { if dataDirectory == nil { try? FileManager.default.removeItem(at: dir) } }
    var config = RuntimeConfiguration(dataDirectory: dir)
    config.clock = clock
    configure(&config)
    let runtime = try DurableObjectsRuntime(configuration: config)
    return try await withThrowingTaskGroup(of: R?.self) { group in
        group.addTask {
            await runtime.run()
            return nil
        }
        group.addTask { try await body(runtime, clock) }
        defer { group.cancelAll() }
        while let r = try await group.next() {
            if let r {
                group.cancelAll()
                await runtime.shutdown()
                return r
            }
        }
        fatalError("unreachable")
    }
}

/// Polls `condition` (real time, up to `timeout`) until it holds. The default bound is for a saturated machine (CI
/// runs every suite at once on two cores, where a step that takes milliseconds alone took seconds), not a timing
/// expectation: a condition that holds returns at once, so only a failing test waits it out.
public func eventually(
    timeout: Duration = .seconds(30), _ condition: @Sendable () async throws -> Bool
) async rethrows -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + timeout
    while clock.now < end {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return try await condition()
}

/// An object whose behaviour is a closure: `handler(method, args, context, self)`. It keeps in-memory state
/// in `memory`, so tests can observe eviction.
public final class ScriptedObject: DurableObject {
    public typealias Handler = @Sendable (String, JSON, isolated ObjectContext, ScriptedObject) async throws -> JSON
    public typealias AlarmHandler = @Sendable (AlarmInfo, isolated ObjectContext, ScriptedObject) async throws -> Void
    public typealias SocketHandler = @Sendable (ServerWebSocket, WebSocketMessage, isolated ObjectContext, ScriptedObject) async throws -> Void
    public typealias CloseHandler = @Sendable (ServerWebSocket, Int, String, Bool, isolated ObjectContext, ScriptedObject) async throws -> Void

    public var memory: JSONObject = [:]
    let handler: Handler
    let onAlarm: AlarmHandler?
    let onMessage: SocketHandler?
    let onClose: CloseHandler?

    public init(handler: @escaping Handler, onAlarm: AlarmHandler? = nil, onMessage: SocketHandler? = nil, onClose: CloseHandler? = nil) {
        self.handler = handler
        self.onAlarm = onAlarm
        self.onMessage = onMessage
        self.onClose = onClose
    }

    public func call(_ method: String, _ args: JSON, context: isolated ObjectContext) async throws -> JSON {
        try await handler(method, args, context, self)
    }

    public func fetch(_ request: ObjectRequest, context: isolated ObjectContext) async throws -> ObjectResponse {
        let r = try await handler("fetch:" + request.url, .string(request.text), context, self)
        return ObjectResponse(text: r.stringValue ?? r.textAsWritten)
    }

    public func alarm(_ info: AlarmInfo, context: isolated ObjectContext) async throws {
        guard let onAlarm else { throw DurableObjectError.thrown("no alarm handler") }
        try await onAlarm(info, context, self)
    }

    public func webSocketMessage(_ socket: ServerWebSocket, _ message: WebSocketMessage, context: isolated ObjectContext) async throws {
        try await onMessage?(socket, message, context, self)
    }

    public func webSocketClose(_ socket: ServerWebSocket, code: Int, reason: String, wasClean: Bool, context: isolated ObjectContext) async throws {
        try await onClose?(socket, code, reason, wasClean, context, self)
    }

    /// A class whose instances run `handler`.
    public static func objectClass(
        _ name: String = "Scripted", hasAlarmHandler: Bool = true, storage: StorageBackend = .sqlite,
        constructor: (@Sendable (isolated ObjectContext) async throws -> Void)? = nil,
        onAlarm: AlarmHandler? = nil, onMessage: SocketHandler? = nil, onClose: CloseHandler? = nil,
        handler: @escaping Handler
    ) -> DurableObjectClass {
        DurableObjectClass(name: name, hasAlarmHandler: hasAlarmHandler, storage: storage) { ctx in
            try await constructor?(ctx)
            return ScriptedObject(handler: handler, onAlarm: onAlarm, onMessage: onMessage, onClose: onClose)
        }
    }
}

/// A thread-safe event log for tests.
public final class EventLog: @unchecked Sendable {
    private let lock = NSLockBox()
    private var items: [String] = []
    public init() {}
    public func append(_ s: String) { lock.with { items.append(s) } }
    public var entries: [String] { lock.with { items } }
}
