import DurableObjects
import JSONModel

/// One method of a built-in class: its arguments as JSON Schema and the shape of its result.
package struct MethodSpec: Sendable {
    /// How a method reaches the object.
    package enum Transport: String, Sendable {
        /// An RPC call (`stub.call`).
        case rpc
        /// A WebSocket operation performed by the pattern runtime on the caller's end of a connection
        /// (chat `join`, `send`, `poll`, `leave`).
        case webSocketClient
    }

    /// The method name.
    package var name: String
    /// What it does.
    package var description: String
    /// JSON Schema of the arguments (an object schema; the subset used in `Schemas/`).
    package var arguments: JSON
    /// JSON Schema of the result.
    package var result: JSON
    /// How it is delivered.
    package var transport: Transport

    /// Makes a method description.
    package init(
        _ name: String, _ description: String, arguments: JSON = Schema.object([:]), result: JSON,
        transport: Transport = .rpc
    ) {
        self.name = name
        self.description = description
        self.arguments = arguments
        self.result = result
        self.transport = transport
    }
}

/// Builders for the JSON Schema subset of the catalog.
package enum Schema {
    /// `{"type":"object","properties":…,"required":…,"additionalProperties":false}` with properties in the
    /// order given.
    package static func object(
        _ properties: KeyValuePairs<String, JSON>, required: [String] = [], description: String? = nil
    ) -> JSON {
        var members: JSONObject = ["type": "object"]
        if let description { members["description"] = .string(description) }
        members["properties"] = .object(JSONObject(properties.map { ($0.key, $0.value) }))
        if !required.isEmpty { members["required"] = .array(required.map { .string($0) }) }
        members["additionalProperties"] = false
        return .object(members)
    }

    /// A string schema.
    package static func string(_ description: String, minLength: Int? = nil, maxLength: Int? = nil, enum values: [String]? = nil) -> JSON {
        var m: JSONObject = ["type": "string", "description": .string(description)]
        if let minLength { m["minLength"] = .int(minLength) }
        if let maxLength { m["maxLength"] = .int(maxLength) }
        if let values { m["enum"] = .array(values.map { .string($0) }) }
        return .object(m)
    }

    /// An integer schema.
    package static func integer(_ description: String, minimum: Int? = nil, maximum: Int? = nil, default value: Int? = nil) -> JSON {
        var m: JSONObject = ["type": "integer", "description": .string(description)]
        if let minimum { m["minimum"] = .int(minimum) }
        if let maximum { m["maximum"] = .int(maximum) }
        if let value { m["default"] = .int(value) }
        return .object(m)
    }

    /// A number schema.
    package static func number(_ description: String, minimum: Double? = nil, maximum: Double? = nil) -> JSON {
        var m: JSONObject = ["type": "number", "description": .string(description)]
        if let minimum { m["minimum"] = .number(minimum) }
        if let maximum { m["maximum"] = .number(maximum) }
        return .object(m)
    }

    /// A boolean schema.
    package static func boolean(_ description: String, default value: Bool? = nil) -> JSON {
        var m: JSONObject = ["type": "boolean", "description": .string(description)]
        if let value { m["default"] = .bool(value) }
        return .object(m)
    }

    /// An array schema.
    package static func array(_ items: JSON, _ description: String, maxItems: Int? = nil) -> JSON {
        var m: JSONObject = ["type": "array", "description": .string(description), "items": items]
        if let maxItems { m["maxItems"] = .int(maxItems) }
        return .object(m)
    }

    /// Any JSON value, described.
    package static func any(_ description: String) -> JSON { ["description": .string(description)] }

    /// A nullable value (`type: [t, "null"]`).
    package static func nullable(_ schema: JSON) -> JSON {
        guard case .object(var m) = schema, let t = m["type"]?.stringValue else { return schema }
        m["type"] = [.string(t), "null"]
        return .object(m)
    }
}
