import Foundation
import Testing
import TestSupport

/// `do-architect review` run as a process: compiler-style output and the exit code that gates CI.
///
/// Uses the binary of the current build (`TestPaths.binary`; `swift build` comes first, as in scripts/test.sh).
struct ReviewCommandTests {
    static func write(_ code: String, name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("review-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try code.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func errorFindingsExitWithStatusOne() throws {
        let file = try Self.write("export class A extends DurableObject { async fetch() { while (true) {} } }", name: "a.ts")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let (status, output) = try runProcess(["review", file.path])
        #expect(status == 1)
        #expect(output.contains("a.ts:1:56: error: "))
        #expect(output.contains("[blocking-loop]"))
    }

    @Test func warningsAloneExitWithStatusZeroAndSarifIsValidJSON() throws {
        let file = try Self.write("export class L extends DurableObject { async all() { return this.ctx.storage.list(); } }", name: "l.ts")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let (status, output) = try runProcess(["review", file.path, "--format", "sarif"])
        #expect(status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        #expect(json?["version"] as? String == "2.1.0")
    }
}
