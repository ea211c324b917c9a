import Foundation

/// One doc of the knowledge base: its front matter and its body split into sections.
package struct KnowledgeDocument: Sendable, Hashable {
    /// Where a doc comes from.
    package enum Collection: String, Sendable, Hashable, Codable, CaseIterable {
        /// Shipped in the binary (`Knowledge/`), checked against the facts.
        case bundled
        /// The team's own Markdown, added with `--knowledge-dir`; ids `project/<relative path>`.
        case project
    }

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
    /// The date the doc was last checked (`YYYY-MM-DD`), the front matter's `asOf`.
    package var asOf: String
    /// The date the doc's subject last changed (`YYYY-MM-DD`): the newest `changed` of the facts it states, or
    /// its front matter's `changed` when that is newer (project docs: the file's modification date by default).
    package var changed: String
    package var collection: Collection
    /// The ids of the facts the doc states, in order of first use.
    package var facts: [String]
    package var related: [String]
    /// `reviewCode` rule ids that this doc explains.
    package var rules: [String]
    /// The Markdown body, without front matter, starting with `# <title>`.
    package var markdown: String
    /// The body split at `##` headings; the first section is the introduction ("Overview").
    package var sections: [DocumentSection]
    /// The file the doc was loaded from, for error messages.
    package var file: String

    /// The date the doc was last checked: `asOf`.
    package var checked: String { asOf }

    /// The MCP resource URI of the doc.
    package var uri: String { "kb://docs/\(id)" }

    /// The doc's primary official URL: its first verified source.
    package var url: String { sources.first(where: { !$0.isUnverified })?.url ?? sources.first?.url ?? "" }

    /// Parses a bundled doc from its file text, expanding its fact references (`{{id}}`).
    /// - Throws: ``KnowledgeBaseError/Code/invalidDocument`` naming the file and the problem.
    package init(file: String, text: String, facts: FactSheet = FactSheet()) throws {
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
        self.summary = try facts.expand(try required("summary"), file: file).text
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
        let raw = body.trimmingCharacters(in: .whitespacesAndNewlines)
        let expanded = try facts.expand(raw, file: file)
        self.markdown = DocumentSection.removingLintMarks(expanded.text)
        self.sections = try DocumentSection.split(markdown: raw).map { try $0.expanding(facts, file: file) }
        self.facts = expanded.facts
        self.collection = .bundled
        let newest = expanded.facts.compactMap { facts.fact(id: $0)?.changed }.max() ?? ""
        if let changed = matter.scalars["changed"], !FactSheet.isDate(changed) {
            throw KnowledgeBaseError.invalidDocument(file, "front matter `changed` must be a date YYYY-MM-DD")
        }
        self.changed = max(newest, matter.scalars["changed"] ?? "")
        if self.changed.isEmpty { self.changed = asOf }
    }

    /// A doc of the team's own (`--knowledge-dir`), with or without front matter. Without one, the title is the
    /// first `# ` heading (else the file name) and the summary its first paragraph. Fact references are left as
    /// written: the facts lint does not apply to the team's docs.
    /// - Parameters:
    ///   - path: the file's path relative to the folder; the id is `project/<path>`.
    ///   - modified: the file's modification date (`YYYY-MM-DD`), its `changed` and `checked` by default.
    /// - Throws: ``KnowledgeBaseError/Code/invalidDocument`` when front matter starts but does not parse.
    package init(projectPath path: String, text: String, modified: String) throws {
        let file = "project/" + path
        var matter = FrontMatter()
        var body = text
        if text.hasPrefix("---\n") || text.hasPrefix("---\r\n") {
            (matter, body) = try FrontMatter.split(text, file: file)
        }
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = trimmed.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
        let heading = lines.first(where: { $0.hasPrefix("# ") }).map { String($0.dropFirst(2)).trimmingSpaces() }
        let name = String(path.split(separator: "/").last ?? Substring(path))
        let paragraph = lines.drop(while: { $0.isEmpty || $0.hasPrefix("#") }).prefix(while: { !$0.isEmpty && !$0.hasPrefix("#") })
            .joined(separator: " ")
        self.file = file
        self.id = file
        self.title = matter.scalars["title"] ?? heading ?? name
        self.summary = matter.scalars["summary"] ?? String(paragraph.prefix(240))
        self.tags = matter.lists["tags"] ?? []
        self.related = matter.lists["related"] ?? []
        self.rules = []
        self.sources = (matter.lists["sources"] ?? []).map { Source(url: $0, isUnverified: false) }
        let changed = matter.scalars["changed"].flatMap { FactSheet.isDate($0) ? $0 : nil } ?? modified
        self.changed = changed
        self.asOf = (matter.scalars["checked"] ?? matter.scalars["asOf"]).flatMap { FactSheet.isDate($0) ? $0 : nil } ?? changed
        self.collection = .project
        self.facts = []
        self.markdown = trimmed
        self.sections = DocumentSection.split(markdown: trimmed)
    }

    /// The section whose heading or slug matches `name` (case-insensitive), if any.
    package func section(named name: String) -> DocumentSection? {
        let wanted = name.trimmingCharacters(in: .whitespaces)
        let slug = DocumentSection.slug(wanted)
        return sections.first { $0.heading.caseInsensitiveCompare(wanted) == .orderedSame || $0.slug == slug }
            ?? sections.first { !slug.isEmpty && $0.slug.hasPrefix(slug) }
    }
}
