import Foundation

/// The front matter of a knowledge-base doc: a small YAML subset between two `---` lines.
///
/// Supported forms: `key: value`, `key: "quoted value"`, `key: [a, "b c"]`, and a key followed by `- item`
/// lines. Lines starting with `#` are comments. Anything else is an error that names the line.
package struct FrontMatter: Sendable, Equatable {
    /// Scalar fields (`id`, `title`, …).
    package var scalars: [String: String] = [:]
    /// List fields (`tags`, `sources`, …).
    package var lists: [String: [String]] = [:]

    /// Splits a doc into its front matter and its Markdown body.
    /// - Throws: ``KnowledgeBaseError`` when the doc has no front matter or a line is not of a supported form.
    package static func split(_ text: String, file: String) throws -> (FrontMatter, body: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        guard lines.first == "---" else {
            throw KnowledgeBaseError.invalidDocument(file, "it must start with a front matter block: a line `---`")
        }
        lines.removeFirst()
        guard let end = lines.firstIndex(of: "---") else {
            throw KnowledgeBaseError.invalidDocument(file, "its front matter is not closed by a line `---`")
        }
        let matter = try parse(lines[..<end], file: file)
        let body = lines[(end + 1)...].joined(separator: "\n")
        return (matter, body)
    }

    static func parse(_ lines: ArraySlice<Substring>, file: String) throws -> FrontMatter {
        var matter = FrontMatter()
        var openList: String?
        for (offset, raw) in lines.enumerated() {
            let line = raw.trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("- ") || line == "-" {
                guard let key = openList else {
                    throw KnowledgeBaseError.invalidDocument(file, "front matter line \(offset + 2): a list item outside a list")
                }
                matter.lists[key, default: []].append(unquote(line.dropFirst(1).trimmingSpaces()))
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw KnowledgeBaseError.invalidDocument(file, "front matter line \(offset + 2) is not `key: value`")
            }
            let key = String(line[..<colon]).trimmingSpaces()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            openList = nil
            if value.isEmpty {
                openList = key
                matter.lists[key] = []
            } else if value.hasPrefix("[") {
                guard value.hasSuffix("]") else {
                    throw KnowledgeBaseError.invalidDocument(file, "front matter `\(key)`: a `[` list must close on the same line")
                }
                let inner = value.dropFirst().dropLast()
                matter.lists[key] = inner.split(separator: ",").map { unquote($0.trimmingSpaces()) }.filter { !$0.isEmpty }
            } else {
                matter.scalars[key] = unquote(value)
            }
        }
        return matter
    }

    static func unquote(_ value: String) -> String {
        guard value.count >= 2, value.first == "\"", value.last == "\"" else {
            if value.count >= 2, value.first == "'", value.last == "'" { return String(value.dropFirst().dropLast()) }
            return value
        }
        return String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }

}
