/// Reads JSON and JSONC (comments and trailing commas allowed) into `ConfigNode`s.
///
/// Nesting deeper than `maxDepth` is refused with an error instead of recursing further.
struct JSONCReader {
    static let maxDepth = 200
    private let bytes: [UInt8]
    private var i = 0
    private var line = 1

    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func read() throws(ConfigSyntaxError) -> ConfigNode {
        let node = try value(depth: 0)
        skip()
        if i < bytes.count { throw ConfigSyntaxError(line: line, message: "unexpected text after the JSON value") }
        return node
    }

    private mutating func skip() {
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x0A { line += 1; i += 1 } else if c == 0x20 || c == 0x09 || c == 0x0D { i += 1 } else if c == 0x2F, i + 1 < bytes.count, bytes[i + 1] == 0x2F {
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
            } else if c == 0x2F, i + 1 < bytes.count, bytes[i + 1] == 0x2A {
                i += 2
                while i + 1 < bytes.count, !(bytes[i] == 0x2A && bytes[i + 1] == 0x2F) {
                    if bytes[i] == 0x0A { line += 1 }
                    i += 1
                }
                i = min(i + 2, bytes.count)
            } else { return }
        }
    }

    private mutating func value(depth: Int) throws(ConfigSyntaxError) -> ConfigNode {
        guard depth < Self.maxDepth else { throw ConfigSyntaxError(line: line, message: "nesting deeper than \(Self.maxDepth) levels") }
        skip()
        guard i < bytes.count else { throw ConfigSyntaxError(line: line, message: "unexpected end of file") }
        let start = line
        switch bytes[i] {
        case 0x7B:
            i += 1
            var entries: [(key: String, node: ConfigNode)] = []
            while true {
                skip()
                guard i < bytes.count else { throw ConfigSyntaxError(line: line, message: "unterminated object") }
                if bytes[i] == 0x7D { i += 1; break }
                guard bytes[i] == 0x22 else { throw ConfigSyntaxError(line: line, message: "expected a quoted key") }
                let key = try string()
                skip()
                guard i < bytes.count, bytes[i] == 0x3A else { throw ConfigSyntaxError(line: line, message: "expected ':' after \"\(key)\"") }
                i += 1
                entries.append((key, try value(depth: depth + 1)))
                skip()
                if i < bytes.count, bytes[i] == 0x2C { i += 1 }
            }
            return ConfigNode(value: .table(entries), line: start)
        case 0x5B:
            i += 1
            var items: [ConfigNode] = []
            while true {
                skip()
                guard i < bytes.count else { throw ConfigSyntaxError(line: line, message: "unterminated array") }
                if bytes[i] == 0x5D { i += 1; break }
                items.append(try value(depth: depth + 1))
                skip()
                if i < bytes.count, bytes[i] == 0x2C { i += 1 }
            }
            return ConfigNode(value: .array(items), line: start)
        case 0x22:
            return ConfigNode(value: .string(try string()), line: start)
        default:
            let s = i
            while i < bytes.count, !" \t\r\n,]}".utf8.contains(bytes[i]) { i += 1 }
            let word = String(decoding: bytes[s..<i], as: UTF8.self)
            if word == "true" { return ConfigNode(value: .bool(true), line: start) }
            if word == "false" { return ConfigNode(value: .bool(false), line: start) }
            if word == "null" { return ConfigNode(value: .string(""), line: start) }
            if let d = Double(word) { return ConfigNode(value: .number(d), line: start) }
            throw ConfigSyntaxError(line: start, message: "unexpected '\(word.prefix(20))'")
        }
    }

    private mutating func string() throws(ConfigSyntaxError) -> String {
        i += 1
        var out: [UInt8] = []
        while i < bytes.count, bytes[i] != 0x22 {
            if bytes[i] == 0x0A { throw ConfigSyntaxError(line: line, message: "line break inside a string") }
            if bytes[i] == 0x5C, i + 1 < bytes.count {
                i += 1
                switch bytes[i] {
                case 0x6E: out.append(0x0A)
                case 0x74: out.append(0x09)
                default: out.append(bytes[i])
                }
            } else {
                out.append(bytes[i])
            }
            i += 1
        }
        guard i < bytes.count else { throw ConfigSyntaxError(line: line, message: "unterminated string") }
        i += 1
        return String(decoding: out, as: UTF8.self)
    }
}
