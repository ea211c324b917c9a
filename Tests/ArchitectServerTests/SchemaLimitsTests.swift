import Advisor
import ArchitectServer
import CodeReview
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

    static let enforcedByEngines: [Limit] = [
        // runWorkload: the workload driver's caps (WorkloadOptions.validate).
        .init(tool: "runWorkload", property: "requests", keyword: "maximum", engine: Double(WorkloadCaps.maxRequests)),
        .init(tool: "runWorkload", property: "concurrency", keyword: "maximum", engine: Double(WorkloadCaps.maxConcurrency)),
        .init(tool: "runWorkload", property: "objects", keyword: "maximum", engine: Double(WorkloadCaps.maxObjects)),
        .init(tool: "runWorkload", property: "durationSeconds", keyword: "maximum", engine: WorkloadCaps.maxDurationSeconds),
        .init(tool: "runWorkload", property: "ratePerSecond", keyword: "maximum", engine: WorkloadCaps.maxRatePerSecond),
        .init(tool: "runWorkload", property: "zipfExponent", keyword: "minimum", engine: WorkloadCaps.zipfExponentRange.lowerBound),
        .init(tool: "runWorkload", property: "zipfExponent", keyword: "maximum", engine: WorkloadCaps.zipfExponentRange.upperBound),
        // runWorkload sockets: SocketWorkload's caps.
        .init(tool: "runWorkload", property: "sockets.count", keyword: "maximum", engine: Double(SocketWorkload.maxCount)),
        .init(tool: "runWorkload", property: "sockets.messagesPerSocket", keyword: "maximum", engine: Double(SocketWorkload.maxMessagesPerSocket)),
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

    /// Defaults live in the input schemas only: a typed tool sees them filled in.
    @Test func typedToolsGetTheSchemasDefaults() async throws {
        let server = try ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "test"))
        let limit = try #require(server.schemas.tools["searchDocs"]?.defaults["limit"]?.integer)
        let result = try await server.callTool("searchDocs", arguments: ["query": "storage"], context: .silent)
        #expect(result.structuredContent?["results"]?.arrayValue?.count == limit)
    }
}
