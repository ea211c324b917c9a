import CodeReview
import Foundation

/// Loads the labelled corpus in `Tests/CodeReviewTests/Corpus`: each file, or each `app-*` folder (sources plus
/// a wrangler file), with the findings it should produce in a sidecar `*.expected.json`.
enum CorpusFixtures {
    struct Expected: Decodable, Hashable {
        var file: String
        var rule: String
        var line: Int
    }

    struct Case {
        var name: String
        var request: ReviewRequest
        var expected: [Expected]
    }

    private struct Sidecar: Decodable { var expected: [Expected] }

    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")
    }

    static let sourceExtensions: Set<String> = ["ts", "tsx", "js", "jsx", "mjs", "cjs"]

    static func load() throws -> [Case] {
        let fm = FileManager.default
        var cases: [Case] = []
        for name in try fm.contentsOfDirectory(atPath: directory.path).sorted() {
            let url = directory.appendingPathComponent(name)
            var isDir: ObjCBool = false
            _ = fm.fileExists(atPath: url.path, isDirectory: &isDir)
            if isDir.boolValue {
                var files: [SourceFile] = []
                var wrangler: SourceFile?
                for inner in try fm.contentsOfDirectory(atPath: url.path).sorted() {
                    let content = try String(contentsOf: url.appendingPathComponent(inner), encoding: .utf8)
                    if inner.hasPrefix("wrangler.") {
                        wrangler = SourceFile(path: inner, content: content)
                    } else if sourceExtensions.contains(URL(fileURLWithPath: inner).pathExtension) {
                        files.append(SourceFile(path: inner, content: content))
                    }
                }
                let sidecar = try JSONDecoder().decode(Sidecar.self, from: Data(contentsOf: url.appendingPathComponent("expected.json")))
                cases.append(Case(name: name, request: ReviewRequest(files: files, wrangler: wrangler, maxFindings: 1000), expected: sidecar.expected))
            } else if sourceExtensions.contains(url.pathExtension) {
                let content = try String(contentsOf: url, encoding: .utf8)
                let sidecarURL = directory.appendingPathComponent(name + ".expected.json")
                let sidecar = try JSONDecoder().decode(Sidecar.self, from: Data(contentsOf: sidecarURL))
                cases.append(Case(name: name, request: ReviewRequest(files: [SourceFile(path: name, content: content)], maxFindings: 1000),
                                  expected: sidecar.expected))
            }
        }
        return cases
    }

    /// All corpus sources, for throughput measurements and fuzz seeds.
    static func sources() throws -> [SourceFile] {
        try load().flatMap(\.request.files)
    }
}
