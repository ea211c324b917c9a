import Foundation
import Testing

/// `do-architect review` run as a process: compiler-style output and the exit code that gates CI.
///
/// Uses the binary of the current build (`.build/debug/do-architect`); when it is absent the test records
/// that and returns.
struct ReviewCommandTests {
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/do-architect")

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String)? {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            print("do-architect binary not built at \(binary.path); skipping")
            return nil
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

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
        guard let (status, output) = try Self.run(["review", file.path]) else { return }
        #expect(status == 1)
        #expect(output.contains("a.ts:1:56: error: "))
        #expect(output.contains("[blocking-loop]"))
    }

    @Test func warningsAloneExitWithStatusZeroAndSarifIsValidJSON() throws {
        let file = try Self.write("export class L extends DurableObject { async all() { return this.ctx.storage.list(); } }", name: "l.ts")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        guard let (status, output) = try Self.run(["review", file.path, "--format", "sarif"]) else { return }
        #expect(status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        #expect(json?["version"] as? String == "2.1.0")
    }
}
