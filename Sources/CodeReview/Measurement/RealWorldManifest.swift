import Foundation

/// The manifest of the real-world corpus (`Tests/CodeReviewTests/RealWorld/manifest.json`): public Durable Object
/// files named by repository, path and commit, with hand-written labels. The files themselves are fetched into
/// a folder laid out as `<owner>+<name>/<path>` and never committed.
package struct RealWorldManifest: Codable, Sendable {
    /// What a file should produce: one finding of `rule` at `line`.
    package struct Label: Codable, Sendable, Equatable {
        package var rule: String
        package var line: Int
        package var why: String

        package init(rule: String, line: Int, why: String) {
            self.rule = rule
            self.line = line
            self.why = why
        }
    }

    /// A line that looks like `looksLike` but is fine.
    package struct Trap: Codable, Sendable, Equatable {
        package var line: Int
        package var looksLike: String
        package var why: String
    }

    package struct File: Codable, Sendable {
        package enum Role: String, Codable, Sendable { case source, config }
        package var path: String
        package var role: Role
        package var labels: [Label]
        package var traps: [Trap]

        package init(path: String, role: Role, labels: [Label], traps: [Trap]) {
            self.path = path
            self.role = role
            self.labels = labels
            self.traps = traps
        }
    }

    /// The selected files of one repository that share one wrangler configuration; reviewed as one request.
    package struct Case: Codable, Sendable {
        package var id: String
        package var repository: String
        package var commit: String
        package var split: String
        package var files: [File]

        package init(id: String, repository: String, commit: String, split: String, files: [File]) {
            self.id = id
            self.repository = repository
            self.commit = commit
            self.split = split
            self.files = files
        }
    }

    package var about: String
    package var excludedRepositories: [String]
    package var splitSeed: UInt64
    package var cases: [Case]

    /// Reads a manifest file.
    package static func load(_ url: URL) throws -> RealWorldManifest {
        try JSONDecoder().decode(RealWorldManifest.self, from: Data(contentsOf: url))
    }

    /// The cases of one split (`dev`, `heldout`, `heldout2` … `heldout10`), or all of them for `nil`.
    package func cases(split: String?) -> [Case] {
        guard let split else { return cases }
        return cases.filter { $0.split == split }
    }
}

extension RealWorldManifest.Case {
    /// One review request per Worker of the case, reading its files from the first of `folders` (each laid out as
    /// `<owner>+<name>/<path>`) that holds its repository. With several wrangler configs (a repository with two
    /// Workers), each config is reviewed with the source files under its own folder (files under none go with the
    /// first), as a user reviews each Worker with its own config; with one config or none, one request.
    ///
    /// Findings name files by their path in the repository, as the labels do.
    ///
    /// - Throws: when a file is missing (it was not fetched).
    package func requests(folders: [URL], minConfidence: Confidence) throws -> [ReviewRequest] {
        let (sources, configs) = try read(folders: folders)
        guard configs.count > 1 else {
            return [ReviewRequest(files: sources, wrangler: configs.last, maxFindings: 1000, minConfidence: minConfidence)]
        }
        func folder(_ path: String) -> String { path.split(separator: "/").dropLast().joined(separator: "/") }
        var groups: [[SourceFile]] = Array(repeating: [], count: configs.count)
        for source in sources {
            let owners = configs.indices.filter { i in
                let dir = folder(configs[i].path)
                return dir.isEmpty || source.path.hasPrefix(dir + "/")
            }
            let best = owners.max { folder(configs[$0].path).count < folder(configs[$1].path).count } ?? 0
            groups[best].append(source)
        }
        return configs.indices.map { i in
            ReviewRequest(files: groups[i], wrangler: configs[i], maxFindings: 1000, minConfidence: minConfidence)
        }
    }

    /// The case as one request: every source file, with its last wrangler config.
    ///
    /// - Throws: when a file is missing (it was not fetched).
    package func request(folders: [URL], minConfidence: Confidence) throws -> ReviewRequest {
        let (sources, configs) = try read(folders: folders)
        return ReviewRequest(files: sources, wrangler: configs.last, maxFindings: 1000, minConfidence: minConfidence)
    }

    /// The case's source files and configs, each read once, in manifest order.
    private func read(folders: [URL]) throws -> (sources: [SourceFile], configs: [SourceFile]) {
        let name = repository.replacingOccurrences(of: "/", with: "+")
        let candidates = folders.map { $0.appendingPathComponent(name) }
        let base = candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates.first
            ?? URL(fileURLWithPath: name)
        var sources: [SourceFile] = []
        var configs: [SourceFile] = []
        for f in files {
            let content = try String(contentsOf: base.appendingPathComponent(f.path), encoding: .utf8)
            let file = SourceFile(path: f.path, content: content)
            if f.role == .config { configs.append(file) } else { sources.append(file) }
        }
        return (sources, configs)
    }
}
