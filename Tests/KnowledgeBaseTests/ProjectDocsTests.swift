import Foundation
import KnowledgeBase
import Testing

/// The team's own docs (`--knowledge-dir`): loaded with or without front matter, searched beside the bundled docs,
/// filtered by collection, never written to, and a bad file never stops the load.
struct ProjectDocsTests {
    static let folder = KnowledgeFixtures.projectFolder

    @Test func docsWithAndWithoutFrontMatterGetProjectIds() throws {
        let knowledge = KnowledgeFixtures.withProject
        let project = knowledge.documents.filter { $0.collection == .project }.map(\.id)
        #expect(project == [
            "project/adr/0001-one-object-per-tenant.md", "project/adr/0002-sessions-in-workers-kv.md",
            "project/conventions/naming.md", "project/runbooks/overloaded-errors.md", "project/runbooks/restore-tenant.md",
        ])
        let adr = try #require(knowledge.document(id: "project/adr/0001-one-object-per-tenant.md"))
        #expect(adr.title == "ADR 0001: one Durable Object per tenant")
        #expect(adr.changed == "2026-05-04", "front matter `changed` wins over the file date")
        let naming = try #require(knowledge.document(id: "project/conventions/naming.md"))
        #expect(naming.title == "Naming conventions for Durable Objects", "no front matter: the first heading")
        #expect(naming.summary.hasPrefix("Bindings are upper case"), "no front matter: the first paragraph")
        #expect(FactSheet.isDate(naming.changed), "no front matter: the file's modification date")
        #expect(knowledge.warnings.isEmpty)
    }

    @Test func resultsSayTheirCollectionAndTheFilterKeepsOne() throws {
        let knowledge = KnowledgeFixtures.withProject
        let all = try knowledge.search("restore a tenant database to an earlier point in time", limit: 10).results
        #expect(all.contains { $0.collection == .project } && all.contains { $0.collection == .bundled })
        for result in all { #expect(result.id.hasPrefix("project/") == (result.collection == .project)) }
        let project = try knowledge.search("restore a tenant database", limit: 10, collection: .project).results
        #expect(!project.isEmpty && project.allSatisfy { $0.collection == .project })
        let bundled = try knowledge.search("restore a tenant database", limit: 10, collection: .bundled).results
        #expect(!bundled.isEmpty && bundled.allSatisfy { $0.collection == .bundled })
    }

    @Test func theFactsLintDoesNotApplyToProjectDocs() throws {
        let files = [ProjectFolder.File(path: "notes.md", text: "# Notes\n\nWe keep 3 GB per tenant and {{not-a-fact}}.\n", modified: "2026-12-01")]
        let knowledge = try KnowledgeBase(files: [], project: ProjectFolder(files: files))
        let notes = try #require(knowledge.document(id: "project/notes.md"))
        #expect(notes.markdown.contains("3 GB per tenant and {{not-a-fact}}"))
    }

    @Test func aFileThatCannotBeReadIsSkippedWithAWarning() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-project-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "# Good\n\nA good runbook.\n".write(to: folder.appendingPathComponent("sub/good.md"), atomically: true, encoding: .utf8)
        try Data([0x23, 0x20, 0xff, 0xfe, 0x0a]).write(to: folder.appendingPathComponent("binary.md"))
        try "---\ntitle: broken\n- orphan\n---\n# Broken\n".write(to: folder.appendingPathComponent("broken.md"), atomically: true, encoding: .utf8)
        try "not markdown".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let knowledge = try KnowledgeBase(files: [], project: ProjectFolder(directory: folder))
        #expect(knowledge.documents.map(\.id) == ["project/sub/good.md"])
        #expect(knowledge.warnings.count == 2, "\(knowledge.warnings)")
        #expect(knowledge.warnings.contains { $0.contains("binary.md") && $0.contains("UTF-8") })
        #expect(knowledge.warnings.contains { $0.contains("broken.md") })
    }

    @Test func aMissingFolderIsAClearError() {
        #expect(throws: KnowledgeBaseError.self) {
            try ProjectFolder(directory: URL(fileURLWithPath: "/no/such/knowledge/folder"))
        }
    }

    @Test func theFolderIsOnlyRead() throws {
        func snapshot() throws -> [String: Date] {
            var result: [String: Date] = [:]
            let enumerator = FileManager.default.enumerator(at: Self.folder, includingPropertiesForKeys: [.contentModificationDateKey])
            while let url = enumerator?.nextObject() as? URL {
                result[url.path] = try url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate
            }
            return result
        }
        let before = try snapshot()
        _ = try KnowledgeBase(files: [], project: ProjectFolder(directory: Self.folder))
        #expect(try snapshot() == before)
    }
}
