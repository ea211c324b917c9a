import CodeReview
import Foundation
import Testing

struct SourceCollectorTests {
    /// A fresh folder with a small project: two sources, a wrangler file, node_modules and dist to skip.
    static func project() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("collector-\(UUID().uuidString)")
        let fm = FileManager.default
        for dir in ["src", "node_modules/pkg", "dist"] {
            try fm.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        try "export class A extends DurableObject {}".write(to: root.appendingPathComponent("src/a.ts"), atomically: true, encoding: .utf8)
        try "export default {}".write(to: root.appendingPathComponent("src/index.js"), atomically: true, encoding: .utf8)
        try "notes".write(to: root.appendingPathComponent("src/readme.md"), atomically: true, encoding: .utf8)
        try "x".write(to: root.appendingPathComponent("node_modules/pkg/x.js"), atomically: true, encoding: .utf8)
        try "x".write(to: root.appendingPathComponent("dist/out.js"), atomically: true, encoding: .utf8)
        try "[[durable_objects.bindings]]\nname = \"A\"\nclass_name = \"A\"\n".write(to: root.appendingPathComponent("wrangler.toml"), atomically: true, encoding: .utf8)
        return root
    }

    @Test func collectsSourcesAndTheWranglerFileInsideTheRoots() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let collector = SourceCollector(allowedRoots: [root])
        let (files, wrangler) = try collector.collect(paths: [root.appendingPathComponent("src").path])
        #expect(files.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["a.ts", "index.js"])
        #expect(wrangler.map { URL(fileURLWithPath: $0.path).lastPathComponent } == "wrangler.toml")
    }

    @Test func refusesPathsOutsideTheRoots() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let collector = SourceCollector(allowedRoots: [root.appendingPathComponent("src")])
        #expect(throws: ReviewInputError.self) { try collector.collect(paths: ["/etc"]) }
        #expect(throws: ReviewInputError.self) { try collector.collect(paths: [root.appendingPathComponent("src/../dist").path]) }
        do {
            _ = try collector.collect(paths: ["/etc/hostname"])
        } catch {
            #expect(error.code == "path-outside-roots")
            #expect(error.message.contains("roots"))
        }
    }

    @Test func enforcesTheFileCountLimit() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        var collector = SourceCollector(allowedRoots: [root])
        collector.maxFiles = 1
        do {
            _ = try collector.collect(paths: [root.appendingPathComponent("src").path])
            Issue.record("expected too-many-files")
        } catch {
            #expect(error.code == "too-many-files")
            #expect(error.message.contains("1"))
        }
    }

    @Test func requestValidationNamesTheLimit() {
        let many = ReviewRequest(files: (0..<51).map { SourceFile(path: "f\($0).ts", content: "") })
        #expect(throws: ReviewInputError(code: "too-many-files", message: "51 files given; at most 50 per request. Review the Durable Object files and the Worker entry point first, or split the request.")) {
            try many.validate()
        }
        let big = ReviewRequest(files: [SourceFile(path: "a.ts", content: String(repeating: "x", count: 4 * 1024 * 1024 + 1))])
        #expect(throws: ReviewInputError.self) { try big.validate() }
        #expect(throws: ReviewInputError.self) { try ReviewRequest(files: [], wrangler: nil).validate() }
        #expect(throws: ReviewInputError.self) { try ReviewRequest.code("x", maxFindings: 0).validate() }
        #expect(throws: Never.self) { try ReviewRequest.code("x").validate() }
    }

    @Test(arguments: [("a.ts", SourceLanguage.ts), ("a.tsx", .tsx), ("a.jsx", .jsx), ("a.mjs", .js), ("a.cjs", .js), ("a.mts", .ts)])
    func languageDefaultsFromTheExtension(path: String, language: SourceLanguage) {
        #expect(SourceFile(path: path, content: "").effectiveLanguage == language)
    }
}

struct ReviewRequestToolArgumentsTests {
    static let collector = SourceCollector(allowedRoots: [FileManager.default.temporaryDirectory])

    @Test func exactlyOneSourceIsRequired() {
        for (code, files, paths): (String?, [(path: String, content: String)]?, [String]?) in [(nil, nil, nil), ("x", [("a.ts", "")], nil), ("x", nil, ["/tmp"])] {
            #expect(throws: ReviewInputError.self) {
                try ReviewRequest.fromToolArguments(code: code, files: files, paths: paths, wrangler: nil, language: nil, maxFindings: nil, collector: Self.collector)
            }
        }
    }

    @Test func codeIsReportedAsInputWithTheLanguagesExtension() throws {
        let request = try ReviewRequest.fromToolArguments(code: "const a = 1", files: nil, paths: nil, wrangler: ("wrangler.toml", ""),
                                                          language: .jsx, maxFindings: 5, collector: Self.collector)
        #expect(request.files.map(\.path) == ["input.jsx"])
        #expect(request.maxFindings == 5)
        #expect(request.wrangler?.path == "wrangler.toml")
    }

    @Test func oversizedCodeIsRefusedWithTheLimit() {
        do {
            _ = try ReviewRequest.fromToolArguments(code: String(repeating: "x", count: 1_048_577), files: nil, paths: nil, wrangler: nil,
                                                    language: nil, maxFindings: nil, collector: Self.collector)
            Issue.record("expected code-too-large")
        } catch {
            #expect(error.code == "code-too-large")
            #expect(error.message.contains("1 MiB"))
        }
    }

    @Test func pathsOutsideTheRootsAreRefused() {
        #expect(throws: ReviewInputError.self) {
            try ReviewRequest.fromToolArguments(code: nil, files: nil, paths: ["/etc"], wrangler: nil, language: nil, maxFindings: nil,
                                                collector: SourceCollector(allowedRoots: [URL(fileURLWithPath: "/nonexistent-root")]))
        }
    }
}
