/// A JSON value: the one value type of do-architect's tools, schemas and MCP messages.
///
/// Numbers keep the distinction the wire makes: an integral literal (`5`, `5.0`, `1e3`) reads as ``int(_:)``,
/// anything else as ``double(_:)``. Objects are unordered; ``JSONWriter`` writes their keys sorted, so the same
/// value always has the same bytes.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

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
    public var objectValue: [String: JSON]? {
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
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
}

extension JSON: CustomStringConvertible {
    /// The value as compact JSON text with sorted keys.
    public var description: String { String(decoding: JSONWriter.encode(self), as: UTF8.self) }
}
