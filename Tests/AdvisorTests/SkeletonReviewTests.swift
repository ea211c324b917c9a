@testable import Advisor
import CodeReview
import Testing

struct SkeletonReviewTests {
    /// Every skeleton the scenarios produce, plus sharded and jurisdiction variants of each template.
    static let skeletons: [(String, Recommendation.Skeleton)] = {
        var list: [(String, Recommendation.Skeleton)] = Scenario.all.compactMap { scenario in
            scenario.recommendation().skeleton.map { (scenario.id, $0) }
        }
        for useCase in UseCaseCatalog.all where useCase.template != nil {
            for shards in [1, 4] {
                if let skeleton = SkeletonWriter.skeleton(useCase: useCase, shards: shards, jurisdiction: .eu, retentionDays: 7) {
                    list.append(("\(useCase.id)-\(shards)-eu", skeleton))
                }
            }
        }
        return list
    }()

    @Test func everyDurableObjectUseCaseHasASkeleton() {
        let templated = UseCaseCatalog.all.filter { $0.primitive == .durableObjects }
        #expect(templated.allSatisfy { $0.template != nil })
        #expect(Self.skeletons.count >= 40)
    }

    @Test(arguments: skeletons.map(\.0))
    func reviewCodeFindsNothingInTheSkeleton(_ id: String) {
        let skeleton = Self.skeletons.first { $0.0 == id }!.1
        let report = Reviewer().review(ReviewRequest(
            files: [SourceFile(path: skeleton.typescriptPath, content: skeleton.typescript, language: .ts)],
            wrangler: SourceFile(path: skeleton.wranglerPath, content: skeleton.wrangler), maxFindings: 100))
        #expect(report.findings.isEmpty, "\(id): \(report.findings.map { "\($0.ruleId) line \($0.line): \($0.message)" })")
        #expect(report.summary.classes.contains { $0.isDurableObject && $0.name == skeleton.className })
    }

    @Test func skeletonsUseSQLiteMigrationsAndNamedStubs() {
        for (id, skeleton) in Self.skeletons {
            #expect(skeleton.wrangler.contains("\"new_sqlite_classes\": [\"\(skeleton.className)\"]"), "\(id)")
            #expect(skeleton.typescript.contains("blockConcurrencyWhile"), "\(id)")
            #expect(skeleton.typescript.contains(".getByName(`"), "\(id)")
            #expect(!skeleton.typescript.contains("newUniqueId"), "\(id)")
            #expect(!skeleton.typescript.contains("setTimeout"), "\(id)")
        }
    }

    @Test func jurisdictionRestrictsTheNamespace() {
        let result = ArchitectureAdvisor().recommend(description: "Per-tenant data that must stay in the EU", requirements: Requirements(jurisdiction: .eu))
        #expect(result.skeleton?.typescript.contains(".jurisdiction(\"eu\").getByName(") == true)
        #expect(result.idStrategy?.jurisdiction == .eu)
    }
}

extension SkeletonReviewTests {
    /// A control: the reviewer does see these files, so a broken skeleton is reported.
    @Test func aBrokenSkeletonIsReported() throws {
        let skeleton = try #require(Self.skeletons.first?.1)
        let report = Reviewer().review(ReviewRequest(
            files: [SourceFile(path: skeleton.typescriptPath, content: skeleton.typescript, language: .ts)],
            wrangler: SourceFile(path: skeleton.wranglerPath, content: skeleton.wrangler.replacingOccurrences(of: "new_sqlite_classes", with: "new_classes"))))
        #expect(report.findings.contains { $0.ruleId == "kv-backed-new-class" })
    }
}
