import Foundation

/// Encodes any `Encodable` straight into a ``JSON`` value, with no text in between.
///
/// The one encoder of tool results: the tool returns `JSONWriter.encode(JSONValueEncoder().encode(result))` and the
/// command line's `--json` prints the same bytes, so the two cannot differ. It follows Foundation's `JSONEncoder`
/// where a choice exists: optional nils are omitted (never `null`), integral doubles are written as integers, a
/// `URL` is its absolute string, `Data` is base 64, a `Date` is seconds since 2001-01-01. Non-finite numbers are
/// refused (`EncodingError.invalidValue`), as Foundation refuses them.
public struct JSONValueEncoder: Sendable {
    public init() {}

    /// The JSON value of `value`.
    /// - Throws: `EncodingError.invalidValue` for a non-finite number, or whatever the value's `encode(to:)` throws.
    public func encode<T: Encodable>(_ value: T) throws -> JSON {
        try JSONValueEncoding.box(value, codingPath: [])
    }

    /// The compact JSON text of `value`, keys sorted, as ``JSONWriter`` writes it: the bytes a tool result has on
    /// the wire, and what the command line's `--json` prints.
    public func encodeText<T: Encodable>(_ value: T) throws -> String {
        String(decoding: JSONWriter.encode(try encode(value)), as: UTF8.self)
    }
}

/// The building blocks of ``JSONValueEncoder``: a value under construction is a tree of `Node`s, made into
/// ``JSON`` once the top-level `encode(to:)` returns (nested containers may still be written until then).
enum JSONValueEncoding {
    /// A member or item: a finished value, or a nested container still being filled.
    enum Slot {
        case value(JSON)
        case node(Node)

        var json: JSON {
            switch self {
            case .value(let value): return value
            case .node(let node): return node.json
            }
        }
    }

    /// One container under construction (a class: nested containers write into it after it was handed out).
    final class Node {
        enum Content {
            case empty
            case single(JSON)
            case keyed([String: Slot])
            case unkeyed([Slot])
        }

        var content: Content = .empty

        var json: JSON {
            switch content {
            case .empty: return .object([:])
            case .single(let value): return value
            case .keyed(let members): return .object(JSONObject(members.mapValues(\.json)))
            case .unkeyed(let items): return .array(items.map(\.json))
            }
        }

        func keyed() -> [String: Slot] {
            if case .keyed(let members) = content { return members }
            return [:]
        }

        func unkeyed() -> [Slot] {
            if case .unkeyed(let items) = content { return items }
            return []
        }
    }

    /// The value of one `Encodable`: the common leaf types directly, anything else through its `encode(to:)`.
    static func box<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> JSON {
        // Metatype comparisons, not `as?` casts: this runs for every nested value, and a failed cast to a
        // Foundation type costs a conformance lookup each time.
        if T.self == JSON.self { return value as! JSON }
        if T.self == String.self { return .string(value as! String) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == Int.self { return .int(value as! Int) }
        if T.self == Double.self { return try double(value as! Double, codingPath) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == Date.self { return try double((value as! Date).timeIntervalSinceReferenceDate, codingPath) }
        let node = Node()
        try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
        return node.json
    }

    static func double(_ number: Double, _ codingPath: [any CodingKey]) throws -> JSON {
        guard number.isFinite else {
            throw EncodingError.invalidValue(number, .init(codingPath: codingPath, debugDescription: "\(number) is not a JSON number."))
        }
        return JSON.number(number)
    }

    static func integer<T: BinaryInteger>(_ number: T) -> JSON {
        if let exact = Int(exactly: number) { return .int(exact) }
        return .double(Double(number))
    }

    static func float(_ number: Float, _ codingPath: [any CodingKey]) throws -> JSON {
        // The shortest text of the Float, so that 0.1 stays 0.1 and does not become 0.10000000149011612.
        try double(Double(number.description) ?? Double(number), codingPath)
    }

    struct NodeEncoder: Encoder {
        let node: Node
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .keyed = node.content {} else { node.content = .keyed([:]) }
            return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .unkeyed = node.content {} else { node.content = .unkeyed([]) }
            return UnkeyedContainer(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            SingleContainer(node: node, codingPath: codingPath)
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        let codingPath: [any CodingKey]

        private func set(_ slot: Slot, _ key: Key) {
            var members = node.keyed()
            node.content = .empty  // keeps the dictionary uniquely referenced while it changes
            members[key.stringValue] = slot
            node.content = .keyed(members)
        }

        mutating func encodeNil(forKey key: Key) throws { set(.value(.null), key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { set(.value(.bool(value)), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { set(.value(.string(value)), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { set(.value(try double(value, codingPath + [key])), key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { set(.value(try float(value, codingPath + [key])), key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { set(.value(.int(value)), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { set(.value(integer(value)), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { set(.value(integer(value)), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { set(.value(integer(value)), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { set(.value(integer(value)), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { set(.value(integer(value)), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.value(integer(value)), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.value(integer(value)), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.value(integer(value)), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.value(integer(value)), key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            set(.value(try box(value, codingPath: codingPath + [key])), key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let child = Node()
            child.content = .keyed([:])
            set(.node(child), key)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = Node()
            child.content = .unkeyed([])
            set(.node(child), key)
            return UnkeyedContainer(node: child, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder {
            superEncoder(forKey: Key(stringValue: "super")!)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let child = Node()
            set(.node(child), key)
            return NodeEncoder(node: child, codingPath: codingPath + [key])
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]
        var count: Int { node.unkeyed().count }

        private var nextKey: any CodingKey { IndexKey(count) }

        private func append(_ slot: Slot) {
            var items = node.unkeyed()
            node.content = .empty
            items.append(slot)
            node.content = .unkeyed(items)
        }

        mutating func encodeNil() throws { append(.value(.null)) }
        mutating func encode(_ value: Bool) throws { append(.value(.bool(value))) }
        mutating func encode(_ value: String) throws { append(.value(.string(value))) }
        mutating func encode(_ value: Double) throws { append(.value(try double(value, codingPath + [nextKey]))) }
        mutating func encode(_ value: Float) throws { append(.value(try float(value, codingPath + [nextKey]))) }
        mutating func encode(_ value: Int) throws { append(.value(.int(value))) }
        mutating func encode(_ value: Int8) throws { append(.value(integer(value))) }
        mutating func encode(_ value: Int16) throws { append(.value(integer(value))) }
        mutating func encode(_ value: Int32) throws { append(.value(integer(value))) }
        mutating func encode(_ value: Int64) throws { append(.value(integer(value))) }
        mutating func encode(_ value: UInt) throws { append(.value(integer(value))) }
        mutating func encode(_ value: UInt8) throws { append(.value(integer(value))) }
        mutating func encode(_ value: UInt16) throws { append(.value(integer(value))) }
        mutating func encode(_ value: UInt32) throws { append(.value(integer(value))) }
        mutating func encode(_ value: UInt64) throws { append(.value(integer(value))) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            append(.value(try box(value, codingPath: codingPath + [nextKey])))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let child = Node()
            child.content = .keyed([:])
            let path = codingPath + [nextKey]
            append(.node(child))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: path))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = Node()
            child.content = .unkeyed([])
            let path = codingPath + [nextKey]
            append(.node(child))
            return UnkeyedContainer(node: child, codingPath: path)
        }

        mutating func superEncoder() -> any Encoder {
            let child = Node()
            let path = codingPath + [nextKey]
            append(.node(child))
            return NodeEncoder(node: child, codingPath: path)
        }
    }

    struct SingleContainer: SingleValueEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]

        private func set(_ value: JSON) { node.content = .single(value) }

        mutating func encodeNil() throws { set(.null) }
        mutating func encode(_ value: Bool) throws { set(.bool(value)) }
        mutating func encode(_ value: String) throws { set(.string(value)) }
        mutating func encode(_ value: Double) throws { set(try double(value, codingPath)) }
        mutating func encode(_ value: Float) throws { set(try float(value, codingPath)) }
        mutating func encode(_ value: Int) throws { set(.int(value)) }
        mutating func encode(_ value: Int8) throws { set(integer(value)) }
        mutating func encode(_ value: Int16) throws { set(integer(value)) }
        mutating func encode(_ value: Int32) throws { set(integer(value)) }
        mutating func encode(_ value: Int64) throws { set(integer(value)) }
        mutating func encode(_ value: UInt) throws { set(integer(value)) }
        mutating func encode(_ value: UInt8) throws { set(integer(value)) }
        mutating func encode(_ value: UInt16) throws { set(integer(value)) }
        mutating func encode(_ value: UInt32) throws { set(integer(value)) }
        mutating func encode(_ value: UInt64) throws { set(integer(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { set(try box(value, codingPath: codingPath)) }
    }
}

/// The coding key of an array item (its index).
struct IndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(_ index: Int) {
        intValue = index
        stringValue = "[\(index)]"
    }
    init?(intValue: Int) { self.init(intValue) }
    init?(stringValue: String) { return nil }
}
