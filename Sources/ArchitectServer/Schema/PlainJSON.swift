import Foundation
import MCP

/// A small JSON reader for our own schema files, straight to `Value`.
///
/// Foundation's `JSONDecoder` into MCP's `Value` tries each type in turn (each miss a thrown error) and sniffs
/// every string for a data URL; on the schemas that was a fifth of the start-up time. This reader is one pass
/// over the bytes. It accepts standard JSON only and reports the byte offset of the first error.
enum PlainJSON {
    struct SyntaxError: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "invalid JSON at byte \(offset)" }
    }

    static func decode(_ data: Data) throws -> Value {
        let bytes = [UInt8](data)
        var position = 0
        let value = try parseValue(bytes, &position, depth: 0)
        skipSpace(bytes, &position)
        guard position == bytes.count else { throw SyntaxError(offset: position) }
        return value
    }

    private static func skipSpace(_ b: [UInt8], _ i: inout Int) {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private static func parseValue(_ b: [UInt8], _ i: inout Int, depth: Int) throws -> Value {
        skipSpace(b, &i)
        guard i < b.count, depth < 256 else { throw SyntaxError(offset: i) }
        switch b[i] {
        case 0x7B:  // {
            i += 1
            var members: [String: Value] = [:]
            skipSpace(b, &i)
            if i < b.count, b[i] == 0x7D { i += 1; return .object(members) }
            while true {
                skipSpace(b, &i)
                guard i < b.count, b[i] == 0x22 else { throw SyntaxError(offset: i) }
                let key = try parseString(b, &i)
                skipSpace(b, &i)
                guard i < b.count, b[i] == 0x3A else { throw SyntaxError(offset: i) }
                i += 1
                members[key] = try parseValue(b, &i, depth: depth + 1)
                skipSpace(b, &i)
                guard i < b.count else { throw SyntaxError(offset: i) }
                if b[i] == 0x2C { i += 1; continue }
                if b[i] == 0x7D { i += 1; return .object(members) }
                throw SyntaxError(offset: i)
            }
        case 0x5B:  // [
            i += 1
            var items: [Value] = []
            skipSpace(b, &i)
            if i < b.count, b[i] == 0x5D { i += 1; return .array(items) }
            while true {
                items.append(try parseValue(b, &i, depth: depth + 1))
                skipSpace(b, &i)
                guard i < b.count else { throw SyntaxError(offset: i) }
                if b[i] == 0x2C { i += 1; continue }
                if b[i] == 0x5D { i += 1; return .array(items) }
                throw SyntaxError(offset: i)
            }
        case 0x22:
            return .string(try parseString(b, &i))
        case 0x74: return try literal(b, &i, "true", .bool(true))
        case 0x66: return try literal(b, &i, "false", .bool(false))
        case 0x6E: return try literal(b, &i, "null", .null)
        default:
            let start = i
            while i < b.count, "+-0123456789.eE".utf8.contains(b[i]) { i += 1 }
            let text = String(decoding: b[start..<i], as: UTF8.self)
            // Like MCP's `Value` decoder: a number that is integral (`1e3`, `5.0`) is an integer.
            if let number = Int(text) { return .int(number) }
            if let number = Double(text) {
                if number == number.rounded(), abs(number) < 9.2e18 { return .int(Int(number)) }
                return .double(number)
            }
            throw SyntaxError(offset: start)
        }
    }

    private static func literal(_ b: [UInt8], _ i: inout Int, _ word: String, _ value: Value) throws -> Value {
        let bytes = Array(word.utf8)
        guard i + bytes.count <= b.count, Array(b[i..<(i + bytes.count)]) == bytes else { throw SyntaxError(offset: i) }
        i += bytes.count
        return value
    }

    private static func parseString(_ b: [UInt8], _ i: inout Int) throws -> String {
        i += 1
        var out: [UInt8] = []
        while i < b.count {
            let byte = b[i]
            if byte == 0x22 { i += 1; return String(decoding: out, as: UTF8.self) }
            if byte != 0x5C { out.append(byte); i += 1; continue }
            guard i + 1 < b.count else { break }
            let escape = b[i + 1]
            i += 2
            switch escape {
            case 0x22, 0x5C, 0x2F: out.append(escape)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = try hex4(b, &i)
                if (0xD800..<0xDC00).contains(scalar), i + 1 < b.count, b[i] == 0x5C, b[i + 1] == 0x75 {
                    i += 2
                    let low = try hex4(b, &i)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8))
            default: throw SyntaxError(offset: i - 1)
            }
        }
        throw SyntaxError(offset: i)
    }

    private static func hex4(_ b: [UInt8], _ i: inout Int) throws -> UInt32 {
        guard i + 4 <= b.count, let value = UInt32(String(decoding: b[i..<(i + 4)], as: UTF8.self), radix: 16) else {
            throw SyntaxError(offset: i)
        }
        i += 4
        return value
    }
}
