@testable import Advisor
import Foundation
import Testing
import TestSupport

/// Type-checks every skeleton with `tsc --strict` against a minimal declaration of the Workers types
/// (`Fixtures/workers-minimal.d.ts`). Runs only where a TypeScript compiler is installed.
struct SkeletonTypeCheckTests {
    static let tsc: URL? = ["/usr/bin/tsc", "/usr/local/bin/tsc"].map(URL.init(fileURLWithPath:))
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    @Test(.enabled(if: tsc != nil, "tsc is not installed"))
    func everySkeletonTypeChecks() throws {
        let tsc = try #require(Self.tsc)
        let folder = TestPaths.temporaryFolder("skeletons")
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, (_, skeleton)) in SkeletonReviewTests.skeletons.enumerated() {
            // Older tsc releases lack `satisfies` (TypeScript 4.9); the check does not need it.
            let source = skeleton.typescript.replacingOccurrences(of: "} satisfies ExportedHandler<Env>;", with: "};")
            let url = folder.appendingPathComponent("skeleton\(index).ts")
            try source.write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        let (status, output) = try SpawnedProcess.run(
            tsc,
            ["--noEmit", "--strict", "--target", "es2022", "--lib", "es2022",
             Fixtures.url("AdvisorTests", "workers-minimal.d.ts").path] + paths,
            mergeErrors: true)
        let text = String(decoding: output, as: UTF8.self)
        #expect(status == 0, "\(text.prefix(2_000))")
    }
}
