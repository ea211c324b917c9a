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
            run: { arguments, context in
                let knowledge = try await loader.ready()
                let query = arguments["query"]?.text ?? ""
                let limit = arguments["limit"]?.integer ?? 5
                let tags = arguments["tags"]?.arrayValue?.compactMap(\.text) ?? []
                let collection = try arguments["collection"]?.text.map { name in
                    guard let value = KnowledgeDocument.Collection(rawValue: name) else {
                        throw KnowledgeBaseError(code: .invalidArgument, message: "`collection` must be \"bundled\" or \"project\"; got \"\(name)\".")
                    }
                    return value
                }
                let found = try knowledge.search(query, limit: limit, tags: tags, collection: collection, since: arguments["since"]?.text)
                await context.progress(1, 1, "searched \(knowledge.documents.count) docs")
                await context.log(.debug, "searchDocs \"\(query)\": \(found.results.count) result(s)")
                var output: [String: JSON] = [
                    "query": .string(found.query),
                    "results": .array(found.results.map(\.value)),
                ]
                if !found.suggestions.isEmpty || found.results.isEmpty {
                    output["suggestions"] = .array(found.suggestions.map(JSON.string))
                    output["message"] = .string(
                        "No doc matched \(found.terms.map { "\"\($0)\"" }.joined(separator: ", "))\(tags.isEmpty ? "" : " with tags \(tags.joined(separator: ", "))"). Try other words, or one of the suggestions.")
                }
                return .object(output)
            })
    }

    static func getDoc(_ loader: KnowledgeLoader) -> ToolSpec {
        ToolSpec(
            name: "getDoc",
            title: "Read a Durable Objects doc",
            description: """
                Read one doc of the knowledge base as Markdown, whole or one section, in parts. Use it after \
                searchDocs to read the section a result points to (`section` takes the heading text or its slug), or \
                a whole doc by id. Output is at most `maxChars` characters (default 8000) from `offset`; when \
                `nextOffset` is present, call again with that offset to read on. Returns the Markdown, the section \
                heading, the total length and the official source URL.
                """,
            annotations: .init(title: "Read a Durable Objects doc", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
            run: { arguments, _ in
                let excerpt = try await loader.ready().read(
                    id: arguments["id"]?.text ?? "",
                    section: arguments["section"]?.text,
                    offset: arguments["offset"]?.integer ?? 0,
                    maxChars: arguments["maxChars"]?.integer ?? 8000)
                return try JSON.encoding(excerpt)
            })
    }
}

extension SearchResult {
    /// The result as the `searchDocs` output schema shapes it (built directly: this is the hot path).
    var value: JSON {
        .object([
            "id": .string(id), "title": .string(title), "section": .string(section), "snippet": .string(snippet),
            "score": .double(score), "uri": .string(uri), "url": .string(url),
            "collection": .string(collection.rawValue), "changed": .string(changed),
            "facts": .array(facts.map { fact in
                var fields: [String: JSON] = [
                    "id": .string(fact.id), "statement": .string(fact.statement), "value": .string(fact.value),
                    "url": .string(fact.url), "changed": .string(fact.changed),
                ]
                if let disputed = fact.disputed { fields["disputed"] = .string(disputed) }
                return .object(fields)
            }),
        ])
    }
}
