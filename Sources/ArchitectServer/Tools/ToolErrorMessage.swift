import Advisor
import CodeReview
import DurableObjects
import JSHost
import Patterns
import KnowledgeBase

/// The one place that turns the engines' errors into the text of an `isError` tool result.
///
/// Each engine error already says what went wrong and what to do; anything not listed here is unexpected and
/// reported as a bug by `ArchitectServer.callTool`.
struct ToolErrorMessage {
    let text: String

    init?(_ error: any Error) {
        switch error {
        case let error as ToolError: text = error.message
        case let error as KnowledgeBaseError: text = error.message
        case let error as ReviewInputError: text = error.message
        case let error as ServerError: text = error.message
        case let error as AdvisorError: text = error.message
        case let error as PatternError: text = error.message
        case let error as WorkerLoadError: text = error.message
        case let error as JSHostError: text = "\(error.name): \(error.message)"
        case let error as DurableObjectError:
            var flags = ["remote: \(error.remote)", "retryable: \(error.retryable)", "overloaded: \(error.overloaded)"]
            if error.durableObjectReset { flags.append("durableObjectReset: true") }
            text = "The object failed: \(error.errorClass): \(error.message) (\(flags.joined(separator: ", ")))."
                + (error.stack.map { "\n\($0)" } ?? "")
        default: return nil
        }
    }
}
