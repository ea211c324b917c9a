import Foundation

/// Reads the TOML used by wrangler files into `ConfigNode`s: tables, arrays of tables, dotted and quoted keys,
/// strings (basic, literal, multi-line), numbers, booleans, dates (kept as strings), arrays and inline tables.
struct TOMLReader {
    static let maxDepth = 100
    private let bytes: [UInt8]
    private var i = 0
    private var line = 1

    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func read() throws(ConfigSyntaxError) -> ConfigNode {
        var root = ConfigNode(value: .table([]), line: 1)
        var current: [String] = []
        while true {
            skipBlank(newlines: true)
            guard i < bytes.count else { break }
            if bytes[i] == 0x5B {
                let isArray = i + 1 < bytes.count && bytes[i + 1] == 0x5B
                i += isArray ? 2 : 1
                let headerLine = line
                let path = try key()
                skipBlank(newlines: false)
                guard i < bytes.count, bytes[i] == 0x5D else { throw ConfigSyntaxError(line: line, message: "expected ']' after a table name") }
                i += isArray ? 2 : 1
                current = path
                if isArray {
                    Self.insert(ConfigNode(value: .table([]), line: headerLine), into: &root, path: path[...], appendToArray: true)
                } else {
                    Self.ensureTable(&root, path: path[...], line: headerLine)
                }
            } else {
                let keyLine = line
                let path = try key()
                skipBlank(newlines: false)
                guard i < bytes.count, bytes[i] == 0x3D else {
                    throw ConfigSyntaxError(line: keyLine, message: "expected '=' after key '\(path.joined(separator: "."))'")
                }
                i += 1
                let v = try value(depth: 0)
                Self.insert(v, into: &root, path: (current + path)[...], appendToArray: false)
            }
            skipBlank(newlines: false)
            if i < bytes.count, bytes[i] != 0x0A { throw ConfigSyntaxError(line: line, message: "expected a line break") }
        }
        return root
    }

    // MARK: - Tree building

    private static func ensureTable(_ node: inout ConfigNode, path: ArraySlice<String>, line: Int) {
        guard let first = path.first else { return }
        var entries = node.entries
        if let k = entries.lastIndex(where: { $0.key == first }) {
            descend(&entries[k].node) { ensureTable(&$0, path: path.dropFirst(), line: line) }
        } else {
            var child = ConfigNode(value: .table([]), line: line)
            ensureTable(&child, path: path.dropFirst(), line: line)
            entries.append((first, child))
        }
        node.value = .table(entries)
    }

    private static func insert(_ value: ConfigNode, into node: inout ConfigNode, path: ArraySlice<String>, appendToArray: Bool) {
        guard let first = path.first else { return }
        var entries = node.entries
        let rest = path.dropFirst()
        if rest.isEmpty {
            if appendToArray {
                if let k = entries.lastIndex(where: { $0.key == first }), case .array(var items) = entries[k].node.value {
                    items.append(value)
                    entries[k].node.value = .array(items)
                } else {
                    entries.append((first, ConfigNode(value: .array([value]), line: value.line)))
                }
            } else {
                entries.append((first, value))
            }
        } else if let k = entries.lastIndex(where: { $0.key == first }) {
            descend(&entries[k].node) { insert(value, into: &$0, path: rest, appendToArray: appendToArray) }
        } else {
            var child = ConfigNode(value: .table([]), line: value.line)
            insert(value, into: &child, path: rest, appendToArray: appendToArray)
            entries.append((first, child))
        }
        node.value = .table(entries)
    }

    /// Applies `body` to a table, or to the last table of an array of tables.
    private static func descend(_ node: inout ConfigNode, _ body: (inout ConfigNode) -> Void) {
        if case .array(var items) = node.value, !items.isEmpty {
            body(&items[items.count - 1])
            node.value = .array(items)
        } else {
            body(&node)
        }
    }

    // MARK: - Lexing

    private mutating func skipBlank(newlines: Bool) {
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x20 || c == 0x09 || c == 0x0D { i += 1 } else if c == 0x23 {
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
            } else if c == 0x0A, newlines { line += 1; i += 1 } else { return }
        }
    }

    private mutating func key() throws(ConfigSyntaxError) -> [String] {
        var parts: [String] = []
        while true {
            skipBlank(newlines: false)
            guard i < bytes.count else { throw ConfigSyntaxError(line: line, message: "unexpected end of file in a key") }
            if bytes[i] == 0x22 || bytes[i] == 0x27 {
                parts.append(try quoted(bytes[i]))
            } else {
                let s = i
                while i < bytes.count, Self.isBareKey(bytes[i]) { i += 1 }
                guard i > s else { throw ConfigSyntaxError(line: line, message: "expected a key") }
                parts.append(String(decoding: bytes[s..<i], as: UTF8.self))
            }
            skipBlank(newlines: false)
            if i < bytes.count, bytes[i] == 0x2E { i += 1 } else { return parts }
        }
    }

    private static func isBareKey(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D
    }

    private mutating func value(depth: Int) throws(ConfigSyntaxError) -> ConfigNode {
        guard depth < Self.maxDepth else { throw ConfigSyntaxError(line: line, message: "nesting deeper than \(Self.maxDepth) levels") }
        skipBlank(newlines: false)
        guard i < bytes.count else { throw ConfigSyntaxError(line: line, message: "expected a value") }
        let start = line
        let c = bytes[i]
        if c == 0x22 || c == 0x27 { return ConfigNode(value: .string(try quoted(c)), line: start) }
        if c == 0x5B {
            i += 1
            var items: [ConfigNode] = []
            while true {
                skipBlank(newlines: true)
                guard i < bytes.count else { throw ConfigSyntaxError(line: start, message: "unterminated array") }
                if bytes[i] == 0x5D { i += 1; break }
                items.append(try value(depth: depth + 1))
                skipBlank(newlines: true)
                if i < bytes.count, bytes[i] == 0x2C { i += 1 }
            }
            return ConfigNode(value: .array(items), line: start)
        }
        if c == 0x7B {
            i += 1
            var table = ConfigNode(value: .table([]), line: start)
            while true {
                skipBlank(newlines: false)
                guard i < bytes.count, bytes[i] != 0x0A else { throw ConfigSyntaxError(line: start, message: "unterminated inline table") }
                if bytes[i] == 0x7D { i += 1; break }
                let path = try key()
                skipBlank(newlines: false)
                guard i < bytes.count, bytes[i] == 0x3D else { throw ConfigSyntaxError(line: line, message: "expected '=' in an inline table") }
                i += 1
                let v = try value(depth: depth + 1)
                Self.insert(v, into: &table, path: path[...], appendToArray: false)
                skipBlank(newlines: false)
                if i < bytes.count, bytes[i] == 0x2C { i += 1 }
            }
            return table
        }
        let s = i
        while i < bytes.count, !" \t\r\n,]}#".utf8.contains(bytes[i]) { i += 1 }
        let word = String(decoding: bytes[s..<i], as: UTF8.self)
        if word == "true" { return ConfigNode(value: .bool(true), line: start) }
        if word == "false" { return ConfigNode(value: .bool(false), line: start) }
        if let d = Double(word.replacingOccurrences(of: "_", with: "")) { return ConfigNode(value: .number(d), line: start) }
        if word.first?.isNumber == true { return ConfigNode(value: .string(word), line: start) }  // dates and times
        throw ConfigSyntaxError(line: start, message: "unexpected value '\(word.prefix(20))'")
    }

    private mutating func quoted(_ q: UInt8) throws(ConfigSyntaxError) -> String {
        let start = line
        let multi = i + 2 < bytes.count && bytes[i + 1] == q && bytes[i + 2] == q
        i += multi ? 3 : 1
        var out: [UInt8] = []
        while i < bytes.count {
            let c = bytes[i]
            if c == q {
                if !multi { i += 1; return String(decoding: out, as: UTF8.self) }
                if i + 2 < bytes.count, bytes[i + 1] == q, bytes[i + 2] == q {
                    i += 3
                    return String(decoding: out, as: UTF8.self)
                }
            }
            if c == 0x0A {
                guard multi else { throw ConfigSyntaxError(line: line, message: "line break inside a string") }
                line += 1
            }
            if c == 0x5C, q == 0x22, i + 1 < bytes.count {
                i += 1
                out.append(bytes[i] == 0x6E ? 0x0A : bytes[i] == 0x74 ? 0x09 : bytes[i])
            } else {
                out.append(c)
            }
            i += 1
        }
        throw ConfigSyntaxError(line: start, message: "unterminated string")
    }
}
