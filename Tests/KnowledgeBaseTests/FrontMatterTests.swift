import KnowledgeBase
import Testing

struct FrontMatterTests {
    @Test func parsesScalarsInlineListsAndBlockLists() throws {
        let text = """
            ---
            id: x
            title: "A: quoted title"
            summary: Something.
            tags: [a, "b c"]
            sources:
              - https://developers.cloudflare.com/x/
              - unverified: https://github.com/someone/repo
            asOf: 2026-11-29
            ---
            # A

            Intro.

            ## First

            Body.

            Sources: https://developers.cloudflare.com/x/

            ```ts
            ## not a heading inside code
            ```
            """
        let document = try KnowledgeDocument(file: "Knowledge/x.md", text: text)
        #expect(document.title == "A: quoted title")
        #expect(document.tags == ["a", "b c"])
        #expect(document.sources.map(\.isUnverified) == [false, true])
        #expect(document.sections.map(\.heading) == ["Overview", "First"])
        #expect(document.sections[1].sourceURLs == ["https://developers.cloudflare.com/x/"])
    }

    @Test(arguments: ["no front matter", "---\nid: x\n", "---\ntitle: t\nsummary: s\nasOf: d\n---\n", "---\nid: x\n- orphan\n---\n"])
    func malformedDocsAreRefusedNamingTheFile(text: String) {
        #expect(throws: KnowledgeBaseError.self) { try KnowledgeDocument(file: "Knowledge/bad.md", text: text) }
    }
}
