import DurableObjects
import Foundation
import JSONModel

/// `CHAT_ROOM`: a room whose members are hibernatable WebSockets.
///
/// Joining is an HTTP-style upgrade (`fetch /join?user=…` answered with status 101 and the client end); the
/// object accepts the server end with `acceptWebSocket` (tagged with the user, the user in the attachment),
/// so the room can be evicted while members stay connected and each message wakes it. Messages are kept in a
/// bounded SQL history and broadcast to every socket; a send that fails closes that socket and the
/// broadcast goes on (`Broadcast`).
final class ChatRoom: DurableObject {
    /// Messages kept in the history table.
    static let historyLimit = 100

    func fetch(_ request: ObjectRequest, context: isolated ObjectContext) async throws -> ObjectResponse {
        guard request.url.hasPrefix("/join") else { return ObjectResponse(text: "not found", status: 404) }
        let encoded = request.url.split(separator: "=", maxSplits: 1).dropFirst().first.map(String.init) ?? "anonymous"
        let user = encoded.removingPercentEncoding ?? encoded
        let pair = WebSocketPair()
        try context.acceptWebSocket(pair.server, tags: [String(user.prefix(256))])
        try pair.server.serializeAttachment(["user": .string(user)])
        return ObjectResponse(status: 101, webSocket: pair.client)
    }

    func webSocketMessage(_ socket: ServerWebSocket, _ message: WebSocketMessage, context: isolated ObjectContext)
        async throws
    {
        guard case .text(let text) = message else { return }
        let user = socket.deserializeAttachment()?["user"]?.stringValue ?? "anonymous"
        _ = try post(user: user, text: text, context: context)
    }

    func call(_ method: String, _ args: JSON, context: isolated ObjectContext) async throws -> JSON {
        let a = Arguments(args)
        switch method {
        case "post":
            let report = try post(user: try a.string("user"), text: try a.string("text"), context: context)
            return ["delivered": .number(Double(report.delivered)), "failed": .number(Double(report.failed))]
        case "members":
            let sockets = context.getWebSockets()
            let users = sockets.compactMap { $0.deserializeAttachment()?["user"]?.stringValue }
            return ["members": .array(users.map { .string($0) }), "connections": .number(Double(sockets.count))]
        case "history":
            let limit = try a.int("limit", default: 20)
            let rows = try context.storage.sql.exec(
                "SELECT user, text, at FROM messages ORDER BY id DESC LIMIT ?", .integer(Int64(limit))
            ).raw()
            return [
                "messages": .array(
                    rows.reversed().map { ["user": .string($0[0].text), "text": .string($0[1].text), "at": $0[2].json] })
            ]
        default:
            throw DurableObjectError(.notFound, "ChatRoom has no method \"\(method)\".")
        }
    }

    /// Stores the message in the history and sends it to every member.
    private func post(user: String, text: String, context: isolated ObjectContext) throws -> Broadcast.Report {
        let now = context.clock.nowMilliseconds
        let sql = context.storage.sql
        try sql.exec("INSERT INTO messages (user, text, at) VALUES (?, ?, ?)", .text(user), .text(text), .integer(now))
        try sql.exec(
            "DELETE FROM messages WHERE id <= (SELECT max(id) FROM messages) - ?", .integer(Int64(Self.historyLimit)))
        let frame = (["from": .string(user), "text": .string(text), "at": .int(Int(now))] as JSON).textAsWritten
        return Broadcast.send(frame, to: context.getWebSockets()) { socket, frame in
            socket.send(.text(frame))
        }
    }

    static let objectClass = DurableObjectClass(name: "ChatRoom", hasAlarmHandler: false) { context in
        _ = try await context.blockConcurrencyWhile {
            try context.storage.sql.exec(
                "CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, user TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL)")
        }
        return ChatRoom()
    }

    static let pattern = PatternClass(
        binding: "CHAT_ROOM", objectClass: objectClass,
        summary: "A chat room per room id: members connect by WebSocket and every message is broadcast to all of them.",
        implementation: """
            WebSocket Hibernation API: `join` upgrades (status 101) and the object calls `acceptWebSocket` with \
            the user as tag and attachment, so connections survive eviction and no duration is billed while the \
            room is idle. Messages (from a socket or `post`) go to a 100-message SQL history, then to every \
            socket from `getWebSockets()`; a failed send closes that socket (1011) and the broadcast continues. \
            `join`, `send`, `poll` and `leave` act on the caller's end of the connection, held by this server.
            """,
        methods: [
            MethodSpec(
                "join", "Opens a WebSocket to the room as `user`; returns the connection id for send, poll and leave.",
                arguments: Schema.object(["user": Schema.string("Display name.", minLength: 1, maxLength: 256)], required: ["user"]),
                result: Schema.object(["connection": Schema.string("Connection id.")], required: ["connection"]),
                transport: .webSocketClient),
            MethodSpec(
                "send", "Sends a text frame on a connection; the room broadcasts it to every member (the sender too).",
                arguments: Schema.object(
                    [
                        "connection": Schema.string("Connection id from join.", minLength: 1),
                        "text": Schema.string("Message text.", maxLength: 65_536),
                    ], required: ["connection", "text"]),
                result: Schema.object(["sent": Schema.boolean("True once the room has handled the frame.")], required: ["sent"]),
                transport: .webSocketClient),
            MethodSpec(
                "poll", "Frames the connection received since the last poll.",
                arguments: Schema.object(["connection": Schema.string("Connection id from join.", minLength: 1)], required: ["connection"]),
                result: Schema.object(
                    [
                        "messages": Schema.array(Schema.any("A broadcast frame: {from, text, at}."), "Received frames, oldest first."),
                        "closed": Schema.boolean("Whether the connection is closed."),
                    ], required: ["messages", "closed"]),
                transport: .webSocketClient),
            MethodSpec(
                "leave", "Closes the connection (close code 1000).",
                arguments: Schema.object(["connection": Schema.string("Connection id from join.", minLength: 1)], required: ["connection"]),
                result: Schema.object(["left": Schema.boolean("Whether the connection was open.")], required: ["left"]),
                transport: .webSocketClient),
            MethodSpec(
                "post", "Broadcasts a message from the server side (no connection needed).",
                arguments: Schema.object(
                    [
                        "user": Schema.string("Sender name.", minLength: 1, maxLength: 256),
                        "text": Schema.string("Message text.", maxLength: 65_536),
                    ], required: ["user", "text"]),
                result: Schema.object(
                    [
                        "delivered": Schema.integer("Members the frame was sent to."),
                        "failed": Schema.integer("Members whose send failed (their sockets were closed)."),
                    ], required: ["delivered", "failed"])),
            MethodSpec(
                "members", "Users connected to the room.",
                result: Schema.object(
                    [
                        "members": Schema.array(Schema.string("User."), "Users, one per connection."),
                        "connections": Schema.integer("Open connections."),
                    ], required: ["members", "connections"])),
            MethodSpec(
                "history", "The last messages (at most 100 are kept).",
                arguments: Schema.object(["limit": Schema.integer("How many.", minimum: 1, maximum: 100, default: 20)]),
                result: Schema.object(
                    ["messages": Schema.array(Schema.any("{user, text, at}"), "Oldest first.")], required: ["messages"])),
        ],
        defaultWorkloadMethod: "post", defaultWorkloadArguments: ["user": "load", "text": "hello"],
        makePlan: { method, _ in method == "post" ? ChatPlan() as any WorkloadPlan : UncheckedPlan() })
}

/// Broadcast that survives failed sends: every recipient is tried; one that fails is closed and counted.
enum Broadcast {
    /// What a broadcast did.
    struct Report: Sendable, Hashable {
        var delivered = 0
        var failed = 0
    }

    /// Sends `frame` to each socket; a throwing send closes that socket with 1011 and the loop continues.
    static func send(
        _ frame: String, to sockets: [ServerWebSocket], using send: (ServerWebSocket, String) throws -> Void
    ) -> Report {
        var report = Report()
        for socket in sockets {
            do {
                try send(socket, frame)
                report.delivered += 1
            } catch {
                report.failed += 1
                socket.close(code: 1011, reason: "send failed")
            }
        }
        return report
    }
}

/// Joins two listeners per room before the run and checks that each received every acknowledged post.
final class ChatPlan: WorkloadPlan {
    private let state = Locked<(listeners: [Int: [String]], posts: [Int: Int])>(([:], [:]))

    func prepare(_ target: WorkloadTarget) async throws {
        var listeners: [Int: [String]] = [:]
        for i in target.touched {
            for n in 0..<2 {
                let r = try await target.patterns.invoke(
                    namespace: target.namespace.binding, object: .name(target.names[i]), method: "join",
                    args: ["user": .string("listener-\(n)")])
                if let c = r.result["connection"]?.stringValue { listeners[i, default: []].append(c) }
            }
        }
        state.withLock { $0.listeners = listeners }
    }

    func record(object: Int, arguments: JSON, result: JSON?) {
        guard result != nil else { return }
        state.withLock { $0.posts[object, default: 0] += 1 }
    }

    func verify(_ target: WorkloadTarget) async -> [WorkloadCheck] {
        let (listeners, posts) = state.withLock { ($0.listeners, $0.posts) }
        var wrong: [String] = []
        var received = 0
        for (i, connections) in listeners {
            for c in connections {
                let messages = (try? target.patterns.poll(connection: c).count) ?? -1
                received += max(0, messages)
                if messages != posts[i, default: 0] {
                    wrong.append("\(target.names[i]): a listener got \(messages) of \(posts[i, default: 0])")
                }
                _ = try? await target.patterns.leave(connection: c)
            }
        }
        return [
            WorkloadCheck(
                "broadcast_complete", wrong.isEmpty,
                wrong.isEmpty
                    ? "\(listeners.values.map(\.count).reduce(0, +)) listeners received all \(received) frames"
                    : "\(wrong.count) listeners missed frames: \(wrong.prefix(5).joined(separator: "; "))")
        ]
    }
}
