/// Why a Worker could not be loaded; nothing was changed.
public struct WorkerLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable machine-readable code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
        public static let notFound = Code(rawValue: "not_found")
        public static let outsideRoots = Code(rawValue: "path_outside_roots")
        public static let noConfig = Code(rawValue: "no_config")
        public static let badConfig = Code(rawValue: "bad_config")
        public static let bundlerMissing = Code(rawValue: "esbuild_missing")
        public static let unsupportedImport = Code(rawValue: "unsupported_import")
        public static let buildFailed = Code(rawValue: "build_failed")
        public static let classNotExported = Code(rawValue: "class_not_exported")
        public static let evaluationFailed = Code(rawValue: "evaluation_failed")
        public static let bindingTaken = Code(rawValue: "binding_taken")
    }

    public var code: Code
    /// What is missing or wrong, and what to do.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code)]" }
}
