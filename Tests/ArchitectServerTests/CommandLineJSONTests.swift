import ArchitectServer
import Foundation
import JSONModel
import Logging
import Testing
import TestSupport

/// The command line's `--json` prints the tool's result: the same value, valid against the same output schema.
struct CommandLineJSONTests {
    @Test func workloadJSONIsTheRunWorkloadResult() throws {
        let folder = TestPaths.temporaryFolder("workload-json")
        let run = try runProcess(["workload", "COUNTER", "--requests", "20", "--concurrency", "2", "--json", "--data-dir", folder.path])
        #expect(run.status == 0, "\(run.output)")
        let line = try #require(run.output.split(separator: "\n").last)
        let value = try JSONReader.read(String(line))
        let schemas = try #require(try SchemaCatalog.bundled().tools["runWorkload"])
        #expect(schemas.outputValidator.violations(of: value).isEmpty, "\(schemas.outputValidator.violations(of: value))")
        #expect(OutputKeysTests.keyProblems(value, schemas.output).isEmpty)
        #expect(value["stoppedBy"] == nil)
        #expect(value["requests"] == 20)
    }

    @Test func recommendJSONIsTheToolResultByteForByte() async throws {
        let description = "chat app with rooms of 50 users, 2000 rooms at peak"
        let run = try runProcess(["recommend", description, "--json"])
        #expect(run.status == 0, "\(run.output)")
        let server = try ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "test"))
        let tool = try await server.callTool("recommendArchitecture", arguments: ["description": .string(description)], context: .silent)
        #expect(!tool.isError)
        #expect(run.output.trimmingCharacters(in: .newlines) == tool.text)
    }

    @Test func reviewJSONIsAReviewCodeResult() throws {
        let folder = TestPaths.temporaryFolder("review-json")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("counter.ts")
        try ReviewCodeToolTests.counter.write(to: file, atomically: true, encoding: .utf8)
        let run = try runProcess(["review", file.path, "--format", "json"])
        let value = try JSONReader.read(run.output.trimmingCharacters(in: .newlines))
        let output = try #require(try SchemaCatalog.bundled().tools["reviewCode"]).outputValidator
        #expect(output.violations(of: value).isEmpty, "\(output.violations(of: value))")
        #expect(OutputKeysTests.keyProblems(value, try #require(try SchemaCatalog.bundled().tools["reviewCode"]).output).isEmpty)
    }
}
