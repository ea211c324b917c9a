import JSONModel

/// The answer of one `tools/call`: the structured result encoded once, or an error text for the model.
///
/// `encoded` is the UTF-8 JSON of `structuredContent`; the same bytes are the text block beside it on the wire,
/// so a result is encoded exactly once.
package struct ToolResult: Sendable {
    /// The JSON text of the structured result, or the error message when ``isError``.
    package var encoded: [UInt8]
    /// Whether the call failed (the text says what to fix).
    package var isError: Bool

    /// A successful result.
    package init(structured: JSON) {
        encoded = JSONWriter.encode(structured)
        isError = false
    }

    /// A failed call: `message` says what went wrong and what to do.
    package init(errorMessage message: String) {
        encoded = Array(message.utf8)
        isError = true
    }

    /// The text block: the result's JSON, or the error message.
    package var text: String { String(decoding: encoded, as: UTF8.self) }

    /// The structured result (read back from its bytes; for in-process callers and tests), nil for an error.
    package var structuredContent: JSON? {
        isError ? nil : try? JSONReader.read(encoded)
    }

}
