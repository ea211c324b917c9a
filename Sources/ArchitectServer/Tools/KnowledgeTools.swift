import KnowledgeBase
import JSONModel

/// `searchDocs` and `getDoc`: the knowledge base as tools.
enum KnowledgeTools {
    static func searchDocs(_ loader: KnowledgeLoader) -> ToolSpec {
        ToolSpec(
            name: "searchDocs",
            title: "Search Durable Objects docs",
            description: """
                Search do-architect's offline knowledge base of Cloudflare Durable Objects: limits, pricing, storage \
                (KV and SQLite) APIs, alarms, hibernation, WebSockets, input/output gates, IDs, wrangler config, \
                observability, testing, choosing between DO/KV/D1/R2/Queues, a pattern cookbook (rate limiter, chat \
                room, sharded counter, queue, scheduler, …) and anti-patterns with the reviewCode rule that detects \
                each. Use it before answering any Durable Objects question, in plain words ("what happens if my alarm \
                throws"). Returns up to `limit` docs (default 5), each with its best-matching section, a snippet \
                holding the answering sentence, a score, a kb:// resource URI and the official source URL; read more \
                with getDoc. When nothing matches, `suggestions` lists the nearest tags and titles. Facts carry an \
                `asOf` date (\(loader.asOf)); each result lists the `facts` its snippet states (value, official URL, \
                the date it changed) and its `collection`: `bundled`, or `project` for the team's own docs \
                (`--knowledge-dir`). `since: "YYYY-MM-DD"` keeps docs whose subject changed on or after that date; \
                the `whats-new` doc lists the latest changes.
                """,
            annotations: .init(title: "Search Durable Objects docs", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
            aliases: ["docs.search"],
            run: { raw, context in
                let arguments = try ToolSpec.decode(SearchArguments.self, raw, tool: "searchDocs")
                let knowledge = try await loader.ready()
                let found = try knowledge.search(
                    arguments.query, limit: arguments.limit, offset: arguments.offset, tags: arguments.tags ?? [],
                    collection: arguments.collection, since: arguments.since)
                await context.progress(1, 1, "searched \(knowledge.documents.count) docs")
                await context.log(.debug, "searchDocs \"\(arguments.query)\": \(found.results.count) result(s)")
                let end = arguments.offset + found.results.count
                var output = SearchOutput(
                    query: found.query, results: found.results, total: found.total, truncated: found.total > end,
                    nextOffset: found.total > end ? end : nil)
                if found.total == 0 {
                    let tags = arguments.tags ?? []
                    output.suggestions = found.suggestions
                    output.message = "No doc matched \(found.terms.map { "\"\($0)\"" }.joined(separator: ", "))\(tags.isEmpty ? "" : " with tags \(tags.joined(separator: ", "))"). Try other words, or one of the suggestions."
                }
                return try ToolSpec.encode(output)
            })
    }

    /// The arguments of `searchDocs` (`Schemas/searchDocs.input.json`; `limit` defaults there).
    struct SearchArguments: Decodable {
        var query: String
        var limit: Int
        var offset: Int
        var tags: [String]?
        var collection: KnowledgeDocument.Collection?
        var since: String?
    }

    /// The result of `searchDocs` (`Schemas/searchDocs.output.json`).
    struct SearchOutput: Encodable {
        var query: String
        var results: [SearchResult]
        /// How many docs matched in all.
        var total: Int
        /// Whether more matching docs follow this page.
        var truncated: Bool
        /// The `offset` of the next page, when there is one.
        var nextOffset: Int?
        /// Nearest tags and titles, when nothing (or little) matched.
        var suggestions: [String]?
        /// What to try when nothing matched.
        var message: String?
    }

    static func getDoc(_ loader: KnowledgeLoader) -> ToolSpec {
        ToolSpec(
            name: "getDoc",
            title: "Read a Durable Objects doc",
            description: """
                Read one doc of the knowledge base as Markdown, whole or one section, in parts. Use it after \
                searchDocs to read the section a result points to (`section` takes the heading text or its slug), or \
                a whole doc by id. Output is at most `maxChars` characters (default \
                \(SchemaCatalog.inputDefault("getDoc", "maxChars"))) from `offset`; when `nextOffset` is present, call \
                again with that offset to read on. Returns the Markdown, the section heading, the total length and the \
                official source URL.
                """,
            annotations: .init(title: "Read a Durable Objects doc", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
            run: { raw, _ in
                let arguments = try ToolSpec.decode(GetDocArguments.self, raw, tool: "getDoc")
                return try ToolSpec.encode(try await loader.ready().read(
                    id: arguments.id, section: arguments.section, offset: arguments.offset, maxChars: arguments.maxChars))
            })
    }

    /// The arguments of `getDoc` (`Schemas/getDoc.input.json`; `offset` and `maxChars` default there). The result
    /// is the engine's `DocumentExcerpt`, whose keys are those of `Schemas/getDoc.output.json`.
    struct GetDocArguments: Decodable {
        var id: String
        var section: String?
        var offset: Int
        var maxChars: Int
    }
}
