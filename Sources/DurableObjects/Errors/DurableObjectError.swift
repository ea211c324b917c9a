/// An error raised by the runtime or thrown by object code, as a caller of a Durable Object sees it.
///
/// The flags mirror Cloudflare's: `remote` (thrown inside the object), `retryable` (the call may be retried, e.g.
/// the instance went away), `overloaded` (never retry at once: queue full, timeouts), `durableObjectReset` (the
/// instance was discarded; a new stub gets a fresh one).
public struct DurableObjectError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable machine-readable code.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Thrown by object code (the `errorClass` tells `Error`, `TypeError`, `RangeError`, ...).
        public static let userError = Code("user_error")
        /// Bad argument to a runtime API (JavaScript `TypeError`).
        public static let invalidArgument = Code("invalid_argument")
        /// A size or count limit was exceeded (JavaScript `RangeError`).
        public static let limitExceeded = Code("limit_exceeded")
        /// An id string is malformed or belongs to another namespace.
        public static let invalidId = Code("invalid_id")
        /// A SQL statement failed or was refused.
        public static let sql = Code("sql_error")
        /// Transaction misuse (rolled back, committed, deleteAll inside one).
        public static let transaction = Code("transaction_error")
        /// The object's queue is full.
        public static let overloaded = Code("overloaded")
        /// The object was reset (gate broken, constructor failed, abort, failed commit).
        public static let reset = Code("object_reset")
        /// A timeout (blockConcurrencyWhile, output gate).
        public static let timeout = Code("timeout")
        /// No such namespace, method or handler.
        public static let notFound = Code("not_found")
        /// The object does not implement this kind of event.
        public static let notImplemented = Code("not_implemented")
        /// Storage could not be opened or written.
        public static let storage = Code("storage_error")
        /// Text was not valid JSON.
        public static let invalidJSON = Code("invalid_json")
        /// WebSocket misuse.
        public static let webSocket = Code("websocket_error")
        /// The runtime is shut down.
        public static let shutdown = Code("shutdown")
    }

    /// What went wrong, stable.
    public var code: Code
    /// What went wrong and what to do, for people.
    public var message: String
    /// JavaScript error class the error maps to: `Error`, `TypeError`, `RangeError`.
    public var errorClass: String
    /// The error was raised inside the object (thrown by its code or by its storage).
    public var remote: Bool
    /// The call may be retried.
    public var retryable: Bool
    /// The object is overloaded; do not retry at once.
    public var overloaded: Bool
    /// The instance was discarded; a new stub gets a fresh instance.
    public var durableObjectReset: Bool
    /// The stack of an exception thrown by JavaScript object code, mapped to the user's files (nil otherwise).
    public var stack: String? = nil

    /// Makes an error.
    public init(
        _ code: Code, _ message: String, errorClass: String? = nil, remote: Bool = false, retryable: Bool = false,
        overloaded: Bool = false, durableObjectReset: Bool = false
    ) {
        self.code = code
        self.message = message
        self.errorClass =
            errorClass
            ?? {
                switch code {
                case .invalidArgument, .invalidId: return "TypeError"
                case .limitExceeded: return "RangeError"
                default: return "Error"
                }
            }()
        self.remote = remote
        self.retryable = retryable
        self.overloaded = overloaded
        self.durableObjectReset = durableObjectReset
    }

    public var description: String { "\(errorClass): \(message) [\(code)]" }

    /// A user-thrown error with a JavaScript error class (`Error`, `TypeError`, `RangeError`...).
    public static func thrown(_ message: String, errorClass: String = "Error") -> DurableObjectError {
        DurableObjectError(.userError, message, errorClass: errorClass)
    }

    /// The same error as seen by a caller outside the object.
    package func asRemote() -> DurableObjectError {
        var copy = self
        copy.remote = true
        return copy
    }

    /// The error that breaks an object (its instance is discarded).
    package func asReset() -> DurableObjectError {
        var copy = self
        copy.durableObjectReset = true
        return copy
    }

    /// Converts any error thrown by object code into a caller-visible error.
    package static func from(_ error: any Error) -> DurableObjectError {
        if let e = error as? DurableObjectError { return e }
        if error is CancellationError { return DurableObjectError(.userError, "The operation was cancelled.") }
        return DurableObjectError(.userError, String(describing: error))
    }
}
