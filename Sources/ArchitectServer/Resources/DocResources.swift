import JSONModel
import KnowledgeBase

/// Every knowledge-base doc as an MCP resource `kb://docs/<id>` (text/markdown), plus the template `kb://docs/{id}`.
///
/// Only URIs of that exact form whose id names a doc can be read; nothing outside the knowledge base is ever
/// reachable through them (no file system access happens here).
struct DocResources: Sendable {
    static let prefix = "kb://docs/"
    let knowledge: KnowledgeLoader

    /// The `resources/list` entries (waits for the knowledge base's build without blocking a thread).
    func resources() async throws -> [JSON] {
        try await knowledge.ready().documents.map { document in
            [
                "name": .string(document.id), "uri": .string(document.uri), "title": .string(document.title),
                "description": .string(document.summary), "mimeType": "text/markdown",
                "size": .int(document.markdown.utf8.count),
            ]
        }
    }

    var templates: [JSON] {
        [[
            "uriTemplate": .string(Self.prefix + "{id}"), "name": "doc", "title": "Durable Objects doc",
            "description": "A doc of the do-architect knowledge base by id (ids come from searchDocs or resources/list).",
            "mimeType": "text/markdown",
        ]]
    }

    /// The doc id of a URI of the form `kb://docs/<id>` (whether or not such a doc exists). Team docs
    /// (`--knowledge-dir`) have ids `project/<relative path>`; an id is only ever looked up in memory.
    static func documentID(of uri: String) -> String? {
        guard uri.hasPrefix(prefix) else { return nil }
        let id = String(uri.dropFirst(prefix.count))
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-/._".contains($0)) }) else { return nil }
        return id
    }

    /// The contents of `uri` as `resources/read` returns them, or nil when no doc has that URI.
    func read(_ uri: String) async throws -> JSON? {
        guard let id = Self.documentID(of: uri), let document = try await knowledge.ready().document(id: id) else {
            return nil
        }
        let text = "---\nid: \(document.id)\nasOf: \(document.asOf)\nsources: \(document.sources.map(\.url).joined(separator: " "))\n---\n\n" + document.markdown
        return ["uri": .string(uri), "mimeType": "text/markdown", "text": .string(text)]
    }
}
