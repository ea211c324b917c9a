import JSONModel

/// A JSON-RPC request id as a hashable key: the same id whether it arrived as `5` or `5.0`.
package enum RequestKey: Hashable, Sendable, CustomStringConvertible {
    case string(String)
    case number(Int)

    /// The id of a JSON value; nil for what JSON-RPC does not allow as an id (null, fractions, objects…).
    package init?(_ value: JSON) {
        switch value {
        case .string(let text): self = .string(text)
        case .int(let number): self = .number(number)
        default: return nil
        }
    }

    /// Reads an id from its raw JSON text (`5`, `"abc"`), as ``JSONSniffer`` returns it.
    init?(rawJSON: String) {
        guard let value = try? JSONReader.read(rawJSON) else { return nil }
        self.init(value)
    }

    package var description: String {
        switch self {
        case .string(let text): return "\"\(text)\""
        case .number(let number): return String(number)
        }
    }

    package var json: JSON {
        switch self {
        case .string(let text): return .string(text)
        case .number(let number): return .int(number)
        }
    }
}
