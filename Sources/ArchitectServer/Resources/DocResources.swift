import KnowledgeBase
import MCP

/// Every knowledge-base doc as an MCP resource `kb://docs/<id>` (text/markdown), plus the template `kb://docs/{id}`.
///
/// Only URIs of that exact form whose id names a doc can be read; nothing outside the knowledge base is ever
/// reachable through them (no file system access happens here).
struct DocResources: Sendable {
    static let prefix = "kb://docs/"
    let knowledge: KnowledgeLoader

    func resources() throws -> [Resource] {
        try knowledge.get().documents.map { document in
            Resource(
                name: document.id, uri: document.uri, title: document.title, description: document.summary,
                mimeType: "text/markdown", size: document.markdown.utf8.count)
        }
    }

    var templates: [Resource.Template] {
        [Resource.Template(
            uriTemplate: Self.prefix + "{id}", name: "doc", title: "Durable Objects doc",
            description: "A doc of the do-architect knowledge base by id (ids come from searchDocs or resources/list).",
            mimeType: "text/markdown")]
    }

    /// The doc id of a URI of the form `kb://docs/<id>`, if it names a doc.
    func documentID(of uri: String) -> String? {
        guard uri.hasPrefix(Self.prefix) else { return nil }
        let id = String(uri.dropFirst(Self.prefix.count))
        // Team docs (`--knowledge-dir`) have ids `project/<relative path>`; the id is only looked up in memory.
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-/._".contains($0)) }) else { return nil }
        return (try? knowledge.get())?.document(id: id) == nil ? nil : id
    }

    func read(_ uri: String) throws -> ReadResource.Result {
        guard let id = documentID(of: uri), let document = try knowledge.get().document(id: id) else {
            throw MCPError.invalidParams("Resource not found: \(uri)")
        }
        let text = "---\nid: \(document.id)\nasOf: \(document.asOf)\nsources: \(document.sources.map(\.url).joined(separator: " "))\n---\n\n" + document.markdown
        return ReadResource.Result(contents: [.text(text, uri: uri, mimeType: "text/markdown")])
    }
}
