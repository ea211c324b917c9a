import JSONModel

/// A JSON-RPC error: the answer to a request that cannot be served (bad message, method, params or resource).
///
/// Tool failures are not protocol errors: they are results with `isError: true` (see ``ToolResult``).
package struct ProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    package var code: Int
    package var message: String
    package var data: JSON?

    package init(code: Int, message: String, data: JSON? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    package var description: String { "\(code): \(message)" }

    /// -32700: the line is not JSON.
    package static func parseError(_ message: String = "Parse error: the line is not valid JSON.") -> ProtocolError {
        ProtocolError(code: -32700, message: message)
    }

    /// -32600: the message is not a valid JSON-RPC request.
    package static func invalidRequest(_ message: String) -> ProtocolError {
        ProtocolError(code: -32600, message: "Invalid Request: " + message)
    }

    /// -32601: no such method.
    package static func methodNotFound(_ method: String) -> ProtocolError {
        ProtocolError(code: -32601, message: "Method not found: \(method).")
    }

    /// -32602: the params are wrong.
    package static func invalidParams(_ message: String, data: JSON? = nil) -> ProtocolError {
        ProtocolError(code: -32602, message: "Invalid params: " + message, data: data)
    }

    /// -32603: the server failed.
    package static func internalError(_ message: String) -> ProtocolError {
        ProtocolError(code: -32603, message: "Internal error: " + message)
    }

    /// The error object of a response.
    package var json: JSON {
        var members: JSONObject = ["code": .int(code), "message": .string(message)]
        if let data { members["data"] = data }
        return .object(members)
    }

    /// Reads a JSON-RPC error object (from a client's response).
    init(json: JSON) {
        self.init(
            code: json["code"]?.integer ?? -32603, message: json["message"]?.stringValue ?? "error without a message",
            data: json["data"])
    }
}
