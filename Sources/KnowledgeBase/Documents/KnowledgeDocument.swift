import Foundation

/// One doc of the knowledge base: its front matter and its body split into sections.
package struct KnowledgeDocument: Sendable, Hashable {
    /// A source the doc cites: an official URL, or a third-party one marked unverified.
    package struct Source: Sendable, Hashable {
        package var url: String
        package var isUnverified: Bool
    }

    package var id: String
    package var title: String
    package var summary: String
    package var tags: [String]
    package var sources: [Source]
    /// The date the facts were last checked (`YYYY-MM-DD`).
    package var asOf: String
    package var related: [String]
    /// `reviewCode` rule ids that this doc explains.
    package var rules: [String]
    /// The Markdown body, without front matter, starting with `# <title>`.
    package var markdown: String
    /// The body split at `##` headings; the first section is the introduction ("Overview").
    package var sections: [DocumentSection]
    /// The file the doc was loaded from, for error messages.
    package var file: String

    /// The MCP resource URI of the doc.
    package var uri: String { "kb://docs/\(id)" }

    /// The doc's primary official URL: its first verified source.
    package var url: String { sources.first(where: { !$0.isUnverified })?.url ?? sources.first?.url ?? "" }

    /// Parses a doc from its file text.
    /// - Throws: ``KnowledgeBaseError/Code/invalidDocument`` naming the file and the problem.
    package init(file: String, text: String) throws {
        let (matter, body) = try FrontMatter.split(text, file: file)
        func required(_ key: String) throws -> String {
            guard let value = matter.scalars[key], !value.isEmpty else {
                throw KnowledgeBaseError.invalidDocument(file, "front matter field `\(key)` is required")
            }
            return value
        }
        self.file = file
        self.id = try required("id")
        self.title = try required("title")
        self.summary = try required("summary")
        self.asOf = try required("asOf")
        self.tags = matter.lists["tags"] ?? []
        self.related = matter.lists["related"] ?? []
        self.rules = matter.lists["rules"] ?? []
        self.sources = (matter.lists["sources"] ?? []).map { entry in
            if entry.hasPrefix("unverified:") {
                return Source(url: String(entry.dropFirst("unverified:".count)).trimmingSpaces(), isUnverified: true)
            }
            return Source(url: entry, isUnverified: false)
        }
        self.markdown = body.trimmingCharacters(in: .whitespacesAndNewlines)
        self.sections = DocumentSection.split(markdown: self.markdown)
    }

    /// The section whose heading or slug matches `name` (case-insensitive), if any.
    package func section(named name: String) -> DocumentSection? {
        let wanted = name.trimmingCharacters(in: .whitespaces)
        let slug = DocumentSection.slug(wanted)
        return sections.first { $0.heading.caseInsensitiveCompare(wanted) == .orderedSame || $0.slug == slug }
            ?? sections.first { !slug.isEmpty && $0.slug.hasPrefix(slug) }
    }
}
