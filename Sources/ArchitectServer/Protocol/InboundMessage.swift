import JSONModel

/// One message from the client, read once from its line and typed by what it is.
package enum InboundMessage: Sendable {
    /// A request: it must be answered (unless cancelled).
    case request(InboundRequest)
    /// A notification: never answered.
    case notification(method: String, params: JSONObject)
    /// The client's answer to a request this server sent (e.g. `roots/list`).
    case response(id: RequestKey, outcome: Result<JSON, ProtocolError>)
}

/// A request from the client: id, method and params (an empty object when absent).
package struct InboundRequest: Sendable {
    package var id: RequestKey
    package var method: String
    package var params: JSONObject

    package init(id: RequestKey, method: String, params: JSONObject = [:]) {
        self.id = id
        self.method = method
        self.params = params
    }

    /// `params._meta`, if any.
    package var meta: JSONObject? { params["_meta"]?.objectValue }
}
