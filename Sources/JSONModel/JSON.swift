/// A JSON value: the one value type of do-architect's tools, schemas and MCP messages.
///
/// Numbers keep the distinction the wire makes: an integral literal (`5`, `5.0`, `1e3`) reads as ``int(_:)``,
/// anything else as ``double(_:)``; the two compare by value (`.int(5) == .double(5)`). Strings compare by their
/// UTF-8 bytes, not by Unicode canonical equivalence (storage keys and values are bytes, and JavaScript compares
/// strings by code units).
///
/// Objects keep their members in order (``JSONObject``): the runtime needs a Worker's insertion order back after
/// storage or RPC. Equality ignores that order, and ``JSONWriter`` writes keys sorted by default, so the same
/// value always has the same bytes.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object(JSONObject)

    /// The text of a string, or nil.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value of an integer, or nil (use ``integer`` to accept an integral double too).
    public var intValue: Int? {
        if case .int(let number) = self { return number }
        return nil
    }

    /// The value of a double, or nil (use ``number`` to accept an integer too).
    public var doubleValue: Double? {
        if case .double(let number) = self { return number }
        return nil
    }

    /// The value of a boolean, or nil.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The items of an array, or nil.
    public var arrayValue: [JSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The members of an object, or nil.
    public var objectValue: JSONObject? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The text of a string argument, or nil (same as ``stringValue``; kept for the tools' readability).
    public var text: String? { stringValue }

    /// The integer value of a numeric argument (`5` or `5.0`), or nil.
    public var integer: Int? {
        switch self {
        case .int(let number): return number
        case .double(let number) where number == number.rounded() && abs(number) < 9e15: return Int(number)
        default: return nil
        }
    }

    /// Any number as a `Double`, or nil.
    public var number: Double? {
        switch self {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return nil
        }
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member `key` of an object, or nil (also nil for a non-object).
    public subscript(key: String) -> JSON? {
        objectValue?[key]
    }
}

extension JSON: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    /// An object with the members in the order written; a repeated key keeps its last value at its first place.
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(JSONObject(uniqueKeysWithValues: elements))
    }
}

extension JSON {
    /// Equal values: numbers by value (an `.int` equals a `.double` of the same value), strings by UTF-8 bytes,
    /// arrays item by item, objects member by member in any order.
    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Int(exactly: b) == a
        case (.string(let a), .string(let b)): return JSONObject.same(a, b)
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let flag):
            hasher.combine(1)
            hasher.combine(flag)
        case .int(let number):
            hasher.combine(2)
            hasher.combine(number)
        case .double(let number):
            hasher.combine(2)
            if let exact = Int(exactly: number) { hasher.combine(exact) } else { hasher.combine(number) }
        case .string(let text):
            hasher.combine(3)
            JSONObject.hashBytes(of: text, into: &hasher)
        case .array(let items):
            hasher.combine(4)
            hasher.combine(items)
        case .object(let members):
            hasher.combine(5)
            hasher.combine(members)
        }
    }

    /// The compact text, as UTF-8 bytes, with the members of objects in their order (see
    /// ``JSONWriter/KeyOrder/asWritten``): the runtime's encoding of storage values, RPC and attachments.
    public var bytesAsWritten: [UInt8] { JSONWriter.encode(self, keyOrder: .asWritten) }

    /// The compact text with the members of objects in their order (see ``bytesAsWritten``).
    public var textAsWritten: String { JSONWriter.text(self, keyOrder: .asWritten) }

    /// This value with the `null` members of its objects (at any depth) left out: for a tool result, which never
    /// carries `null` where its schema expects a value. Items of arrays stay, `null` or not.
    public var droppingNullMembers: JSON {
        switch self {
        case .array(let items): return .array(items.map(\.droppingNullMembers))
        case .object(let members):
            return .object(members.filter { !$0.value.isNull }.mapValues(\.droppingNullMembers))
        default: return self
        }
    }
}

extension JSON: CustomStringConvertible {
    /// The value as compact JSON text with sorted keys.
    public var description: String { JSONWriter.text(self) }
}
