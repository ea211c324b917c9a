import Advisor
import CodeReview
import DurableObjects
import JSHost
import JSONModel
import KnowledgeBase
import Patterns

/// The one place that turns an error met while running a tool into what the model sees: a stable camelCase `code`
/// and a message that says what went wrong and what to do.
///
/// Every failure of a tool, ours or an engine's, reaches the client the same way: a `tools/call` result with
/// `isError: true`, the message as its text block and `{code, message}` as its `structuredContent`. (Failures of
/// the protocol itself, such as an unknown tool, are ``ProtocolError``s instead.) Engines name their codes in their
/// own style; they are converted to camelCase here, once. Anything not listed is unexpected and reported as a bug by
/// `ArchitectServer.callTool`.
struct ToolFailure {
    let code: String
    let message: String

    init(code: String, message: String) {
        self.code = Self.camelCase(code)
        self.message = message
    }

    init?(_ error: any Error) {
        switch error {
        case let error as ToolError: self.init(code: error.code, message: error.message)
        case let error as KnowledgeBaseError: self.init(code: error.code.rawValue, message: error.message)
        case let error as ReviewInputError: self.init(code: error.code, message: error.message)
        case let error as ServerError: self.init(code: error.code.rawValue, message: error.message)
        case let error as AdvisorError: self.init(code: error.code, message: error.message)
        case let error as PatternError: self.init(code: error.code.rawValue, message: error.message)
        case let error as WorkerLoadError: self.init(code: error.code.rawValue, message: error.message)
        case let error as WebSocketClientError: self.init(code: error.code.rawValue, message: error.message)
        case let error as JSHostError: self.init(code: error.code.rawValue, message: "\(error.name): \(error.message)")
        case let error as DurableObjectError:
            var flags = ["remote: \(error.remote)", "retryable: \(error.retryable)", "overloaded: \(error.overloaded)"]
            if error.durableObjectReset { flags.append("durableObjectReset: true") }
            self.init(
                code: error.code.rawValue,
                message: "The object failed: \(error.errorClass): \(error.message) (\(flags.joined(separator: ", ")))."
                    + (error.stack.map { "\n\($0)" } ?? ""))
        default: return nil
        }
    }

    /// `unknown_namespace`, `empty-description` and `unknownDocument` all become lower camelCase.
    static func camelCase(_ code: String) -> String {
        var result = ""
        var upperNext = false
        for character in code {
            if character == "_" || character == "-" || character == " " {
                upperNext = !result.isEmpty
            } else if upperNext {
                result.append(contentsOf: character.uppercased())
                upperNext = false
            } else {
                result.append(result.isEmpty ? Character(character.lowercased()) : character)
            }
        }
        return result.isEmpty ? "toolFailed" : result
    }
}
