import AppViews
import ArgumentParser
import Foundation
import JSONModel

/// Writes an MCP Apps view as a standalone HTML file, with one tool result embedded, for any browser.
/// `arguments` and `result` are JSON texts (the tool's arguments and its structured result).
func writeView(_ view: AppView, arguments: String, result: String, to path: String) throws {
    let html = view.html(embedding: "{\"arguments\": \(arguments), \"structuredContent\": \(result)}")
    do {
        try html.write(to: URL(fileURLWithPath: path), atomically: true, encoding: .utf8)
    } catch {
        throw ValidationError("Cannot write \(path): \(error.localizedDescription)")
    }
    FileHandle.standardError.write(Data("Wrote the \(view.rawValue) view to \(path)\n".utf8))
}

/// JSON text helpers for the embedded views.
enum JSONText {
    /// A Swift string as a JSON string literal.
    static func quoted(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    /// Any `Encodable` as compact JSON text.
    static func encode<T: Encodable>(_ value: T) throws -> String {
        try JSONValueEncoder().encodeText(value)
    }
}
