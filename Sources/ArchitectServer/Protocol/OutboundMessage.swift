import JSONModel

/// The bytes of the messages this server writes, each encoded once (no trailing newline).
package enum OutboundMessage {
    /// A result response whose `result` is written by `body`.
    package static func result(id: RequestKey, body: (inout JSONWriter) -> Void) -> [UInt8] {
        var writer = JSONWriter(capacity: 512)
        writer.raw("{\"id\":")
        writer.write(id.json)
        writer.raw(",\"jsonrpc\":\"2.0\",\"result\":")
        body(&writer)
        writer.raw("}")
        return writer.bytes
    }

    /// A result response.
    package static func result(id: RequestKey, _ result: JSON) -> [UInt8] {
        self.result(id: id) { $0.write(result) }
    }

    /// An error response; without `id` when the request's id could not be read.
    package static func error(id: RequestKey?, _ error: ProtocolError) -> [UInt8] {
        var members: JSONObject = ["jsonrpc": "2.0", "error": error.json]
        if let id { members["id"] = id.json }
        return JSONWriter.encode(.object(members))
    }

    /// A notification.
    package static func notification(_ method: String, _ params: JSON) -> [UInt8] {
        JSONWriter.encode(["jsonrpc": "2.0", "method": .string(method), "params": params])
    }

    /// A request from this server to the client.
    package static func request(id: RequestKey, _ method: String, _ params: JSON) -> [UInt8] {
        JSONWriter.encode(["jsonrpc": "2.0", "id": id.json, "method": .string(method), "params": params])
    }
}
