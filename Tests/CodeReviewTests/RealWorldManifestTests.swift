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

    @Test func splitIsByRepositoryIntoTwoHalves() throws {
        let m = try Self.manifest.get()
        let dev = Set(m.cases(split: "dev").map(\.repository))
        let held = Set(m.cases(split: "heldout").map(\.repository))
        #expect(!dev.isEmpty && !held.isEmpty)
        #expect(dev.isDisjoint(with: held))
        #expect(dev.count + held.count == Set(m.cases.map(\.repository)).count)
        #expect(m.cases.allSatisfy { $0.commit.count == 40 })
    }
}
