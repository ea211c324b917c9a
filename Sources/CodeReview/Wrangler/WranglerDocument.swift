/// A whole wrangler configuration (TOML, JSON or JSONC) as a plain value tree, for other engines (the JavaScript
/// host reads bindings, vars and limits from it) without exposing the review's own types.
package indirect enum WranglerValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([WranglerValue])
    /// Keys in file order; a repeated key keeps its last value when read through `subscript`.
    case table([(key: String, value: WranglerValue)])

    /// The value under `key` in a table.
    package subscript(key: String) -> WranglerValue? {
        guard case .table(let entries) = self else { return nil }
        return entries.last { $0.key == key }?.value
    }

    package var string: String? { if case .string(let s) = self { return s } else { return nil } }
    package var number: Double? { if case .number(let n) = self { return n } else { return nil } }
    package var array: [WranglerValue] { if case .array(let a) = self { return a } else { return [] } }
    package var entries: [(key: String, value: WranglerValue)] { if case .table(let t) = self { return t } else { return [] } }

    package static func == (lhs: WranglerValue, rhs: WranglerValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.table(let a), .table(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// Reads a configuration file's text; JSON/JSONC when the path ends in `.json`/`.jsonc` or the text starts
    /// with `{`, TOML otherwise.
    ///
    /// - Throws: `WranglerSyntaxError` with the line and what was expected.
    package static func parse(_ text: String, path: String) throws(WranglerSyntaxError) -> WranglerValue {
        let lower = path.lowercased()
        do throws(ConfigSyntaxError) {
            if lower.hasSuffix(".json") || lower.hasSuffix(".jsonc") || text.drop(while: { $0.isWhitespace }).first == "{" {
                var reader = JSONCReader(text)
                return WranglerValue(try reader.read())
            }
            var reader = TOMLReader(text)
            return WranglerValue(try reader.read())
        } catch {
            throw WranglerSyntaxError(line: error.line, message: error.message)
        }
    }

    init(_ node: ConfigNode) {
        switch node.value {
        case .string(let s): self = .string(s)
        case .number(let n): self = .number(n)
        case .bool(let b): self = .bool(b)
        case .array(let items): self = .array(items.map(WranglerValue.init))
        case .table(let entries): self = .table(entries.map { ($0.key, WranglerValue($0.node)) })
        }
    }
}

/// A wrangler configuration that could not be read: the line and what was expected.
package struct WranglerSyntaxError: Error, Sendable {
    package var line: Int
    package var message: String
}
