import DurableObjects
import Foundation
import JSONModel

// The typed arguments and results of the WebSocket client tools. Each result's keys are those of
// `Schemas/<tool>.output.json` (`OutputKeysTests` checks them); defaults live in the input schemas only.

extension WebSocketTools {
    /// One frame as the tools write it: a string for a text frame, `{base64}` for a binary one (`sendWebSocket`'s
    /// `data`, `receiveWebSocket`'s `messages`).
    struct Frame: Codable {
        var message: WebSocketMessage

        init(_ message: WebSocketMessage) { self.message = message }

        private enum CodingKeys: String, CodingKey { case base64 }

        /// - Throws: ``ToolError`` when `base64` is not base64.
        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                message = .text(text)
                return
            }
            let encoded = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .base64)
            guard let bytes = Data(base64Encoded: encoded) else { throw ToolError("data.base64 must be base64 (RFC 4648) bytes.") }
            message = .binary(Array(bytes))
        }

        func encode(to encoder: any Encoder) throws {
            switch message {
            case .text(let text):
                var container = encoder.singleValueContainer()
                try container.encode(text)
            case .binary(let bytes):
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(Data(bytes).base64EncodedString(), forKey: .base64)
            }
        }
    }

    /// The arguments of `openWebSocket`: `url` through the Worker, or `namespace` with `name` or `id` straight to an
    /// object.
    struct OpenArguments: Decodable {
        var url: String?
        var headers: [String: String]?
        var namespace: String?
        var name: String?
        var id: String?
    }

    /// The result of `openWebSocket`.
    struct Opened: Encodable {
        var socket: String
        /// The namespace and id of the object that accepted the socket.
        var namespace: String
        var id: String
        /// The 101 response's headers.
        var headers: [String: String]
    }

    /// The arguments of `sendWebSocket`.
    struct SendArguments: Decodable {
        var socket: String
        var data: Frame
    }

    /// The result of `sendWebSocket`.
    struct Sent: Encodable {
        var socket: String
        var sent: Bool
        var durationMs: Double
    }

    /// The arguments of `receiveWebSocket`.
    struct ReceiveArguments: Decodable {
        var socket: String
        var max: Int
        var waitMs: Int
    }

    /// The result of `receiveWebSocket`.
    struct Received: Encodable {
        struct Closed: Encodable {
            var code: Int
            var reason: String
        }

        var socket: String
        /// Oldest first.
        var messages: [Frame]
        /// Once the server closed the socket and every frame was taken.
        var closed: Closed?
        /// Frames dropped from the full buffer since the last receive; absent when none were.
        var dropped: Int?
    }

    /// The arguments of `closeWebSocket`.
    struct CloseArguments: Decodable {
        var socket: String
        var code: Int
        var reason: String
    }

    /// The result of `closeWebSocket`.
    struct Closed: Encodable {
        var socket: String
        var wasOpen: Bool
    }
}
