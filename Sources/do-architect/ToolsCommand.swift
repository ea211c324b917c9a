import ArchitectServer
import ArgumentParser
import Foundation
import Logging
import JSONModel

struct ToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools", abstract: "List the MCP tools with their schemas, as an assistant sees them.")

    @Flag(help: "Print the `tools/list` result as JSON.")
    var json = false

    func run() async throws {
        let server = try ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "do-architect"))
        let tools = server.toolList
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(JSON.object(["tools": .array(tools)])), as: UTF8.self))
            return
        }
        for tool in tools {
            print("\(tool["name"]?.stringValue ?? "") — \(tool["title"]?.stringValue ?? "")")
            print((tool["description"]?.stringValue ?? "").wrapped(indent: "  "))
            let properties = tool["inputSchema"]?["properties"]?.objectValue ?? [:]
            let required = Set(tool["inputSchema"]?["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            for name in properties.keys.sorted() {
                let property = properties[name]?.objectValue ?? [:]
                let type = property["type"]?.stringValue ?? "value"
                let marker = required.contains(name) ? " (required)" : ""
                print("  --\(name): \(type)\(marker) \(property["description"]?.stringValue ?? "")")
            }
            print("")
        }
    }
}

extension String {
    func wrapped(indent: String, width: Int = 100) -> String {
        var lines: [String] = []
        var line = indent
        for word in split(separator: " ") {
            if line.count + word.count + 1 > width, line != indent {
                lines.append(line)
                line = indent
            }
            line += (line == indent ? "" : " ") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
