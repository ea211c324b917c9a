import DurableObjects
import JSONModel

/// The caller's ends of chat WebSockets opened through `join`, by connection id.
///
/// They live in memory only: a restarted server has no open connections (as after a network drop).
final class ChatConnections: Sendable {
    struct Entry: Sendable {
        var namespace: String
        var object: DurableObjectId
        var client: ClientWebSocket
    }
    private let table = Locked<[String: Entry]>([:])

    func add(_ entry: Entry) -> String {
        let id = "ws-\(entry.client.id)"
        table.withLock { $0[id] = entry }
        return id
    }

    func get(_ id: String) throws -> Entry {
        guard let e = table.withLock({ $0[id] }) else {
            let open = table.withLock { $0.keys.sorted() }
            throw PatternError(
                .unknownConnection,
                "No open connection \"\(id)\"."
                    + (open.isEmpty ? " None is open: call join first." : " Open: \(open.prefix(20).joined(separator: ", ")).")
            )
        }
        return e
    }

    func remove(_ id: String) { table.withLock { $0[id] = nil } }

    func removeAll(of object: DurableObjectId) {
        table.withLock { table in table = table.filter { entry in entry.value.object != object } }
    }

    func removeAll(namespace: String) {
        table.withLock { table in table = table.filter { entry in entry.value.namespace != namespace } }
    }

    var count: Int { table.withLock { $0.count } }
}

extension PatternRuntime {
    /// The chat methods that act on the caller's end of a connection.
    func clientMethod(_ method: String, _ args: JSON, stub: DurableObjectStub) async throws -> JSON {
        switch method {
        case "join":
            let user = args["user"]?.stringValue ?? "anonymous"
            let encoded = user.addingPercentEncodingForQuery()
            let response = try await stub.fetch(ObjectRequest(method: "GET", url: "/join?user=\(encoded)", headers: [("upgrade", "websocket")]))
            guard response.status == 101, let client = response.webSocket else {
                throw DurableObjectError(.webSocket, "The room refused the connection (status \(response.status)).")
            }
            let id = connections.add(.init(namespace: stub.namespace.binding, object: stub.id, client: client))
            return ["connection": .string(id)]
        case "send":
            let id = args["connection"]?.stringValue ?? ""
            let entry = try connection(id, of: stub)
            try await entry.client.send(args["text"]?.stringValue ?? "")
            return ["sent": true]
        case "poll":
            let id = args["connection"]?.stringValue ?? ""
            _ = try connection(id, of: stub)
            let closed = try connectionClosed(id)
            return ["messages": .array(try poll(connection: id)), "closed": .bool(closed)]
        case "leave":
            let id = args["connection"]?.stringValue ?? ""
            _ = try connection(id, of: stub)
            return ["left": .bool(try await leave(connection: id))]
        default:
            throw PatternError(.unknownMethod, "\(method) is not a client-side method.")
        }
    }

    private func connection(_ id: String, of stub: DurableObjectStub) throws -> ChatConnections.Entry {
        let entry = try connections.get(id)
        guard entry.object == stub.id else {
            throw PatternError(.unknownConnection, "Connection \"\(id)\" belongs to another room.")
        }
        return entry
    }

    private func connectionClosed(_ id: String) throws -> Bool { try connections.get(id).client.isClosed }

    /// Frames received on a connection since the last poll, parsed as JSON when they are JSON.
    package func poll(connection id: String) throws -> [JSON] {
        let entry = try connections.get(id)
        return entry.client.drainReceived().map { message in
            switch message {
            case .text(let text): return (try? JSON(parsing: text)) ?? .string(text)
            case .binary(let bytes): return .array(bytes.map { .number(Double($0)) })
            }
        }
    }

    /// Closes a connection (code 1000). Returns whether it was open.
    @discardableResult
    package func leave(connection id: String) async throws -> Bool {
        let entry = try connections.get(id)
        connections.remove(id)
        guard !entry.client.isClosed else { return false }
        try await entry.client.close(code: 1000, reason: "left")
        return true
    }

    /// Open chat connections held for callers.
    package var openConnections: Int { connections.count }
}

extension String {
    fileprivate func addingPercentEncodingForQuery() -> String {
        var out = ""
        for b in utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }

    fileprivate func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
