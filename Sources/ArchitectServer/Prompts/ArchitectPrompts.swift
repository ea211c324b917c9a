import MCP

/// Prompts that lead an assistant through the Durable Objects architect's workflow with this server's tools.
enum ArchitectPrompts {
    static let all: [Prompt] = [
        Prompt(
            name: "review-durable-object", title: "Review Durable Object code",
            description: "Review a Durable Object class (and its wrangler config) against current Cloudflare guidance.",
            arguments: [.init(name: "code", title: "Code", description: "The TypeScript or JavaScript source of the Durable Object class, or paths to it.", required: true)]),
        Prompt(
            name: "design-durable-object", title: "Design with Durable Objects",
            description: "Design a feature on Durable Objects (or decide they are the wrong tool), grounded in limits and price.",
            arguments: [.init(name: "useCase", title: "Use case", description: "What you are building, with any numbers you know (users, requests per second, data size).", required: true)]),
    ]

    /// Required argument names by prompt name, for the preflight check.
    static var requiredArguments: [String: [String]] {
        Dictionary(uniqueKeysWithValues: all.map { prompt in
            (prompt.name, (prompt.arguments ?? []).filter { $0.required == true }.map(\.name))
        })
    }

    static func messages(for name: String, arguments: [String: String]) throws -> GetPrompt.Result {
        switch name {
        case "review-durable-object":
            let code = arguments["code"] ?? ""
            return GetPrompt.Result(description: "Review a Durable Object", messages: [.user(.text(text: """
                You are reviewing Cloudflare Durable Object code as a senior Durable Objects architect.

                1. Call the `reviewCode` tool on the code below (pass it as `code`, or as `paths` if it names files). \
                If `reviewCode` is not available, apply the checklist from the `review-checklist` doc by hand.
                2. For each finding, read its `docs` with `getDoc` (or search with `searchDocs`) so that the \
                explanation cites current guidance and the official URL.
                3. Walk the review checklist (architecture, lifecycle, state, performance, WebSockets) and say for each \
                item whether it passes, fails, or does not apply, with evidence from the code.
                4. End with the fixes in priority order, each with a corrected snippet, and anything the code does not \
                show that the author should check (wrangler migrations, compatibility date, expected load).

                Code:

                ```
                \(code)
                ```
                """))])
        case "design-durable-object":
            let useCase = arguments["useCase"] ?? ""
            return GetPrompt.Result(description: "Design with Durable Objects", messages: [.user(.text(text: """
                You are a senior Cloudflare Durable Objects architect. Design the following use case:

                \(useCase)

                Work in this order:
                1. Search the knowledge base (`searchDocs`) for the matching patterns, `choosing-storage` and `limits`.
                2. Decide the primitive: a Durable Object only where coordination, strong consistency or per-entity \
                state is needed; otherwise Workers KV, D1, R2, Queues or a stateless Worker. Say what you rejected and why.
                3. Choose the granularity (one object per what), the name scheme for `getByName`, the shard count from \
                the expected requests per second and a per-object budget (about 1,000 rps simple, 200–500 with storage \
                writes), storage (SQLite-backed, migrations in the constructor under `blockConcurrencyWhile`), alarms \
                and WebSocket hibernation where they apply.
                4. Estimate the monthly cost by line with the `pricing` doc, and the limits approached with their margin.
                5. If the `recommendArchitecture`, `runWorkload` or `getDOMetrics` tools are available, use them to \
                check the design with measured numbers.
                6. Give a TypeScript class skeleton and wrangler config; if `reviewCode` is available, run it on them \
                and fix every finding. List the questions whose answers would change the design.
                """))])
        default:
            throw MCPError.invalidParams("Unknown prompt: \(name)")
        }
    }
}
