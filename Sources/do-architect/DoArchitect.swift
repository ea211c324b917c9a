import ArchitectServer
import ArgumentParser
import BundledContent

@main
struct DoArchitect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "do-architect",
        abstract: "An MCP server that gives AI assistants expertise in Cloudflare Durable Objects.",
        discussion: """
            Attach `do-architect serve` (the default) to Claude Code, Claude Desktop, Cursor or VS Code as a stdio \
            MCP server. The other subcommands give people the same engines in a terminal.
            """,
        version: "\(ArchitectServer.version) (knowledge base as of \(BundledKnowledgeDate.asOf))",
        subcommands: [
            Serve.self, Search.self, ReviewCommand.self, RecommendCommand.self, WorkloadCommand.self, MetricsCommand.self,
            ResetCommand.self, ToolsCommand.self,
            Bench.self,
        ],
        defaultSubcommand: Serve.self)
}

/// The newest `asOf:` date among the embedded docs, read without building the index.
enum BundledKnowledgeDate {
    static let asOf: String = {
        var newest = ""
        for file in BundledContent.files(in: "Knowledge") {
            for line in file.text.split(separator: "\n").prefix(40) where line.hasPrefix("asOf:") {
                let value = line.dropFirst(5).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                if value > newest { newest = value }
            }
        }
        return newest.isEmpty ? "unknown" : newest
    }()
}

import Foundation
