import JSONModel

/// The answer of one `tools/call`: the structured result encoded once, or a failure for the model.
///
/// On success, `encoded` is the UTF-8 JSON of `structuredContent`, and the same bytes are the text block beside
/// it on the wire, so a result is encoded exactly once. On failure the text block is the message and
/// `structuredContent` is `{code, message}` (`encoded`).
package struct ToolResult: Sendable {
    /// The JSON text of `structuredContent`.
    package var encoded: [UInt8]
    /// The error message when the call failed; nil on success.
    package var errorMessage: String?

    /// A successful result.
    package init(structured: JSON) {
        encoded = JSONWriter.encode(structured)
    }

    /// A failed call: a stable camelCase `code`, and a `message` that says what went wrong and what to do.
    package init(errorCode code: String, message: String) {
        encoded = JSONWriter.encode(["code": .string(code), "message": .string(message)])
        errorMessage = message
    }

    /// Whether the call failed (the text says what to fix).
    package var isError: Bool { errorMessage != nil }

    /// The failure's code, nil on success.
    package var errorCode: String? { isError ? structuredContent?["code"]?.stringValue : nil }

    /// The text block: the result's JSON, or the error message.
    package var text: String { errorMessage ?? String(decoding: encoded, as: UTF8.self) }

    /// The structured content (read back from its bytes; for in-process callers and tests).
    package var structuredContent: JSON? {
        try? JSONReader.read(encoded)
    }


    /// About 20,000 tokens of JSON text: the most one result may hold (Claude Code refuses results over 25,000).
    package static let maximumBytes = 80_000

    /// The size a tool with a long list aims its page at (about 15,000 tokens), cutting the list with
    /// `truncated: true`, the total and a `nextOffset` to page on; `maximumBytes` stays the last resort.
    package static let pageBytes = 60_000

    /// This result, or a `resultTooLarge` failure when its text is over `maximumBytes`, saying how to ask for less.
    package func capped(tool name: String, maximumBytes: Int = ToolResult.maximumBytes) -> ToolResult {
        guard !isError, encoded.count > maximumBytes else { return self }
        return ToolResult(
            errorCode: "resultTooLarge",
            message: "The \(name) result is \(encoded.count / 1000) KB of JSON, more than the about \(maximumBytes / 1000) KB (20,000 tokens) an assistant can take in. Ask for less: a narrower query or namespace, fewer files, a smaller limit or maxChars, or no series.")
    }
}
