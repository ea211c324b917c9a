import Foundation
import PackagePlugin

/// Embeds `Knowledge/*.md`, `Schemas/*.json` and the JavaScript host's shim (`Sources/JSHost/Shim/*.js`) into the `BundledContent` target at build time, so the binary
/// works when copied alone to another folder (SwiftPM resources need their bundle folder beside the binary on Linux).
@main
struct EmbedContent: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        let folders = [
            root.appending(path: "Knowledge"), root.appending(path: "Schemas"), root.appending(path: "Sources/JSHost/Shim"),
        ]
        var inputs: [URL] = []
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".md") || name.hasSuffix(".json") || name.hasSuffix(".js") {
                inputs.append(folder.appending(path: name))
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "BundledFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) files from Knowledge/, Schemas/ and Sources/JSHost/Shim/",
                executable: try context.tool(named: "EmbedGenerator").url,
                arguments: [root.path, output.path] + inputs.map(\.path),
                inputFiles: inputs + folders,
                outputFiles: [output]
            )
        ]
    }
}
