import DurableObjects

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
    package var arguments: JSONValue
    /// JSON Schema of the result.
    package var result: JSONValue
    /// How it is delivered.
    package var transport: Transport

    /// Makes a method description.
    package init(
        _ name: String, _ description: String, arguments: JSONValue = Schema.object([:]), result: JSONValue,
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
        _ properties: KeyValuePairs<String, JSONValue>, required: [String] = [], description: String? = nil
    ) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", "object")]
        if let description { members.append(("description", .string(description))) }
        members.append(("properties", .object(properties.map { ($0.key, $0.value) })))
        if !required.isEmpty { members.append(("required", .array(required.map { .string($0) }))) }
        members.append(("additionalProperties", false))
        return .object(members)
    }

    /// A string schema.
    package static func string(_ description: String, minLength: Int? = nil, maxLength: Int? = nil, enum values: [String]? = nil) -> JSONValue {
        var m: [(String, JSONValue)] = [("type", "string"), ("description", .string(description))]
        if let minLength { m.append(("minLength", .number(Double(minLength)))) }
        if let maxLength { m.append(("maxLength", .number(Double(maxLength)))) }
        if let values { m.append(("enum", .array(values.map { .string($0) }))) }
        return .object(m)
    }

    /// An integer schema.
    package static func integer(_ description: String, minimum: Int? = nil, maximum: Int? = nil, default value: Int? = nil) -> JSONValue {
        var m: [(String, JSONValue)] = [("type", "integer"), ("description", .string(description))]
        if let minimum { m.append(("minimum", .number(Double(minimum)))) }
        if let maximum { m.append(("maximum", .number(Double(maximum)))) }
        if let value { m.append(("default", .number(Double(value)))) }
        return .object(m)
    }

    /// A number schema.
    package static func number(_ description: String, minimum: Double? = nil, maximum: Double? = nil) -> JSONValue {
        var m: [(String, JSONValue)] = [("type", "number"), ("description", .string(description))]
        if let minimum { m.append(("minimum", .number(minimum))) }
        if let maximum { m.append(("maximum", .number(maximum))) }
        return .object(m)
    }

    /// A boolean schema.
    package static func boolean(_ description: String, default value: Bool? = nil) -> JSONValue {
        var m: [(String, JSONValue)] = [("type", "boolean"), ("description", .string(description))]
        if let value { m.append(("default", .bool(value))) }
        return .object(m)
    }

    /// An array schema.
    package static func array(_ items: JSONValue, _ description: String, maxItems: Int? = nil) -> JSONValue {
        var m: [(String, JSONValue)] = [("type", "array"), ("description", .string(description)), ("items", items)]
        if let maxItems { m.append(("maxItems", .number(Double(maxItems)))) }
        return .object(m)
    }

    /// Any JSON value, described.
    package static func any(_ description: String) -> JSONValue { ["description": .string(description)] }

    /// A nullable value (`type: [t, "null"]`).
    package static func nullable(_ schema: JSONValue) -> JSONValue {
        guard case .object(var m) = schema, let i = m.firstIndex(where: { $0.0 == "type" }), let t = m[i].1.stringValue
        else { return schema }
        m[i].1 = [.string(t), "null"]
        return .object(m)
    }
}
