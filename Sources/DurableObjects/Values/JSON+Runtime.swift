import JSONModel

extension JSON {
    /// The deepest nesting the runtime reads back (storage values, RPC, JavaScript values): deeper than the MCP
    /// layer's limit, since a Worker's data may nest more than a tool call's arguments.
    public static let runtimeMaximumDepth = 512

    /// Reads JSON text the runtime stored or received (storage values, RPC, attachments, `JSON.stringify`
    /// output) with ``JSONReader``: members keep their order.
    /// - Throws: `DurableObjectError` with code `invalidJSON` when the text is not one JSON value.
    public init(parsing bytes: some Collection<UInt8>) throws(DurableObjectError) {
        do {
            self = try JSONReader.read(bytes, maximumDepth: Self.runtimeMaximumDepth)
        } catch {
            throw Self.invalid(error)
        }
    }

    /// Reads JSON text the runtime stored or received, as ``init(parsing:)`` with bytes does.
    public init(parsing text: String) throws(DurableObjectError) {
        do {
            self = try JSONReader.read(text, maximumDepth: Self.runtimeMaximumDepth)
        } catch {
            throw Self.invalid(error)
        }
    }

    private static func invalid(_ error: JSONReader.SyntaxError) -> DurableObjectError {
        DurableObjectError(.invalidJSON, "Invalid JSON at offset \(error.offset): \(error.reason).")
    }
}
