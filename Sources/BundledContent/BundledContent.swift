import Foundation

/// The files of `Knowledge/` and `Schemas/`, embedded in the binary at build time by the `EmbedContent` plugin.
package enum BundledContent {
    /// One embedded file: its path relative to the package root (`Knowledge/alarms.md`) and its text.
    package struct File: Sendable, Hashable {
        package var path: String
        package var text: String
    }

    /// Every embedded file, in path order.
    package static let files: [File] = BundledFiles.table.compactMap { entry in
        guard let data = Data(base64Encoded: entry.base64) else { return nil }
        return File(path: entry.path, text: String(decoding: data, as: UTF8.self))
    }.sorted { $0.path < $1.path }

    /// The embedded files under one folder (`"Knowledge"` or `"Schemas"`), in path order.
    package static func files(in folder: String) -> [File] {
        files.filter { $0.path.hasPrefix(folder + "/") }
    }
}
