import ArchitectServer
import Foundation
import JSONModel
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
        let output = try #require(try SchemaCatalog.bundled().tools["runWorkload"]).outputValidator
        #expect(output.violations(of: value).isEmpty, "\(output.violations(of: value))")
        #expect(value["stoppedBy"] == nil)
        #expect(value["requests"] == 20)
    }
}
