import ArchitectServer
import Foundation
import Logging
import JSONModel
import Testing
import TestSupport

/// `getDOMetrics {baselineWindowSeconds}` through the MCP layer: accepted by the input schema, answered with
/// `baseline` and `change` that the output schema accepts.
struct MetricsBaselineToolTests {
    @Test func getDOMetricsComparesWithTheWindowBefore() async throws {
        let directory = try DataDirectory.acquire(TestPaths.temporaryFolder("metrics-baseline-tool"))
        let server = try ArchitectServer.bundled(dataDirectory: directory, logger: Logger(label: "test"))
        _ = try await server.callTool("invokeObject", arguments: ["namespace": "COUNTER", "name": "a", "method": "increment"], context: .silent)
        let result = try await server.callTool(
            "getDOMetrics", arguments: ["namespace": "COUNTER", "windowSeconds": 600, "baselineWindowSeconds": 120], context: .silent)
        #expect(result.isError != true)
        let structured = try #require(result.structuredContent)
        let violations = try #require(server.schemas.tools["getDOMetrics"]).outputValidator.violations(of: structured)
        #expect(violations.isEmpty, "\(violations)")
        let output = try #require(structured.objectValue)
        #expect(output["baselineWindow"]?.objectValue?["windowSeconds"]?.intValue == 120)
        let counter = try #require(output["namespaces"]?.arrayValue?.first?.objectValue)
        #expect(counter["baseline"]?.objectValue?["requests"] != nil)
        #expect(counter["activeObjects"]?.intValue == 1, "headline figures stay plain numbers")

        let refused = try await server.callTool(
            "getDOMetrics", arguments: ["baselineWindowSeconds": 0], context: .silent)
        #expect(refused.isError == true)
    }
}
