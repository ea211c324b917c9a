import JSONModel

/// Prompts that lead an assistant through the Durable Objects architect's workflow with this server's tools.
enum ArchitectPrompts {
    struct Prompt {
        var name: String
        var title: String
        var description: String
        /// Argument name, title, description; every argument is required.
        var arguments: [(name: String, title: String, description: String)]

        var json: JSON {
            [
                "name": .string(name), "title": .string(title), "description": .string(description),
                "arguments": .array(arguments.map { ["name": .string($0.name), "title": .string($0.title), "description": .string($0.description), "required": true] }),
            ]
        }
    }

    static let all: [Prompt] = [
        Prompt(
            name: "review-durable-object", title: "Review Durable Object code",
            description: "Review a Durable Object class (and its wrangler config) against current Cloudflare guidance.",
            arguments: [("code", "Code", "The TypeScript or JavaScript source of the Durable Object class, or paths to it.")]),
        Prompt(
            name: "design-durable-object", title: "Design with Durable Objects",
            description: "Design a feature on Durable Objects (or decide they are the wrong tool), grounded in limits and price.",
            arguments: [("useCase", "Use case", "What you are building, with any numbers you know (users, requests per second, data size).")]),
    ]

    /// The `prompts/list` entries.
    static var list: [JSON] { all.map(\.json) }

    /// The `prompts/get` result for its params `{name, arguments}`.
    /// - Throws: ``ProtocolError`` -32602 for an unknown prompt, a missing argument or arguments that are not strings.
    static func get(_ params: JSONObject) throws(ProtocolError) -> JSON {
        let names = all.map(\.name).joined(separator: ", ")
        guard case .string(let name)? = params["name"] else {
            throw .invalidParams("`prompts/get` needs `name`, a string. Prompts: \(names).")
        }
        guard let prompt = all.first(where: { $0.name == name }) else {
            throw .invalidParams("Unknown prompt: \(name). Prompts: \(names).")
        }
        var arguments: [String: String] = [:]
        switch params["arguments"] {
        case nil, .null?: break
        case .object(let object)?:
            for (key, value) in object {
                guard case .string(let text) = value else {
                    throw .invalidParams("`arguments` of `prompts/get` must be an object of strings.")
                }
                arguments[key] = text
            }
        default: throw .invalidParams("`arguments` of `prompts/get` must be an object of strings.")
        }
        if let missing = prompt.arguments.first(where: { arguments[$0.name] == nil }) {
            throw .invalidParams("Prompt \(name) needs the argument `\(missing.name)`.")
        }
        let (description, text) = messages(for: name, arguments: arguments)
        return [
            "description": .string(description),
            "messages": [["role": "user", "content": ["type": "text", "text": .string(text)]]],
        ]
    }

    private static func messages(for name: String, arguments: [String: String]) -> (description: String, text: String) {
        switch name {
        case "review-durable-object":
            let code = arguments["code"] ?? ""
            return ("Review a Durable Object", """
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
                """)
        case "design-durable-object":
            let useCase = arguments["useCase"] ?? ""
            return ("Design with Durable Objects", """
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
                """)
        default:
            return ("", "")
        }
    }
}
