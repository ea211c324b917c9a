import CodeReview
import Foundation
import Testing

/// The committed manifest of the real-world corpus is well formed (the files themselves are not in CI).
struct RealWorldManifestTests {
    static let manifest = Result {
        try RealWorldManifest.load(URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("RealWorld/manifest.json"))
    }

    @Test func holdsAtLeastEightyFilesFromFortyRepositories() throws {
        let m = try Self.manifest.get()
        let sources = m.cases.flatMap(\.files).filter { $0.role == .source }
        #expect(sources.count >= 80)
        #expect(Set(m.cases.map(\.repository)).count >= 40)
    }

    @Test func leavesOutTheRepositoriesKeptForTheIndependentCheck() throws {
        let m = try Self.manifest.get()
        let excluded = Set(m.excludedRepositories.map { $0.lowercased() })
        #expect(excluded.count == 31)
        #expect(m.cases.allSatisfy { !excluded.contains($0.repository.lowercased()) })
    }

    @Test func labelsNameKnownRulesAndRealLines() throws {
        let m = try Self.manifest.get()
        let ids = Set(RuleCatalog.all.map(\.id))
        for f in m.cases.flatMap(\.files) {
            for l in f.labels {
                #expect(ids.contains(l.rule), "\(f.path): unknown rule \(l.rule)")
                #expect(l.line > 0 && !l.why.isEmpty)
            }
            for t in f.traps { #expect(ids.contains(t.looksLike) && t.line > 0, "\(f.path): trap \(t.looksLike)") }
        }
    }

    @Test func splitIsByRepositoryIntoDevelopmentAndTenHeldOutSets() throws {
        let m = try Self.manifest.get()
        let splits = ["dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10"]
        let repositories = splits.map { Set(m.cases(split: $0).map(\.repository)) }
        #expect(repositories.allSatisfy { !$0.isEmpty })
        for (i, a) in repositories.enumerated() {
            for b in repositories[(i + 1)...] { #expect(a.isDisjoint(with: b)) }
        }
        #expect(repositories.map(\.count).reduce(0, +) == Set(m.cases.map(\.repository)).count)
        #expect(m.cases.allSatisfy { splits.contains($0.split) })
        #expect(m.cases.allSatisfy { $0.commit.count == 40 })
    }

    /// Each later held-out set, added after the one before was scored: at least 30 files from 20 repositories.
    @Test(arguments: ["heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10"])
    func laterHeldOutSetsHoldThirtyFilesFromTwentyRepositories(split: String) throws {
        let cases = try Self.manifest.get().cases(split: split)
        #expect(cases.flatMap(\.files).filter { $0.role == .source }.count >= 30)
        #expect(Set(cases.map(\.repository)).count >= 20)
    }

    /// A case is read from the first of several folders that holds its repository.
    @Test func requestReadsFromTheFolderThatHoldsTheRepository() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("rw-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let second = tmp.appendingPathComponent("files2/acme+demo/src")
        try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent("files"), withIntermediateDirectories: true)
        try "export class A {}".write(to: second.appendingPathComponent("a.ts"), atomically: true, encoding: .utf8)
        let c = RealWorldManifest.Case(id: "acme+demo/src", repository: "acme/demo", commit: String(repeating: "0", count: 40),
                                       split: "heldout2", files: [.init(path: "src/a.ts", role: .source, labels: [], traps: [])])
        let request = try c.request(folders: [tmp.appendingPathComponent("files"), tmp.appendingPathComponent("files2")],
                                    minConfidence: .medium)
        #expect(request.files.map(\.path) == ["src/a.ts"])
        #expect(throws: (any Error).self) {
            try c.request(folders: [tmp.appendingPathComponent("files")], minConfidence: .medium)
        }
    }

    /// A repository with two Workers is reviewed once per config, each with the source files under its folder.
    @Test func eachWorkerOfACaseIsReviewedWithItsOwnConfig() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("rw-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let root = tmp.appendingPathComponent("acme+two")
        for (path, text) in [("api/src/do.ts", "export class Room {}"), ("api/wrangler.toml", "[[durable_objects.bindings]]\nname = \"R\"\nclass_name = \"Room\"\n"),
                             ("web/src/page.ts", "export const x = 1;"), ("web/wrangler.toml", "name = \"web\"\n")] {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let c = RealWorldManifest.Case(id: "acme+two", repository: "acme/two", commit: String(repeating: "0", count: 40), split: "heldout8", files: [
            .init(path: "api/src/do.ts", role: .source, labels: [], traps: []), .init(path: "api/wrangler.toml", role: .config, labels: [], traps: []),
            .init(path: "web/src/page.ts", role: .source, labels: [], traps: []), .init(path: "web/wrangler.toml", role: .config, labels: [], traps: []),
        ])
        let requests = try c.requests(folders: [tmp], minConfidence: .medium)
        #expect(requests.map { $0.files.map(\.path) } == [["api/src/do.ts"], ["web/src/page.ts"]])
        #expect(requests.map { $0.wrangler?.path } == ["api/wrangler.toml", "web/wrangler.toml"])
    }
}
