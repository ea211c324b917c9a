import Foundation
import MCP

/// A JSON-RPC request id as a hashable key: the same id whether it arrived as `5` or was sent back as `5`.
package enum RequestKey: Hashable, Sendable, CustomStringConvertible {
    case string(String)
    case number(Int)

    init?(_ value: Value) {
        switch value {
        case .string(let text): self = .string(text)
        case .int(let number): self = .number(number)
        case .double(let number) where number == number.rounded() && abs(number) < 9e15: self = .number(Int(number))
        default: return nil
        }
    }

    /// Reads an id from its raw JSON text (`5`, `"abc"`), as ``JSONSniffer`` returns it.
    init?(rawJSON: String) {
        guard let data = rawJSON.data(using: .utf8),
              let value = try? JSONDecoder().decode(Value.self, from: data) else { return nil }
        self.init(value)
    }

    package var description: String {
        switch self {
        case .string(let text): return "\"\(text)\""
        case .number(let number): return String(number)
        }
    }

    var json: Value {
        switch self {
        case .string(let text): return .string(text)
        case .number(let number): return .int(number)
        }
    }
}
