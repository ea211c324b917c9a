import DurableObjects
import JSONModel

extension JSONValue {
    /// The runtime's JSON value for a tool's JSON value.
    package init(_ value: JSON) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .number(Double(number))
        case .double(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(JSONValue.init))
        case .object(let members): self = .object(members.map { ($0.key, JSONValue($0.value)) })
        }
    }
}

extension JSON {
    /// The tool JSON of a runtime value; integral numbers become integers. `null` members of objects are
    /// dropped, since tool results never carry `null` where a schema expects a value.
    package init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(JSON.init))
        case .object(let members):
            var object = JSONObject()
            for (key, member) in members where member != .null { object[key] = JSON(member) }
            self = .object(object)
        }
    }
}
