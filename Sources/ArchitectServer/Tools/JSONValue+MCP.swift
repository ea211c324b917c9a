import DurableObjects
import MCP

extension JSONValue {
    /// The runtime's JSON value for an MCP value (data URLs stay strings).
    init(_ value: MCP.Value) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .number(Double(number))
        case .double(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .data: self = .string(value.text ?? "")
        case .array(let items): self = .array(items.map(JSONValue.init))
        case .object(let members): self = .object(members.sorted { $0.key < $1.key }.map { ($0.key, JSONValue($0.value)) })
        }
    }
}

extension MCP.Value {
    /// The MCP value of a runtime JSON value; integral numbers become integers. `null` members of objects are
    /// dropped, since tool results never carry `null` where a schema expects a value.
    init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let number):
            self = number.isFinite && number == number.rounded() && abs(number) < 9e15 ? .int(Int(number)) : .double(number)
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(MCP.Value.init))
        case .object(let members):
            var object: [String: MCP.Value] = [:]
            for (key, member) in members where member != .null { object[key] = MCP.Value(member) }
            self = .object(object)
        }
    }
}
