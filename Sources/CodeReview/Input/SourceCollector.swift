import Foundation

/// Reads source files and the wrangler configuration from paths on the user's machine.
///
/// Only paths inside `allowedRoots` are read (after resolving symbolic links); anything else is refused.
/// Folders are walked without following links into `node_modules`, `.git`, `dist`, `build` and other hidden
/// or generated folders.
package struct SourceCollector: Sendable {
    package static let extensions: Set<String> = ["ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts"]
    package static let skippedFolders: Set<String> = ["node_modules", ".git", "dist", "build", ".wrangler", "coverage", ".next", "out"]
    package static let wranglerNames = ["wrangler.jsonc", "wrangler.json", "wrangler.toml"]

    package var allowedRoots: [URL]
    package var maxFiles: Int = ReviewRequest.maxFiles
    package var maxTotalBytes: Int = ReviewRequest.maxTotalBytes

    /// - Parameter allowedRoots: folders the caller may read; pass `nil` to allow any path (the command line).
    package init(allowedRoots: [URL]?) {
        self.allowedRoots = allowedRoots?.map { $0.standardizedFileURL.resolvingSymlinksInPath() } ?? []
        self.unrestricted = allowedRoots == nil
    }

    private var unrestricted: Bool

    /// Collects source files from `paths` (files or folders) and the wrangler file found beside them.
    ///
    /// - Throws: `ReviewInputError` for a path outside the allowed roots, a missing path, or more than
    ///   `maxFiles` files or `maxTotalBytes` bytes.
    package func collect(paths: [String]) throws(ReviewInputError) -> (files: [SourceFile], wrangler: SourceFile?) {
        guard !paths.isEmpty else { throw ReviewInputError(code: "no-paths", message: "No paths given: name files or folders to review.") }
        var files: [SourceFile] = []
        var total = 0
        var wrangler: SourceFile?
        var seen: Set<String> = []
        let fm = FileManager.default
        for raw in paths {
            let url = URL(fileURLWithPath: raw).standardizedFileURL.resolvingSymlinksInPath()
            try checkAllowed(url, as: raw)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isDir) else {
                throw ReviewInputError(code: "path-not-found", message: "\(raw) does not exist. Give a path to a file or folder of the project.")
            }
            var candidates: [URL] = []
            if isDir.boolValue {
                candidates = walk(url)
                if wrangler == nil { wrangler = try findWrangler(in: url) }
            } else {
                candidates = [url]
                if wrangler == nil { wrangler = try findWrangler(in: url.deletingLastPathComponent()) }
            }
            for file in candidates where !seen.contains(file.path) {
                seen.insert(file.path)
                if !isDir.boolValue, !Self.extensions.contains(file.pathExtension.lowercased()) {
                    throw ReviewInputError(code: "unsupported-file", message: "\(raw) is not a TypeScript or JavaScript file (.ts, .tsx, .js, .jsx, .mjs, .cjs).")
                }
                if files.count >= maxFiles {
                    throw ReviewInputError(code: "too-many-files", message: "More than \(maxFiles) source files under \(raw). Name the folder with the Durable Object classes (for example src/objects) or individual files.")
                }
                guard let data = fm.contents(atPath: file.path) else { continue }
                total += data.count
                if total > maxTotalBytes {
                    throw ReviewInputError(code: "input-too-large", message: "The files under \(raw) exceed \(maxTotalBytes / 1_048_576) MiB in all. Name fewer files or folders, leaving out generated and vendored code.")
                }
                files.append(SourceFile(path: display(file), content: String(decoding: data, as: UTF8.self)))
            }
        }
        return (files, wrangler)
    }

    /// Reads one wrangler file named by the caller.
    package func readWrangler(_ raw: String) throws(ReviewInputError) -> SourceFile {
        let url = URL(fileURLWithPath: raw).standardizedFileURL.resolvingSymlinksInPath()
        try checkAllowed(url, as: raw)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ReviewInputError(code: "path-not-found", message: "\(raw) cannot be read. Give the path of wrangler.toml, wrangler.json or wrangler.jsonc.")
        }
        return SourceFile(path: display(url), content: String(decoding: data, as: UTF8.self))
    }

    private func checkAllowed(_ url: URL, as raw: String) throws(ReviewInputError) {
        if unrestricted { return }
        let path = url.path
        let inside = allowedRoots.contains { root in
            let r = root.path.hasSuffix("/") ? String(root.path.dropLast()) : root.path
            return path == r || path.hasPrefix(r + "/")
        }
        if !inside {
            let roots = allowedRoots.map(\.path).joined(separator: ", ")
            throw ReviewInputError(code: "path-outside-roots", message: "\(raw) is outside the folders this server may read (\(roots.isEmpty ? "none" : roots)). Add its folder to the client's roots, or paste the code with `code` or `files`.")
        }
    }

    private func findWrangler(in folder: URL) throws(ReviewInputError) -> SourceFile? {
        var dir = folder
        for _ in 0..<3 {
            for name in Self.wranglerNames {
                let candidate = dir.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: candidate.path) {
                    if !unrestricted, (try? checkAllowed(candidate, as: candidate.path)) == nil { return nil }
                    return try readWrangler(candidate.path)
                }
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            if !unrestricted, (try? checkAllowed(parent, as: parent.path)) == nil { break }
            dir = parent
        }
        return nil
    }

    private func walk(_ root: URL) -> [URL] {
        var result: [URL] = []
        var stack = [root]
        let fm = FileManager.default
        while let dir = stack.popLast() {
            guard let entries = try? fm.contentsOfDirectory(at: dir, includingPropertiesForKeys: [.isDirectoryKey, .isSymbolicLinkKey]) else { continue }
            for e in entries.sorted(by: { $0.path < $1.path }) {
                let values = try? e.resourceValues(forKeys: [.isDirectoryKey, .isSymbolicLinkKey])
                if values?.isSymbolicLink == true { continue }
                if values?.isDirectory == true {
                    if !Self.skippedFolders.contains(e.lastPathComponent), !e.lastPathComponent.hasPrefix(".") { stack.append(e) }
                } else if Self.extensions.contains(e.pathExtension.lowercased()), !e.lastPathComponent.hasSuffix(".d.ts") {
                    result.append(e)
                }
                if result.count > maxFiles { return result }
            }
        }
        return result.sorted { $0.path < $1.path }
    }

    private func display(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        return url.path.hasPrefix(cwd + "/") ? String(url.path.dropFirst(cwd.count + 1)) : url.path
    }
}
