import Foundation

/// Decodes any `Decodable` straight from a ``JSON`` value, with no text in between.
///
/// Tools decode their arguments with it after the input schema accepted them. It follows Foundation's
/// `JSONDecoder`: an integer type accepts `5` and `5.0` but not `5.5` nor a value out of its range, a floating-point
/// type accepts any number, a missing key or `null` is nil for an optional, and a `URL` is read from a string.
public struct JSONValueDecoder: Sendable {
    public init() {}

    /// `T` read from `value`.
    /// - Throws: `DecodingError` saying where (the coding path) and what was expected.
    public func decode<T: Decodable>(_ type: T.Type = T.self, from value: JSON) throws -> T {
        try JSONValueDecoding.unbox(value, as: T.self, codingPath: [])
    }
}

enum JSONValueDecoding {
    static func unbox<T: Decodable>(_ value: JSON, as type: T.Type, codingPath: [any CodingKey]) throws -> T {
        if T.self == JSON.self { return value as! T }
        if T.self == String.self { return try string(value, codingPath) as! T }
        if T.self == Int.self { return try integer(value, Int.self, codingPath) as! T }
        if T.self == Double.self { return try double(value, codingPath) as! T }
        if T.self == Bool.self { return try bool(value, codingPath) as! T }
        if T.self == URL.self {
            let text = try string(value, codingPath)
            guard let url = URL(string: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\"\(text)\" is not a URL."))
            }
            return url as! T
        }
        return try T(from: ValueDecoder(value: value, codingPath: codingPath))
    }

    static func mismatch(_ expected: Any.Type, _ value: JSON, _ codingPath: [any CodingKey]) -> DecodingError {
        .typeMismatch(expected, .init(codingPath: codingPath, debugDescription: "Expected \(expected), found \(value)."))
    }

    static func string(_ value: JSON, _ codingPath: [any CodingKey]) throws -> String {
        guard case .string(let text) = value else { throw mismatch(String.self, value, codingPath) }
        return text
    }

    static func bool(_ value: JSON, _ codingPath: [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self, value, codingPath) }
        return flag
    }

    static func double(_ value: JSON, _ codingPath: [any CodingKey]) throws -> Double {
        guard let number = value.number else { throw mismatch(Double.self, value, codingPath) }
        return number
    }

    static func integer<T: FixedWidthInteger>(_ value: JSON, _ type: T.Type, _ codingPath: [any CodingKey]) throws -> T {
        switch value {
        case .int(let number):
            if let exact = T(exactly: number) { return exact }
        case .double(let number):
            if let exact = T(exactly: number) { return exact }
        default:
            throw mismatch(T.self, value, codingPath)
        }
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(value) does not fit in \(T.self)."))
    }

    struct ValueDecoder: Decoder {
        let value: JSON
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard case .object(let members) = value else { throw mismatch(JSONObject.self, value, codingPath) }
            return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard case .array(let items) = value else { throw mismatch([JSON].self, value, codingPath) }
            return UnkeyedContainer(items: items, codingPath: codingPath)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            SingleContainer(value: value, codingPath: codingPath)
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: JSONObject
        let codingPath: [any CodingKey]

        var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

        private func member(_ key: Key) throws -> JSON {
            guard let value = members[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No member \"\(key.stringValue)\"."))
            }
            return value
        }

        func decodeNil(forKey key: Key) throws -> Bool { try member(key).isNull }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try bool(member(key), codingPath + [key]) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try string(member(key), codingPath + [key]) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try double(member(key), codingPath + [key]) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try double(member(key), codingPath + [key])) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(member(key), type, codingPath + [key]) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(member(key), type, codingPath + [key]) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(member(key), type, codingPath + [key]) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(member(key), type, codingPath + [key]) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(member(key), type, codingPath + [key]) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(member(key), type, codingPath + [key]) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(member(key), type, codingPath + [key]) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(member(key), type, codingPath + [key]) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(member(key), type, codingPath + [key]) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(member(key), type, codingPath + [key]) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try unbox(member(key), as: T.self, codingPath: codingPath + [key])
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try ValueDecoder(value: member(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try ValueDecoder(value: member(key), codingPath: codingPath + [key]).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            ValueDecoder(value: members["super"] ?? .null, codingPath: codingPath)
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            ValueDecoder(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key])
        }
    }

    struct UnkeyedContainer: UnkeyedDecodingContainer {
        let items: [JSON]
        let codingPath: [any CodingKey]
        private(set) var currentIndex = 0

        init(items: [JSON], codingPath: [any CodingKey]) {
            self.items = items
            self.codingPath = codingPath
        }

        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        private mutating func next<T>(_ read: (JSON, [any CodingKey]) throws -> T) throws -> T {
            let path = codingPath + [IndexKey(currentIndex)]
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(T.self, .init(codingPath: path, debugDescription: "The array has only \(items.count) items."))
            }
            let value = try read(items[currentIndex], path)
            currentIndex += 1
            return value
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, items[currentIndex].isNull else { return false }
            currentIndex += 1
            return true
        }
        mutating func decode(_ type: Bool.Type) throws -> Bool { try next(bool) }
        mutating func decode(_ type: String.Type) throws -> String { try next(string) }
        mutating func decode(_ type: Double.Type) throws -> Double { try next(double) }
        mutating func decode(_ type: Float.Type) throws -> Float { Float(try next(double)) }
        mutating func decode(_ type: Int.Type) throws -> Int { try next { try integer($0, type, $1) } }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try next { try integer($0, type, $1) } }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try next { try integer($0, type, $1) } }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try next { try integer($0, type, $1) } }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try next { try integer($0, type, $1) } }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try next { try integer($0, type, $1) } }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next { try integer($0, type, $1) } }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next { try integer($0, type, $1) } }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next { try integer($0, type, $1) } }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next { try integer($0, type, $1) } }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try next { try unbox($0, as: T.self, codingPath: $1) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try next { try ValueDecoder(value: $0, codingPath: $1).container(keyedBy: type) }
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try next { try ValueDecoder(value: $0, codingPath: $1).unkeyedContainer() }
        }

        mutating func superDecoder() throws -> any Decoder {
            try next { ValueDecoder(value: $0, codingPath: $1) }
        }
    }

    struct SingleContainer: SingleValueDecodingContainer {
        let value: JSON
        let codingPath: [any CodingKey]

        func decodeNil() -> Bool { value.isNull }
        func decode(_ type: Bool.Type) throws -> Bool { try bool(value, codingPath) }
        func decode(_ type: String.Type) throws -> String { try string(value, codingPath) }
        func decode(_ type: Double.Type) throws -> Double { try double(value, codingPath) }
        func decode(_ type: Float.Type) throws -> Float { Float(try double(value, codingPath)) }
        func decode(_ type: Int.Type) throws -> Int { try integer(value, type, codingPath) }
        func decode(_ type: Int8.Type) throws -> Int8 { try integer(value, type, codingPath) }
        func decode(_ type: Int16.Type) throws -> Int16 { try integer(value, type, codingPath) }
        func decode(_ type: Int32.Type) throws -> Int32 { try integer(value, type, codingPath) }
        func decode(_ type: Int64.Type) throws -> Int64 { try integer(value, type, codingPath) }
        func decode(_ type: UInt.Type) throws -> UInt { try integer(value, type, codingPath) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(value, type, codingPath) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(value, type, codingPath) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(value, type, codingPath) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(value, type, codingPath) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try unbox(value, as: T.self, codingPath: codingPath) }
    }
}
