import Foundation
import MCP

/// Checks every inbound line before the SDK sees it, and answers protocol errors itself.
///
/// swift-sdk 0.12.1 answers an unreadable line with a random id, reports malformed requests as parse errors and
/// bad params as internal errors, and fails `initialize` when `capabilities.experimental` holds objects
/// (`../shared/reference/mcp-notes.md` §2.2, D3–D6, D10). This gate applies JSON-RPC 2.0 and MCP rules first:
///
/// | input | answer |
/// | --- | --- |
/// | not JSON | -32700, `id: null` |
/// | an array (batch), a non-object, a bad envelope | -32600, with the id when it is readable, else `null` |
/// | a request whose params break the method's shape | -32602 (the ``RequestPreflight`` decides) |
/// | a notification with a bad shape | nothing (notifications are never answered) |
///
/// Everything else is forwarded, `initialize` with its `experimental` capability values rewritten as JSON text.
struct InboundGate: Sendable {
    enum Action: Equatable {
        /// Pass the line to the SDK; `request` is set when it is a request that must be answered.
        case forward(Data, request: RequestKey?)
        /// Write this response ourselves.
        case reply(Data)
        /// A `notifications/cancelled` for this id: forward the line, and expect no response.
        case cancel(Data, request: RequestKey?)
        /// Say nothing.
        case drop
    }

    private struct Envelope: Decodable {
        var jsonrpc: Value?
        var id: Value?
        var method: Value?
        var params: Value?
        var result: Value?
        var error: Value?
        var hasID: Bool

        enum CodingKeys: String, CodingKey { case jsonrpc, id, method, params, result, error }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            hasID = container.contains(.id)
            jsonrpc = try container.decodeIfPresent(Value.self, forKey: .jsonrpc)
            id = hasID ? try container.decode(Value.self, forKey: .id) : nil
            method = try container.decodeIfPresent(Value.self, forKey: .method)
            params = try container.decodeIfPresent(Value.self, forKey: .params)
            result = try container.decodeIfPresent(Value.self, forKey: .result)
            error = try container.decodeIfPresent(Value.self, forKey: .error)
        }
    }

    let preflight: RequestPreflight

    func classify(_ line: Data) -> Action {
        guard let first = line.first(where: { $0 != 0x20 && $0 != 0x09 }) else { return .drop }
        if first == 0x5B {
            guard (try? JSONSerialization.jsonObject(with: line, options: [.fragmentsAllowed])) != nil else {
                return .reply(Self.errorResponse(id: nil, code: -32700, message: "Parse error: the line is not valid JSON."))
            }
            return .reply(Self.errorResponse(
                id: nil, code: -32600,
                message: "Invalid Request: batches (JSON arrays) are not supported by MCP 2025-06-18 and later; send one message per line."))
        }
        guard first == 0x7B else {
            if (try? JSONSerialization.jsonObject(with: line, options: [.fragmentsAllowed])) == nil {
                return .reply(Self.errorResponse(id: nil, code: -32700, message: "Parse error: the line is not valid JSON."))
            }
            return .reply(Self.errorResponse(id: nil, code: -32600, message: "Invalid Request: a JSON-RPC message must be a JSON object."))
        }
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: line)
        } catch {
            if (try? JSONSerialization.jsonObject(with: line, options: [])) == nil {
                return .reply(Self.errorResponse(id: nil, code: -32700, message: "Parse error: the line is not valid JSON."))
            }
            return .reply(Self.errorResponse(id: nil, code: -32600, message: "Invalid Request: the message could not be read as JSON-RPC 2.0."))
        }

        let key = envelope.id.flatMap(RequestKey.init)
        let idIsValid = !envelope.hasID || key != nil
        guard case .string("2.0")? = envelope.jsonrpc else {
            if envelope.method != nil, !envelope.hasID { return .drop }
            return .reply(Self.errorResponse(id: key, code: -32600, message: "Invalid Request: `jsonrpc` must be \"2.0\"."))
        }

        guard let methodValue = envelope.method else {
            // A response to a request we sent (e.g. roots/list).
            if envelope.hasID, idIsValid, (envelope.result != nil) != (envelope.error != nil) {
                return .forward(line, request: nil)
            }
            return .reply(Self.errorResponse(id: key, code: -32600, message: "Invalid Request: a message needs a `method` (request or notification) or a `result`/`error` (response)."))
        }
        guard case .string(let method) = methodValue, !method.isEmpty else {
            return envelope.hasID
                ? .reply(Self.errorResponse(id: key, code: -32600, message: "Invalid Request: `method` must be a non-empty string."))
                : .drop
        }

        if !envelope.hasID {
            // A notification: never answered, even when malformed.
            if let params = envelope.params, params.objectValue == nil { return .drop }
            if method == "notifications/cancelled" {
                let cancelled = envelope.params?.objectValue?["requestId"].flatMap(RequestKey.init)
                return .cancel(line, request: cancelled)
            }
            return .forward(line, request: nil)
        }
        guard let key else {
            return .reply(Self.errorResponse(id: nil, code: -32600, message: "Invalid Request: `id` must be a string or an integer (not null, a fraction, a boolean, an array or an object)."))
        }

        var params: [String: Value]?
        if let value = envelope.params, value != .null {
            guard case .object(let object) = value else {
                return .reply(Self.errorResponse(id: key, code: -32602, message: "Invalid params: `params` must be an object."))
            }
            params = object
        }
        switch preflight.check(method: method, params: params) {
        case .accept:
            return .forward(line, request: key)
        case .rewrite(let newParams):
            return .forward(Self.rewrite(line, params: newParams) ?? line, request: key)
        case .refuse(let code, let message, let data):
            return .reply(Self.errorResponse(id: key, code: code, message: message, data: data))
        }
    }

    /// The same message with `params` replaced.
    static func rewrite(_ line: Data, params: [String: Value]) -> Data? {
        guard var object = try? JSONDecoder().decode([String: Value].self, from: line) else { return nil }
        object["params"] = .object(params)
        return try? Self.encoder.encode(object)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A JSON-RPC error response; `id: null` when the request's id could not be read.
    static func errorResponse(id: RequestKey?, code: Int, message: String, data: Value? = nil) -> Data {
        var error: [String: Value] = ["code": .int(code), "message": .string(message)]
        if let data { error["data"] = data }
        let response: [String: Value] = ["jsonrpc": "2.0", "id": id?.json ?? .null, "error": .object(error)]
        return (try? encoder.encode(response)) ?? Data(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"Internal error"}}"#.utf8)
    }
}
