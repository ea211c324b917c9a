import ArchitectServer
import ArgumentParser
import Foundation
import JSONModel
import KnowledgeBase
import Logging

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search the Durable Objects knowledge base from a terminal (the searchDocs tool).")

    @Argument(help: "What to look for, in plain words.")
    var query: String

    @Option(help: "How many docs to show (1-20).")
    var limit: Int = 5

    @Option(help: "Only docs with any of these tags (comma-separated).")
    var tags: String?

    @Option(help: "Only docs of this collection: bundled or project.")
    var collection: String?

    @Option(help: "Only docs whose subject changed on or after this date (YYYY-MM-DD).")
    var since: String?

    @Option(help: "A folder of your team's own Markdown to search beside the bundled docs (as project/<path>). Default: $DO_ARCHITECT_KNOWLEDGE_DIR.")
    var knowledgeDir: String?

    @Flag(help: "Print the tool's JSON result instead of text.")
    var json = false

    func validate() throws {
        let range = SchemaCatalog.integerRange("searchDocs", "limit")
        guard range.contains(limit) else { throw ValidationError("--limit must be between \(range.lowerBound) and \(range.upperBound).") }
    }

    func run() async throws {
        let folder = (knowledgeDir ?? ProcessInfo.processInfo.environment["DO_ARCHITECT_KNOWLEDGE_DIR"]).flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
        let server: ArchitectServer
        do {
            server = try ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "do-architect"), knowledgeDirectory: folder)
        } catch {
            FileHandle.standardError.write(Data("do-architect: \(error)\n".utf8))
            throw ExitCode.failure
        }
        var arguments: JSONObject = ["query": .string(query), "limit": .int(limit)]
        if let collection { arguments["collection"] = .string(collection) }
        if let since { arguments["since"] = .string(since) }
        if let tags { arguments["tags"] = .array(tags.split(separator: ",").map { .string(String($0).trimmingCharacters(in: .whitespaces)) }) }
        let result = try await server.callTool("searchDocs", arguments: arguments, context: .silent)
        if result.isError {
            FileHandle.standardError.write(Data("do-architect: \(result.text)\n".utf8))
            throw ExitCode.failure
        }
        if json {
            print(result.text)
            return
        }
        let output = result.structuredContent?.objectValue ?? [:]
        let results = output["results"]?.arrayValue ?? []
        if results.isEmpty {
            print(output["message"]?.stringValue ?? "No results.")
            let suggestions = output["suggestions"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if !suggestions.isEmpty { print("Try: " + suggestions.joined(separator: "; ")) }
            return
        }
        for (position, item) in results.enumerated() {
            let fields = item.objectValue ?? [:]
            let title = fields["title"]?.stringValue ?? ""
            let section = fields["section"]?.stringValue ?? ""
            let score = fields["score"].flatMap { $0.doubleValue ?? $0.intValue.map(Double.init) } ?? 0
            let collection = fields["collection"]?.stringValue == "project" ? " (project)" : ""
            print("\(position + 1). \(title) — \(section)  [\(fields["id"]?.stringValue ?? "")\(collection)] score \(String(format: "%.2f", score)), changed \(fields["changed"]?.stringValue ?? "")")
            print("   " + (fields["snippet"]?.stringValue ?? ""))
            print("   \(fields["uri"]?.stringValue ?? "")  \(fields["url"]?.stringValue ?? "")")
            for fact in fields["facts"]?.arrayValue ?? [] {
                let fact = fact.objectValue ?? [:]
                print("   fact \(fact["id"]?.stringValue ?? ""): \(fact["value"]?.stringValue ?? "") (changed \(fact["changed"]?.stringValue ?? ""), \(fact["url"]?.stringValue ?? ""))")
            }
        }
    }
}

