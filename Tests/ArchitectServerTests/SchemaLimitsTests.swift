import Advisor
import ArchitectServer
import CodeReview
import Foundation
import JSHost
import JSONModel
import Logging
import Patterns
import Testing

/// A limit lives in the schema; where an engine checks it too, its constant must say the same. Each row names the
/// schema's bound (`tool`, property path, keyword) and the engine's value; a change to either side alone fails here.
struct SchemaLimitsTests {
    struct Limit: CustomTestStringConvertible, Sendable {
        var tool: String
        var property: String
        var keyword: String
        var engine: Double
        var testDescription: String { "\(tool).\(property) \(keyword)" }
    }

    /// The `minimum` and `maximum` rows of a range the engine enforces.
    static func bounds(_ tool: String, _ property: String, _ range: ClosedRange<Int>) -> [Limit] {
        bounds(tool, property, Double(range.lowerBound)...Double(range.upperBound))
    }

    static func bounds(_ tool: String, _ property: String, _ range: ClosedRange<Double>) -> [Limit] {
        [
            Limit(tool: tool, property: property, keyword: "minimum", engine: range.lowerBound),
            Limit(tool: tool, property: property, keyword: "maximum", engine: range.upperBound),
        ]
    }

    /// runWorkload: the workload driver's caps (`WorkloadOptions.validate`, `SocketWorkload.validate`).
    static let workloadCaps: [Limit] = [
        bounds("runWorkload", "requests", WorkloadCaps.requests),
        bounds("runWorkload", "concurrency", WorkloadCaps.concurrency),
        bounds("runWorkload", "objects", WorkloadCaps.objects),
        bounds("runWorkload", "durationSeconds", WorkloadCaps.durationSeconds),
        bounds("runWorkload", "ratePerSecond", WorkloadCaps.ratePerSecond),
        bounds("runWorkload", "zipfExponent", WorkloadCaps.zipfExponent),
        bounds("runWorkload", "sockets.count", SocketWorkload.countRange),
        bounds("runWorkload", "sockets.messagesPerSocket", SocketWorkload.messagesPerSocketRange),
    ].flatMap { $0 }

    static let enforcedByEngines: [Limit] = workloadCaps + [
        // reviewCode: ReviewRequest.validate (sizes in bytes; the schema counts characters, the same number).
        .init(tool: "reviewCode", property: "code", keyword: "maxLength", engine: Double(ReviewRequest.maxCodeBytes)),
        .init(tool: "reviewCode", property: "files", keyword: "maxItems", engine: Double(ReviewRequest.maxFiles)),
        .init(tool: "reviewCode", property: "files.items.content", keyword: "maxLength", engine: Double(ReviewRequest.maxTotalBytes)),
        .init(tool: "reviewCode", property: "wrangler.content", keyword: "maxLength", engine: Double(ReviewRequest.maxCodeBytes)),
        .init(tool: "reviewCode", property: "maxFindings", keyword: "minimum", engine: Double(ReviewRequest.maxFindingsRange.lowerBound)),
        .init(tool: "reviewCode", property: "maxFindings", keyword: "maximum", engine: Double(ReviewRequest.maxFindingsRange.upperBound)),
        // recommendArchitecture: RecommendationRequest.validate.
        .init(tool: "recommendArchitecture", property: "description", keyword: "maxLength", engine: Double(ArchitectureAdvisor.maxDescriptionLength)),
    ]

    @Test(arguments: enforcedByEngines)
    func theEngineEnforcesTheSchemasLimit(_ limit: Limit) throws {
        let schemas = try #require(try SchemaCatalog.bundled().tools[limit.tool])
        let bound = try #require(schemas.inputBound(limit.property, limit.keyword), "Schemas/\(limit.tool).input.json has no \(limit.keyword) for \(limit.property)")
        #expect(bound == limit.engine, "Schemas/\(limit.tool).input.json says \(limit.property) \(limit.keyword) \(bound); the engine says \(limit.engine)")
    }

    /// The command line reads these ranges from the schemas at run time; each must exist there.
    @Test(arguments: [("searchDocs", "limit"), ("getDOMetrics", "windowSeconds"), ("getDOMetrics", "baselineWindowSeconds")])
    func rangesTheCommandLineReadsExist(_ tool: String, _ property: String) throws {
        let schemas = try #require(try SchemaCatalog.bundled().tools[tool])
        let range = SchemaCatalog.integerRange(tool, property)
        #expect(Double(range.lowerBound) == schemas.inputBound(property, "minimum"))
        #expect(Double(range.upperBound) == schemas.inputBound(property, "maximum"))
    }

    /// Tool descriptions state these defaults, read from the schemas at run time (`SchemaCatalog.inputDefault`);
    /// each must exist there. getDoc's `maxChars` is also the only default of the knowledge base's reads.
    @Test(arguments: [("getDoc", "maxChars"), ("receiveWebSocket", "max"), ("receiveWebSocket", "waitMs"), ("closeWebSocket", "code")])
    func defaultsTheDescriptionsStateExist(_ tool: String, _ property: String) throws {
        let schemas = try #require(try SchemaCatalog.bundled().tools[tool])
        #expect(schemas.defaults[property] != nil, "Schemas/\(tool).input.json gives \(property) no default")
    }

    /// A Worker's console output in a result (`logs`) is capped by `ConsoleCapture.maxEntries`; every output schema
    /// that carries it must allow as many lines, and no more.
    @Test func theConsoleCapIsTheLogsMaxItemsOfEveryOutputSchema() throws {
        let tools = try SchemaCatalog.bundled().tools.filter { $0.value.output["properties"]?["logs"] != nil }
        #expect(Set(tools.keys) == ["invokeObject", "invokeWorker"])
        for (tool, schemas) in tools {
            #expect(schemas.outputBound("logs", "maxItems") == Double(ConsoleCapture.maxEntries),
                    "Schemas/\(tool).output.json: logs maxItems \(String(describing: schemas.outputBound("logs", "maxItems"))); ConsoleCapture.maxEntries \(ConsoleCapture.maxEntries)")
        }
    }

    /// The workload engine's defaults (which the command line's `workload` uses) are runWorkload's.
    @Test func theWorkloadDefaultsAreTheSchemas() throws {
        let defaults = try #require(try SchemaCatalog.bundled().tools["runWorkload"]).defaults
        let engine = WorkloadOptions(namespace: "COUNTER", requests: 1)
        #expect(defaults["concurrency"]?.integer == engine.concurrency)
        #expect(defaults["objects"]?.integer == engine.objects)
        #expect(defaults["distribution"]?.stringValue == engine.distribution.rawValue)
        #expect(defaults["zipfExponent"]?.number == engine.zipfExponent)
        #expect(defaults["ratePerSecond"]?.number == engine.ratePerSecond)
        #expect(defaults["durationSeconds"] == nil && engine.effectiveDuration == WorkloadCaps.durationSeconds.upperBound)
    }

    /// docs/patterns.md's table of runWorkload's parameters gives the schema's bounds and defaults.
    @Test func thePatternsDocSaysTheSchemasRangesAndDefaults() throws {
        let schema = try #require(try SchemaCatalog.bundled().tools["runWorkload"])
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/patterns.md")
        let rows = try String(contentsOf: docs, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("| `") }
        var checked = 0
        for (property, definition) in schema.input["properties"]?.objectValue ?? [:] {
            guard let row = rows.first(where: { $0.hasPrefix("| `\(property)` |") }) else { continue }
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            for keyword in ["minimum", "maximum"] {
                guard let bound = definition[keyword]?.number else { continue }
                #expect(cells[2].contains(Quantity.format(bound)), "docs/patterns.md, \(property): \(keyword) \(Quantity.format(bound)) in \(cells[2])")
                checked += 1
            }
            if let value = definition["default"] {
                let text = value.number.map(Quantity.format) ?? value.stringValue ?? "\(value)"
                #expect(cells[1].replacingOccurrences(of: "`", with: "").hasPrefix(text), "docs/patterns.md, \(property): default \(text) in \(cells[1])")
            }
        }
        #expect(checked >= 12)
    }

    /// Defaults live in the input schemas only: a typed tool sees them filled in.
    @Test func typedToolsGetTheSchemasDefaults() async throws {
        let server = try ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "test"))
        let limit = try #require(server.schemas.tools["searchDocs"]?.defaults["limit"]?.integer)
        let result = try await server.callTool("searchDocs", arguments: ["query": "storage"], context: .silent)
        #expect(result.structuredContent?["results"]?.arrayValue?.count == limit)
    }
}
