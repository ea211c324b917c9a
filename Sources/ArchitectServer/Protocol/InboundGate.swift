import JSONModel

/// Reads each inbound line once into an ``InboundMessage``, or answers it with the protocol error it deserves.
///
/// The rules of JSON-RPC 2.0 and MCP, before any method is looked at:
///
/// | input | answer |
/// | --- | --- |
/// | not JSON | -32700, no `id` |
/// | an array (batch), a non-object, a bad envelope | -32600, with the id when it is readable, else no `id` |
/// | a notification with a bad shape | nothing (notifications are never answered) |
///
/// An error response whose request id cannot be read carries no `id` at all: the MCP schemas type the id of an
/// error response as an optional string or integer, never null.
package struct InboundGate: Sendable {
    package enum Action: Sendable {
        /// A message to act on.
        case deliver(InboundMessage)
        /// Write this response (a protocol error) and do nothing else.
        case reply([UInt8])
        /// Say nothing.
        case drop
    }

    package init() {}

    /// Classifies one line (without its newline).
    package func classify<Bytes: Collection<UInt8>>(_ line: Bytes) -> Action {
        let value: JSON
        do {
            value = try JSONReader.read(line)
        } catch {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .drop }
            return reply(nil, .parseError())
        }
        switch value {
        case .object(let members):
            return classify(members)
        case .array:
            return reply(nil, .invalidRequest("batches (JSON arrays) are not supported by MCP 2025-06-18 and later; send one message per line."))
        default:
            return reply(nil, .invalidRequest("a JSON-RPC message must be a JSON object."))
        }
    }

    private func classify(_ message: JSONObject) -> Action {
        let hasID = message["id"] != nil
        let key = message["id"].flatMap(RequestKey.init)
        guard message["jsonrpc"] == .string("2.0") else {
            if message["method"] != nil, !hasID { return .drop }
            return reply(key, .invalidRequest("`jsonrpc` must be \"2.0\"."))
        }
        guard let methodValue = message["method"] else {
            // A response to a request we sent.
            if let key {
                if let result = message["result"], message["error"] == nil {
                    return .deliver(.response(id: key, outcome: .success(result)))
                }
                if let error = message["error"], error.objectValue != nil, message["result"] == nil {
                    return .deliver(.response(id: key, outcome: .failure(ProtocolError(json: error))))
                }
            }
            return reply(key, .invalidRequest("a message needs a `method` (request or notification) or a `result`/`error` (response)."))
        }
        guard case .string(let method) = methodValue, !method.isEmpty else {
            return hasID ? reply(key, .invalidRequest("`method` must be a non-empty string.")) : .drop
        }
        let params = message["params"] ?? .null
        guard !hasID else {
            guard let key else {
                return reply(nil, .invalidRequest("`id` must be a string or an integer (not null, a fraction, a boolean, an array or an object)."))
            }
            switch params {
            case .object(let object): return .deliver(.request(InboundRequest(id: key, method: method, params: object)))
            case .null: return .deliver(.request(InboundRequest(id: key, method: method)))
            default: return reply(key, .invalidParams("`params` must be an object."))
            }
        }
        // A notification: never answered, even when malformed.
        switch params {
        case .object(let object): return .deliver(.notification(method: method, params: object))
        case .null: return .deliver(.notification(method: method, params: [:]))
        default: return .drop
        }
    }

    private func reply(_ id: RequestKey?, _ error: ProtocolError) -> Action {
        .reply(OutboundMessage.error(id: id, error))
    }
}
