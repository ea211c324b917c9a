import Foundation

/// The team's own Markdown (ADRs, runbooks, conventions) in a folder given with `--knowledge-dir`.
///
/// The folder is only read, never written. A file that cannot be read or parsed is skipped with a warning, so a
/// bad file never stops the server from starting.
package struct ProjectFolder: Sendable {
    /// One Markdown file of the folder.
    package struct File: Sendable {
        /// The path relative to the folder, with `/` separators.
        package var path: String
        package var text: String
        /// The modification date, `YYYY-MM-DD` (UTC).
        package var modified: String

        package init(path: String, text: String, modified: String) {
            self.path = path
            self.text = text
            self.modified = modified
        }
    }

    package var files: [File] = []
    /// One sentence per file or folder skipped, naming it and why.
    package var warnings: [String] = []

    /// The Markdown files (`.md`, `.markdown`) under `directory`, recursively, sorted by path. Hidden files and
    /// folders are skipped.
    /// - Throws: ``KnowledgeBaseError/Code/invalidArgument`` when `directory` is not a readable folder.
    package init(directory: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw KnowledgeBaseError(code: .invalidArgument, message: "The knowledge folder \(directory.path) does not exist or is not a folder.")
        }
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        var warnings: [String] = []
        guard let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey, .contentModificationDateKey],
            options: [.skipsHiddenFiles],
            errorHandler: { url, error in
                warnings.append("skipped \(url.path): \(error.localizedDescription)")
                return true
            })
        else {
            throw KnowledgeBaseError(code: .invalidArgument, message: "The knowledge folder \(directory.path) cannot be read.")
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var files: [File] = []
        for case let url as URL in enumerator {
            let name = url.lastPathComponent.lowercased()
            guard name.hasSuffix(".md") || name.hasSuffix(".markdown") else { continue }
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .contentModificationDateKey])
            guard values?.isRegularFile == true else { continue }
            let resolved = url.standardizedFileURL.resolvingSymlinksInPath().path
            let relative = resolved.hasPrefix(root.path + "/") ? String(resolved.dropFirst(root.path.count + 1)) : url.lastPathComponent
            guard let data = FileManager.default.contents(atPath: url.path) else {
                warnings.append("skipped \(relative): the file cannot be read")
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                warnings.append("skipped \(relative): the file is not UTF-8 text")
                continue
            }
            files.append(File(path: relative, text: text, modified: formatter.string(from: values?.contentModificationDate ?? Date())))
        }
        self.files = files.sorted { $0.path < $1.path }
        self.warnings = warnings
    }

    /// Files given directly (tests, or a caller that read them itself).
    package init(files: [File]) {
        self.files = files
    }
}
