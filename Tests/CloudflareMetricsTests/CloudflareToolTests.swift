import Advisor
import DurableObjects
import Foundation
import JSONModel
import Testing
@testable import ArchitectServer
@testable import CloudflareMetrics

/// The tools with `source: "cloudflare"` and `"compare"`, validated against their output schemas.
struct CloudflareToolTests {
    typealias F = AccountFixture

    /// Ten seconds of COUNTER traffic on the "embedded runtime", 50 requests a second with 2 ms of CPU each.
    struct LocalSource: MetricsSource {
        let name = "embedded"
        func snapshots(namespace: String?, from: Int64, to: Int64) async throws -> [NamespaceSnapshot] {
            guard namespace == nil || namespace == "COUNTER" else { return [] }
            let seconds = (0..<10).map { offset -> MetricsSecond in
                var second = MetricsSecond(second: to - 9 + Int64(offset))
                second.requests = 50
                second.kvReads = 50
                second.kvWrites = 50
                for _ in 0..<50 { second.cpuHistogram.record(2_000_000) }
                return second
            }
            return [NamespaceSnapshot(namespace: "COUNTER", className: "Counter", seconds: seconds, activeObjects: 2,
                                      hotObjects: [], objectsInMemory: 2, storedBytes: 8_192, storedObjects: 2)]
        }
    }

    static func factory(_ server: ReplayServer) -> CloudflareTools.Factory {
        { try F.source(server) }
    }

    /// `getDOMetrics` with `source` cloudflare or compare, as the tool runs it (schema defaults filled in), as JSON.
    static func metrics(_ arguments: JSON, factory: CloudflareTools.Factory) async throws -> JSON {
        let typed = try JSON.object(try schema("getDOMetrics").withDefaults(arguments.objectValue ?? [:])).decode(RuntimeTools.MetricsArguments.self)
        return try JSON.encoding(try await CloudflareTools.metrics(typed, embedded: { LocalSource() }, factory: factory))
    }

    static func schema(_ tool: String) throws -> SchemaCatalog.ToolSchemas {
        let catalog = try SchemaCatalog.bundled()
        return try #require(catalog.tools[tool])
    }

    @Test func cloudflareReportMatchesTheOutputSchema() async throws {
        let server = try ReplayServer(handler: F.normal)
        let value = try await Self.metrics(["source": "cloudflare", "namespace": "COUNTER", "windowSeconds": 600, "includeSeries": true], factory: Self.factory(server))
        #expect(try Self.schema("getDOMetrics").outputValidator.violations(of: value) == [])
        #expect(value.objectValue?["source"] == .string("cloudflare"))
    }

    @Test func inputSchemaTakesTheSourceButNoCredentials() throws {
        let input = try Self.schema("getDOMetrics").inputValidator
        #expect(input.violations(of: ["source": "cloudflare", "namespace": "app:Counter"]) == [])
        #expect(!input.violations(of: ["source": "prod"]).isEmpty)
        #expect(!input.violations(of: ["source": "cloudflare", "apiToken": "x"]).isEmpty)
        #expect(!input.violations(of: ["source": "cloudflare", "accountId": "x"]).isEmpty)
    }

    @Test func compareShowsBothSidesAndTheirRatios() async throws {
        let server = try ReplayServer(handler: F.normal)
        let value = try await Self.metrics(["source": "compare", "namespace": "COUNTER", "windowSeconds": 600], factory: Self.factory(server))
        #expect(try Self.schema("getDOMetrics").outputValidator.violations(of: value) == [])
        let object = try #require(value.objectValue)
        #expect(object["source"] == .string("compare"))
        let namespaces = try #require(object["namespaces"]?.arrayValue)
        #expect(namespaces.compactMap { $0.objectValue?["source"]?.stringValue } == ["embedded", "cloudflare"])
        let figures = try #require(object["comparison"]?.objectValue?["figures"]?.arrayValue)
        func figure(_ name: String) -> JSONObject? { figures.first { $0.objectValue?["figure"] == .string(name) }?.objectValue }
        // 600,000 account requests against 500 local ones; 1,000 rps against 50.
        #expect(figure("requests")?["ratio"]?.integer == 1_200)
        #expect(figure("requestsPerSecond")?["ratio"]?.integer == 20)
        #expect(figure("cpuTimeP95")?["cloudflare"] == .null && figure("cpuTimeP95")?["ratio"] == .null)
        #expect(figure("cpuTimeP95")?["embedded"]?.number ?? 0 > 0)
        let notes = object["comparison"]?.objectValue?["notes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(notes.contains { $0.contains("Local CPU times are relative") })
    }

    @Test func compareNeedsANamespaceKnownLocally() async throws {
        let server = try ReplayServer(handler: F.normal)
        await #expect(throws: ToolError.self) {
            _ = try await Self.metrics(["source": "compare"], factory: Self.factory(server))
        }
        do {
            _ = try await Self.metrics(["source": "compare", "namespace": "CHAT_ROOM"], factory: Self.factory(server))
            Issue.record("expected an error")
        } catch let error as ToolError {
            #expect(error.message.contains("No namespace CHAT_ROOM in the embedded runtime"))
        }
    }

    @Test func listNamespacesFromTheAccount() async throws {
        let server = try ReplayServer(handler: F.normal)
        let value = try JSON.encoding(try await CloudflareTools.listNamespaces(factory: Self.factory(server)))
        #expect(try Self.schema("listNamespaces").outputValidator.violations(of: value) == [])
        let list = value.objectValue?["namespaces"]?.arrayValue ?? []
        let entries = list.compactMap { $0.objectValue }
        #expect(entries.map { $0["namespace"] } == [.string("COUNTER"), .string("CHAT_ROOM")])
        #expect(entries.allSatisfy { $0["kind"] == .string("cloudflare") && $0["methods"] == nil })
        #expect(entries.first?["namespaceId"] == .string(F.counterId))
        #expect(try Self.schema("listNamespaces").inputValidator.violations(of: ["source": "cloudflare"]) == [])
    }

    @Test func engineErrorsBecomeToolErrors() async throws {
        let server = try ReplayServer { _, _ in .init(status: 401, body: "{}") }
        do {
            _ = try await Self.metrics(["source": "cloudflare"], factory: Self.factory(server))
            Issue.record("expected an error")
        } catch let error as ToolError {
            #expect(error.message.contains("did not accept the token"))
        }
    }
}
