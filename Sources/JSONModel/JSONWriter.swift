/// Writes ``JSON`` as compact UTF-8 text: keys sorted (or as written, see ``KeyOrder``), `/` not escaped,
/// non-finite numbers as `null`.
///
/// Also writes raw pieces (a string's escaped form, bytes already encoded), so that a response can embed a
/// result encoded once without encoding it again.
public struct JSONWriter: Sendable {
    /// The order in which the members of an object are written.
    public enum KeyOrder: Sendable {
        /// Keys sorted: the same value always has the same bytes (MCP messages, tool results, golden files).
        case sorted
        /// Keys in the order of the object (``JSONObject``): the runtime, where a Worker's insertion order must
        /// survive storage, RPC and WebSocket attachments.
        case asWritten
    }

    /// The bytes written so far.
    public private(set) var bytes: [UInt8]
    /// The order in which the members of objects are written.
    public var keyOrder: KeyOrder

    public init(capacity: Int = 256, keyOrder: KeyOrder = .sorted) {
        bytes = []
        bytes.reserveCapacity(capacity)
        self.keyOrder = keyOrder
    }

    /// The compact text of one value, as UTF-8 bytes.
    public static func encode(_ value: JSON, keyOrder: KeyOrder = .sorted) -> [UInt8] {
        var writer = JSONWriter(capacity: 64, keyOrder: keyOrder)
        writer.write(value)
        return writer.bytes
    }

    /// The compact text of one value.
    public static func text(_ value: JSON, keyOrder: KeyOrder = .sorted) -> String {
        String(decoding: encode(value, keyOrder: keyOrder), as: UTF8.self)
    }

    /// Appends one value.
    public mutating func write(_ value: JSON) {
        switch value {
        case .null: raw("null")
        case .bool(let flag): raw(flag ? "true" : "false")
        case .int(let number): raw(String(number))
        case .double(let number): write(number)
        case .string(let text): write(string: text)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            writeMembers(members)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Appends the members of an object without its braces, in ``keyOrder``.
    private mutating func writeMembers(_ members: JSONObject) {
        switch keyOrder {
        case .sorted where members.count > 1:
            for (position, member) in members.sortedByKey.enumerated() { write(member: member, first: position == 0) }
        case .sorted, .asWritten:
            for (position, member) in members.enumerated() { write(member: member, first: position == 0) }
        }
    }

    private mutating func write(member: JSONObject.Element, first: Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        write(string: member.key)
        bytes.append(UInt8(ascii: ":"))
        write(member.value)
    }

    /// Appends a number: integral values within ±2^53 without a fraction (as JavaScript writes them), non-finite
    /// ones as `null` (as `JSON.stringify` does).
    public mutating func write(_ number: Double) {
        guard number.isFinite else { return raw("null") }
        if number == number.rounded(), abs(number) <= 9_007_199_254_740_992 { return raw(String(Int(number))) }
        raw(String(number))
    }

    /// Appends a string literal, quoted and escaped.
    public mutating func write(string text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { appendEscaped($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends UTF-8 bytes as a quoted, escaped string literal (e.g. an encoded result as the text of a block).
    public mutating func write(stringBytes utf8: some Collection<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        if utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) == nil {
            Array(utf8).withUnsafeBufferPointer { appendEscaped($0) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends text as it is (it must already be JSON).
    public mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends bytes as they are (they must already be JSON).
    public mutating func raw(bytes more: some Sequence<UInt8>) {
        bytes.append(contentsOf: more)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            runStart = index + 1
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            default:
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
    }
}

extension JSONWriter {
    /// Appends the members of an object without its braces (`"a":1,"b":2`), in ``keyOrder``; nothing for a
    /// non-object or an empty one. For a writer that adds more members around them.
    public mutating func write(members object: JSON) {
        guard case .object(let members) = object else { return }
        writeMembers(members)
    }
}
