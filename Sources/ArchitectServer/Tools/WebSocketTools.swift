import DurableObjects
import Foundation
import JSHost
import JSONModel

/// WebSocket clients as tools: open a socket through the loaded Worker (as production clients connect) or straight
/// to an object, send frames, read what the object sent, close. The sockets are `WorkerHost.sockets`.
enum WebSocketTools {
    static func all(host: WorkerHost?) -> [ToolSpec] {
        [openWebSocket(host), sendWebSocket(host), receiveWebSocket(host), closeWebSocket(host)]
    }

    private static let annotations = ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false)

    static func openWebSocket(_ host: WorkerHost?) -> ToolSpec {
        ToolSpec(
            name: "openWebSocket", title: "Open a WebSocket",
            description: """
                Open a WebSocket client. With url (and headers), an upgrade request goes through the loaded Worker's \
                fetch handler, the way production clients connect; with namespace and name (or id), it goes straight \
                to that object's fetch (url is then the path it sees, default "/"), for the Worker's classes and for \
                built-in classes that accept sockets (CHAT_ROOM joins with url "/join?user=NAME"). Returns the socket \
                id for sendWebSocket, receiveWebSocket and closeWebSocket, and the object that accepted it. At most \
                \(host?.sockets.maxOpen ?? 256) sockets are open at once. \(RuntimeTools.provenance)
                """,
            annotations: annotations,
            run: { arguments, _ in
                let host = try WorkerTools.require(host)
                var headers: [String: String]?
                if case .object(let given)? = arguments["headers"] { headers = given.mapValues { $0.text ?? "" } }
                let opened: WorkerHost.OpenedSocket
                if let namespace = arguments["namespace"]?.text {
                    guard (arguments["name"] == nil) != (arguments["id"] == nil) else {
                        throw ToolError("Give exactly one of name and id with namespace.")
                    }
                    opened = try await host.openWebSocket(
                        namespace: namespace, name: arguments["name"]?.text, id: arguments["id"]?.text,
                        url: arguments["url"]?.text, headers: headers)
                } else {
                    guard let url = arguments["url"]?.text else {
                        throw ToolError("Give url (an upgrade request through the loaded Worker) or namespace with name or id (straight to an object).")
                    }
                    guard arguments["name"] == nil, arguments["id"] == nil else { throw ToolError("name and id need namespace.") }
                    opened = try await host.openWebSocket(url: url, headers: headers)
                }
                return .object([
                    "socket": .string(opened.socket), "namespace": .string(opened.target.namespace), "id": .string(opened.target.id),
                    "headers": .object(opened.headers.mapValues { .string($0) }),
                ])
            })
    }

    static func sendWebSocket(_ host: WorkerHost?) -> ToolSpec {
        ToolSpec(
            name: "sendWebSocket", title: "Send on a WebSocket",
            description: """
                Send one frame on a socket from openWebSocket: data as a string (a text frame) or {base64} (a binary \
                frame). Returns once the object handled it (webSocketMessage, or its message listeners) or the \
                runtime answered it with the auto-response without waking the object; an exception in the handler \
                comes back as an error with its stack. \(RuntimeTools.provenance)
                """,
            annotations: annotations,
            run: { arguments, _ in
                let host = try WorkerTools.require(host)
                let socket = arguments["socket"]?.text ?? ""
                let message: WebSocketMessage
                switch arguments["data"] {
                case .string(let text)?: message = .text(text)
                case .object(let members)?:
                    guard let encoded = members["base64"]?.text, let bytes = Data(base64Encoded: encoded) else {
                        throw ToolError("data.base64 must be base64 (RFC 4648) bytes.")
                    }
                    message = .binary(Array(bytes))
                default: throw ToolError("data is a string (text frame) or {base64} (binary frame).")
                }
                let start = ContinuousClock.now
                try await host.sockets.send(socket, message)
                let elapsed = ContinuousClock.now - start
                return .object([
                    "socket": .string(socket), "sent": true,
                    "durationMs": .double(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15),
                ])
            })
    }

    static func receiveWebSocket(_ host: WorkerHost?) -> ToolSpec {
        ToolSpec(
            name: "receiveWebSocket", title: "Receive from a WebSocket",
            description: """
                Take the frames the object sent on a socket from openWebSocket, oldest first (text as strings, binary \
                as {base64}): at most max (default 100), waiting up to waitMs (default 0) for the first when none is \
                buffered. closed {code, reason} appears once the server closed the socket (or its object was reset) \
                and every frame was taken; the socket is then forgotten. Each socket buffers at most \
                \(host?.sockets.maxBuffered ?? 1000) frames; older ones are dropped and counted in dropped. \
                \(RuntimeTools.provenance)
                """,
            annotations: annotations,
            run: { arguments, _ in
                let host = try WorkerTools.require(host)
                let socket = arguments["socket"]?.text ?? ""
                let received = try await host.sockets.receive(
                    socket, max: arguments["max"]?.integer ?? 100, wait: .milliseconds(arguments["waitMs"]?.integer ?? 0))
                var output: [String: JSON] = [
                    "socket": .string(socket),
                    "messages": .array(received.messages.map { message in
                        switch message {
                        case .text(let text): return .string(text)
                        case .binary(let bytes): return .object(["base64": .string(Data(bytes).base64EncodedString())])
                        }
                    }),
                ]
                if let closed = received.closed { output["closed"] = .object(["code": .int(closed.code), "reason": .string(closed.reason)]) }
                if received.dropped > 0 { output["dropped"] = .int(received.dropped) }
                return .object(output)
            })
    }

    static func closeWebSocket(_ host: WorkerHost?) -> ToolSpec {
        ToolSpec(
            name: "closeWebSocket", title: "Close a WebSocket",
            description: """
                Close a socket from openWebSocket with a close frame (code default 1000, reason default empty): the \
                object's webSocketClose handler (or close listeners) runs with wasClean true. The socket is then \
                forgotten. \(RuntimeTools.provenance)
                """,
            annotations: annotations,
            run: { arguments, _ in
                let host = try WorkerTools.require(host)
                let socket = arguments["socket"]?.text ?? ""
                if let code = arguments["code"]?.integer, code != 1000, !(3000...4999).contains(code) {
                    throw ToolError("code must be 1000 or 3000-4999 (1001-2999 are reserved for the protocol); got \(code).")
                }
                let wasOpen = try await host.sockets.close(
                    socket, code: arguments["code"]?.integer ?? 1000, reason: arguments["reason"]?.text ?? "")
                return .object(["socket": .string(socket), "wasOpen": .bool(wasOpen)])
            })
    }
}
