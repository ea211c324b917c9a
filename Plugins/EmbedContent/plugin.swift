import Foundation
import PackagePlugin

/// Embeds `Knowledge/*.md`, `Schemas/*.json`, the views' parts (`Views/*.css`, `Views/*.js`) and the JavaScript host's
/// shim (`Sources/JSHost/Shim/*.js`) into the `BundledContent` target at build time, so the binary
/// works when copied alone to another folder (SwiftPM resources need their bundle folder beside the binary on Linux).
@main
struct EmbedContent: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        let folders = [
            root.appending(path: "Knowledge"), root.appending(path: "Schemas"), root.appending(path: "Views"),
            root.appending(path: "Sources/JSHost/Shim"),
        ]
        let suffixes = [".md", ".json", ".css", ".js"]
        var inputs: [URL] = []
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where suffixes.contains(where: { name.hasSuffix($0) }) {
                inputs.append(folder.appending(path: name))
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "BundledFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) files from Knowledge/, Schemas/, Views/ and Sources/JSHost/Shim/",
                executable: try context.tool(named: "EmbedGenerator").url,
                arguments: [root.path, output.path] + inputs.map(\.path),
                inputFiles: inputs + folders,
                outputFiles: [output]
            )
        ]
    }
}
