import DurableObjects

/// An error from the JavaScript host: a script's exception, the CPU limit, or bad input to the host.
public struct JSHostError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable machine-readable code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
        /// JavaScript code threw (`name`, `message` and `stack` are the exception's).
        public static let exception = Code(rawValue: "js_exception")
        /// A script ran past the CPU limit and was stopped.
        public static let cpuLimitExceeded = Code(rawValue: "cpu_limit_exceeded")
        /// The host was given something it cannot use (a value that is not JSON, a missing function).
        public static let invalidArgument = Code(rawValue: "invalid_argument")
    }

    /// What went wrong, as a code.
    public var code: Code
    /// The exception's constructor name (`Error`, `TypeError`, …), or `Error`.
    public var name: String
    /// What went wrong and, where possible, what to do.
    public var message: String
    /// The JavaScript stack (`fn@url:line:column` lines), when there is one.
    public var stack: String?

    /// Makes an error.
    public init(_ code: Code, _ message: String, name: String = "Error", stack: String? = nil) {
        self.code = code
        self.name = name
        self.message = message
        self.stack = stack
    }

    /// The error Cloudflare gives when an invocation runs out of CPU time.
    static let cpuLimit = JSHostError(.cpuLimitExceeded, "Worker exceeded CPU time limit.")

    public var description: String { "\(name): \(message)" }
}

extension JSHostError {
    /// The error as callers of a Durable Object see it: a thrown error of the exception's class, or the CPU limit.
    var runtimeError: DurableObjectError {
        var error = DurableObjectError.thrown(message, errorClass: code == .exception ? name : "Error")
        error.stack = stack
        return error
    }
}
