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

    /// The first `bytes` bytes (up to two more) of each embedded file under one folder, in path order, decoded
    /// without decoding the rest of the table: for reading front matter at start-up, before ``files`` is needed.
    package static func leadingText(in folder: String, bytes: Int) -> [File] {
        let characters = (bytes + 2) / 3 * 4  // whole base64 quanta
        return BundledFiles.table.filter { $0.path.hasPrefix(folder + "/") }.compactMap { entry in
            guard let data = Data(base64Encoded: Data(entry.base64.utf8.prefix(characters))) else { return nil }
            return File(path: entry.path, text: String(decoding: data, as: UTF8.self))
        }.sorted { $0.path < $1.path }
    }
}
