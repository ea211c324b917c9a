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
            run: { raw, _ in
                let arguments = try ToolSpec.decode(OpenArguments.self, raw, tool: "openWebSocket")
                let host = try WorkerTools.require(host)
                let opened: WorkerHost.OpenedSocket
                if let namespace = arguments.namespace {
                    guard (arguments.name == nil) != (arguments.id == nil) else {
                        throw ToolError("Give exactly one of name and id with namespace.")
                    }
                    opened = try await host.openWebSocket(
                        namespace: namespace, name: arguments.name, id: arguments.id, url: arguments.url, headers: arguments.headers)
                } else {
                    guard let url = arguments.url else {
                        throw ToolError("Give url (an upgrade request through the loaded Worker) or namespace with name or id (straight to an object).")
                    }
                    guard arguments.name == nil, arguments.id == nil else { throw ToolError("name and id need namespace.") }
                    opened = try await host.openWebSocket(url: url, headers: arguments.headers)
                }
                return try ToolSpec.encode(Opened(
                    socket: opened.socket, namespace: opened.target.namespace, id: opened.target.id, headers: opened.headers))
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
            run: { raw, _ in
                let arguments = try ToolSpec.decode(SendArguments.self, raw, tool: "sendWebSocket")
                let host = try WorkerTools.require(host)
                let start = ContinuousClock.now
                try await host.sockets.send(arguments.socket, arguments.data.message)
                let elapsed = ContinuousClock.now - start
                return try ToolSpec.encode(Sent(
                    socket: arguments.socket, sent: true,
                    durationMs: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15))
            })
    }

    static func receiveWebSocket(_ host: WorkerHost?) -> ToolSpec {
        ToolSpec(
            name: "receiveWebSocket", title: "Receive from a WebSocket",
            description: """
                Take the frames the object sent on a socket from openWebSocket, oldest first (text as strings, binary \
                as {base64}): at most max (default \(SchemaCatalog.inputDefault("receiveWebSocket", "max"))), waiting up to \
                waitMs (default \(SchemaCatalog.inputDefault("receiveWebSocket", "waitMs"))) for the first when none is \
                buffered. closed {code, reason} appears once the server closed the socket (or its object was reset) \
                and every frame was taken; the socket is then forgotten. Each socket buffers at most \
                \(host?.sockets.maxBuffered ?? 1000) frames; older ones are dropped and counted in dropped. \
                \(RuntimeTools.provenance)
                """,
            annotations: annotations,
            run: { raw, _ in
                let arguments = try ToolSpec.decode(ReceiveArguments.self, raw, tool: "receiveWebSocket")
                let host = try WorkerTools.require(host)
                let received = try await host.sockets.receive(arguments.socket, max: arguments.max, wait: .milliseconds(arguments.waitMs))
                return try ToolSpec.encode(Received(
                    socket: arguments.socket, messages: received.messages.map(Frame.init),
                    closed: received.closed.map { Received.Closed(code: $0.code, reason: $0.reason) },
                    dropped: received.dropped > 0 ? received.dropped : nil))
            })
    }

    static func closeWebSocket(_ host: WorkerHost?) -> ToolSpec {
        ToolSpec(
            name: "closeWebSocket", title: "Close a WebSocket",
            description: """
                Close a socket from openWebSocket with a close frame (code default \
                \(SchemaCatalog.inputDefault("closeWebSocket", "code")), reason default empty): the \
                object's webSocketClose handler (or close listeners) runs with wasClean true. The socket is then \
                forgotten. \(RuntimeTools.provenance)
                """,
            annotations: annotations,
            run: { raw, _ in
                let arguments = try ToolSpec.decode(CloseArguments.self, raw, tool: "closeWebSocket")
                let host = try WorkerTools.require(host)
                // The schema bounds the code (1000-4999); codes below 3000 other than 1000 are the protocol's.
                guard arguments.code == 1000 || arguments.code >= 3000 else {
                    throw ToolError("code must be 1000 or 3000-4999 (1001-2999 are reserved for the protocol); got \(arguments.code).")
                }
                let wasOpen = try await host.sockets.close(arguments.socket, code: arguments.code, reason: arguments.reason)
                return try ToolSpec.encode(Closed(socket: arguments.socket, wasOpen: wasOpen))
            })
    }
}
