import DurableObjects

/// An error of the Patterns module: a stable code and a message that says what went wrong and what exists.
package struct PatternError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable codes.
    package enum Code: String, Sendable {
        /// No namespace with that binding.
        case unknownNamespace = "unknown_namespace"
        /// The class has no such method.
        case unknownMethod = "unknown_method"
        /// Arguments do not match the method's schema.
        case invalidArguments = "invalid_arguments"
        /// A workload parameter is out of range (caps).
        case invalidWorkload = "invalid_workload"
        /// A chat connection id that is not open.
        case unknownConnection = "unknown_connection"
    }

    /// The code.
    package var code: Code
    /// What went wrong and what to do.
    package var message: String

    /// Makes an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "\(message) [\(code.rawValue)]" }
}

extension DurableObjectError {
    /// An `invalidArgument` error thrown by object code for a bad field.
    static func badField(_ field: String, _ what: String) -> DurableObjectError {
        DurableObjectError(.invalidArgument, "Argument \"\(field)\" \(what).")
    }
}
