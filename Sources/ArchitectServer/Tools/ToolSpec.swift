import Foundation
import MCP

/// One tool as the server offers it: metadata written for the model, and the handler that runs it.
///
/// Input and output schemas are not here: they come from `Schemas/<name>.*.json` through ``SchemaCatalog``.
package struct ToolSpec: Sendable {
    package var name: String
    package var title: String
    /// When to use the tool and what it returns, for the model.
    package var description: String
    package var annotations: Tool.Annotations
    /// Other names accepted in `tools/call` (never listed).
    package var aliases: [String] = []
    /// Runs the tool on arguments that already passed the input schema; returns the structured result.
    package var run: @Sendable (_ arguments: [String: Value], _ context: ToolContext) async throws -> Value
}

/// What a running tool may use besides its arguments.
package struct ToolContext: Sendable {
    /// Reports progress when the caller asked for it (`_meta.progressToken`); does nothing otherwise.
    package var progress: @Sendable (_ done: Double, _ total: Double?, _ message: String?) async -> Void
    /// Sends a log message to the client, if its level is at or above the client's chosen level.
    package var log: @Sendable (_ level: LogLevel, _ message: String) async -> Void

    package static let silent = ToolContext(progress: { _, _, _ in }, log: { _, _ in })
}

/// A failure a tool reports to the model as an `isError` result: what went wrong and what to do.
package struct ToolError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

extension Value {
    /// Encodes any `Encodable` as a JSON value (optional nils are omitted, never `null`).
    package static func encoding<T: Encodable>(_ value: T) throws -> Value {
        let data = try JSONEncoder().encode(value)
        return try JSONDecoder().decode(Value.self, from: data)
    }

    /// The text of a string argument, or nil.
    package var text: String? {
        switch self {
        case .string(let text): return text
        case .data(let mimeType, let data): return "data:\(mimeType ?? "");base64,\(data.base64EncodedString())"
        default: return nil
        }
    }

    /// The integer value of a numeric argument (`5` or `5.0`), or nil.
    package var integer: Int? {
        switch self {
        case .int(let number): return number
        case .double(let number) where number == number.rounded() && abs(number) < 9e15: return Int(number)
        default: return nil
        }
    }
}
