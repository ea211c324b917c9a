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

/// The newest `asOf:` date among the embedded docs, read without building the index (or decoding whole files:
/// the version string is made at every start).
enum BundledKnowledgeDate {
    static let asOf = ArchitectServer.bundledAsOf
}

import Foundation
