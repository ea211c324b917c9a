/// The dialect of a source file.
package enum SourceLanguage: String, Codable, Sendable, CaseIterable {
    case ts, js, tsx, jsx

    /// The language implied by a file name: `.ts`/`.mts`/`.cts` are TypeScript, `.tsx` and `.jsx` allow JSX,
    /// everything else is JavaScript.
    package init(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".tsx") {
            self = .tsx
        } else if lower.hasSuffix(".ts") || lower.hasSuffix(".mts") || lower.hasSuffix(".cts") {
            self = .ts
        } else if lower.hasSuffix(".jsx") {
            self = .jsx
        } else {
            self = .js
        }
    }

    package var allowsJSX: Bool { self == .tsx || self == .jsx }
    package var fileExtension: String { rawValue }
}

/// One file to review, given by content.
package struct SourceFile: Sendable {
    /// The name reported in findings; also decides the language when `language` is nil.
    package var path: String
    package var content: String
    package var language: SourceLanguage?

    package init(path: String, content: String, language: SourceLanguage? = nil) {
        self.path = path
        self.content = content
        self.language = language
    }

    package var effectiveLanguage: SourceLanguage { language ?? SourceLanguage(path: path) }
}
