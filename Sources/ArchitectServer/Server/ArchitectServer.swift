import BundledContent
import Foundation
import JSHost
import KnowledgeBase
import Logging
import Advisor
import DurableObjects
import JSONModel
import Patterns

/// The MCP server of do-architect: the engines' capabilities as tools, resources and prompts.
///
/// This is the one layer that knows both MCP and the engines. It builds the tool list from `Schemas/`,
/// validates every call's arguments against its input schema, runs the tool, and shapes the answer: a result
/// with `structuredContent` (plus the same JSON as text), or an `isError` result whose text says what to fix.
package final class ArchitectServer: Sendable {
    /// The program's version.
    package static let version = "0.1.0"

    /// The knowledge base, built in the background from the first moment (see ``KnowledgeLoader``).
    package let knowledgeLoader: KnowledgeLoader
    package let schemas: SchemaCatalog
    /// The tools, in the order they are listed.
    package let tools: [ToolSpec]
    package let dataDirectory: DataDirectory?
    /// The embedded runtime with the built-in classes (only when serving with a data directory).
    package let patterns: PatternRuntime?
    /// The user's Worker on the embedded runtime (`loadWorker`, `serve --worker`); nil without a runtime.
    package let workers: WorkerHost?
    private let toolsByName: [String: ToolSpec]
    package let logger: Logger
    /// `"tools":[...]` as `tools/list` writes it, encoded once; and the same with each MCP Apps view linked from
    /// its tool (for clients that declare the extension).
    package let toolListMember: [UInt8]
    package let toolListWithViewsMember: [UInt8]

    package init(
        knowledge: KnowledgeLoader, schemas: SchemaCatalog, dataDirectory: DataDirectory?, patterns: PatternRuntime? = nil,
        logger: Logger
    ) throws {
        self.knowledgeLoader = knowledge
        self.schemas = schemas
        self.dataDirectory = dataDirectory
        self.patterns = patterns
        self.workers = patterns.map { WorkerHost(runtime: $0.runtime, logger: logger) }
        self.logger = logger
        let metrics = patterns.flatMap { patterns in
            patterns.runtime.metricsStore.map { EmbeddedMetricsSource(store: $0, runtime: patterns.runtime) }
        }
        let tools = [
            KnowledgeTools.searchDocs(knowledge), KnowledgeTools.getDoc(knowledge), ReviewTools.reviewCode(),
            AdvisorTools.recommendArchitecture(verifier: patterns.map(RuntimeTools.verifier)),
        ] + RuntimeTools.all(patterns: patterns, metrics: metrics, workers: workers) + WorkerTools.all(host: workers)
        for tool in tools where schemas.tools[tool.name] == nil {
            throw ServerError(code: .bundledContent, message: "Tool \(tool.name) has no schemas in Schemas/.")
        }
        self.tools = tools
        var byName: [String: ToolSpec] = [:]
        for tool in tools {
            byName[tool.name] = tool
            for alias in tool.aliases { byName[alias] = tool }
        }
        self.toolsByName = byName
        let list = Self.toolList(tools, schemas)
        var writer = JSONWriter(capacity: 64 * 1024)
        writer.raw("\"tools\":")
        writer.write(.array(list))
        toolListMember = writer.bytes
        var linked = JSONWriter(capacity: 64 * 1024)
        linked.raw("\"tools\":")
        linked.write(.array(ViewResources.linking(list)))
        toolListWithViewsMember = linked.bytes
    }

    /// The server with the knowledge base and schemas embedded in this binary; with a data directory, also the
    /// embedded runtime and its built-in classes.
    /// - Parameter knowledgeDirectory: a folder of the team's own Markdown added to the knowledge base
    ///   (`project/<path>` ids); it is only read. A missing folder is an error; an unreadable file a warning.
    package static func bundled(
        dataDirectory: DataDirectory?, logger: Logger, knowledgeDirectory: URL? = nil,
        configureRuntime: (inout RuntimeConfiguration) -> Void = { _ in }
    ) throws -> ArchitectServer {
        let knowledge = try bundledKnowledge(logger: logger, knowledgeDirectory: knowledgeDirectory)
        return try build(knowledge: knowledge, dataDirectory: dataDirectory, logger: logger, configureRuntime: configureRuntime)
    }

    /// The same server as ``bundled(dataDirectory:logger:knowledgeDirectory:configureRuntime:)``, built on a
    /// thread of its own: it returns once the knowledge base has started building (and the team's folder was
    /// read), before the runtime opens its databases. `serve` uses it so that `initialize` is answered at once.
    /// - Parameter then: runs on the build thread once the server is built (`serve --worker` loads the Worker);
    ///   an error it throws is the build's error.
    /// - Throws: for a missing knowledge folder, at once; errors of the build come from ``ServerLoader/ready()``.
    package static func loading(
        dataDirectory: DataDirectory?, logger: Logger, knowledgeDirectory: URL? = nil,
        configureRuntime: @escaping @Sendable (inout RuntimeConfiguration) -> Void = { _ in },
        then: @escaping @Sendable (ArchitectServer) throws -> Void = { _ in }
    ) throws -> ServerLoader {
        let knowledge = try bundledKnowledge(logger: logger, knowledgeDirectory: knowledgeDirectory)
        return ServerLoader(
            knowledge: knowledge, instructions: instructions(asOf: knowledge.asOf, notice: dataDirectory?.notice), logger: logger
        ) {
            let server = try build(knowledge: knowledge, dataDirectory: dataDirectory, logger: logger, configureRuntime: configureRuntime)
            try then(server)
            return server
        }
    }

    /// The newest `asOf:` date of the embedded docs, read from their first 4 KB without decoding the rest.
    package static let bundledAsOf = KnowledgeLoader.newestAsOf(
        BundledContent.leadingText(in: "Knowledge", bytes: 4096).map { (path: $0.path, text: $0.text) })

    /// Starts building the knowledge base from the embedded docs and the team's folder (decoding the docs on the
    /// build thread).
    private static func bundledKnowledge(logger: Logger, knowledgeDirectory: URL?) throws -> KnowledgeLoader {
        let project = try knowledgeDirectory.map { try ProjectFolder(directory: $0) } ?? ProjectFolder(files: [])
        return KnowledgeLoader(asOf: bundledAsOf, project: project, logger: logger) {
            BundledContent.files(in: "Knowledge").map { (path: $0.path, text: $0.text) }
        }
    }

    /// The runtime (with a data directory), the schemas and the tools, around a knowledge base.
    private static func build(
        knowledge: KnowledgeLoader, dataDirectory: DataDirectory?, logger: Logger,
        configureRuntime: (inout RuntimeConfiguration) -> Void
    ) throws -> ArchitectServer {
        let patterns = try dataDirectory.map { directory in
            try PatternRuntime(dataDirectory: directory.url) { configuration in
                configuration.logger = logger
                configureRuntime(&configuration)
            }
        }
        return try ArchitectServer(
            knowledge: knowledge, schemas: try SchemaCatalog.bundled(), dataDirectory: dataDirectory, patterns: patterns,
            logger: logger)
    }

    /// The knowledge base (waits for its background build the first time).
    package var knowledge: KnowledgeBase {
        get throws { try knowledgeLoader.get() }
    }

    // MARK: - Tools

    /// The tool list as `tools/list` returns it, in a fixed order.
    package var toolList: [JSON] {
        Self.toolList(tools, schemas)
    }

    private static func toolList(_ tools: [ToolSpec], _ schemas: SchemaCatalog) -> [JSON] {
        tools.map { spec in
            let schemas = schemas.tools[spec.name]!
            return .object([
                "name": .string(spec.name), "title": .string(spec.title), "description": .string(spec.description),
                "inputSchema": schemas.input, "outputSchema": schemas.output, "annotations": spec.annotations.json,
            ])
        }
    }

    /// Every name `tools/call` accepts, mapped to the tool it stands for.
    package var callableNames: [String: String] {
        toolsByName.mapValues(\.name)
    }

    /// The spec of a tool by name or alias.
    package func tool(named name: String) -> ToolSpec? {
        toolsByName[name]
    }

    /// Runs one tool call the way `tools/call` does: argument validation, the tool, errors as `isError` results.
    /// - Throws: `CancellationError` when the call was cancelled (the spec says: send no response);
    ///   ``ProtocolError`` -32602 for an unknown tool.
    package func callTool(_ name: String, arguments: JSONObject, context: ToolContext) async throws -> ToolResult {
        guard let spec = toolsByName[name], let schemas = schemas.tools[spec.name] else {
            throw ProtocolError.invalidParams("Unknown tool: \(name). Tools: \(tools.map(\.name).joined(separator: ", ")).")
        }
        let violations = schemas.inputValidator.violations(of: .object(arguments))
        if !violations.isEmpty {
            let list = violations.prefix(5).map(\.message).joined(separator: " ")
            return ToolResult(errorCode: "invalidArguments", message: "Invalid arguments for \(spec.name): \(list) See the tool's input schema for every argument.")
        }
        if let delay = Self.debugDelayMilliseconds { try await Task.sleep(for: .milliseconds(delay)) }
        let arguments = schemas.withDefaults(arguments)
        do {
            return ToolResult(structured: try await spec.run(arguments, context)).capped(tool: spec.name)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error where ToolFailure(error) != nil {
            let failure = ToolFailure(error)!
            return ToolResult(errorCode: failure.code, message: failure.message)
        } catch {
            logger.error("Tool failed", metadata: ["tool": "\(spec.name)", "error": "\(error)"])
            return ToolResult(errorCode: "internalError", message: "\(spec.name) failed unexpectedly: \(error). Check the arguments and try again; if it keeps failing, this is a bug in do-architect.")
        }
    }

    /// Test hook: `DO_ARCHITECT_DEBUG_TOOL_DELAY_MS` delays every tool call, so that cancellation and the
    /// stdin-close drain can be tested on tools that are otherwise too fast. Unset in normal use.
    static let debugDelayMilliseconds: Int? = ProcessInfo.processInfo.environment["DO_ARCHITECT_DEBUG_TOOL_DELAY_MS"].flatMap(Int.init)

    // MARK: - Serving

    /// The `initialize` instructions: how to use this server, and the data-directory notice if any.
    package var instructions: String {
        Self.instructions(asOf: knowledgeLoader.asOf, notice: dataDirectory?.notice)
    }

    /// The `initialize` instructions for a knowledge base of that date and a data-directory notice.
    static func instructions(asOf: String, notice: String?) -> String {
        var text = """
            do-architect gives you expertise in Cloudflare Durable Objects. Search its offline knowledge base with \
            searchDocs before answering Durable Objects questions, and read a doc or section with getDoc \
            (docs are also resources kb://docs/<id>). Review Durable Object code with reviewCode, and get a design \
            with recommendArchitecture. The built-in Durable Object classes run on a runtime embedded in this server: \
            listNamespaces, invokeObject, runWorkload, then getDOMetrics for measured figures, cost and \
            recommendations (not data from a Cloudflare account). Knowledge as of \(asOf).
            """
        if let notice { text += "\n\nNote: " + notice }
        return text
    }

    /// Serves MCP over `transport` until the input ends (stdin closed and requests drained, or `shutdown`).
    package func serve(transport: StdioLineTransport, configuration: ServerSession.Configuration = .init()) async {
        await Self.serve(ServerLoader(self), transport: transport, configuration: configuration)
    }

    /// Serves MCP over `transport` while the server builds (``loading(dataDirectory:logger:knowledgeDirectory:configureRuntime:then:)``):
    /// the session answers what needs no server at once; the runtime's loop starts once the server is built.
    /// If the build fails, requests that need the server get an internal error (the caller ends the process).
    package static func serve(
        _ loader: ServerLoader, transport: StdioLineTransport, configuration: ServerSession.Configuration = .init()
    ) async {
        let session = ServerSession(loader: loader, configuration: configuration) { message, request in
            transport.send(message, answering: request)
        } abandon: { request in
            transport.abandon(request)
        }
        await withDiscardingTaskGroup { group in
            group.addTask {
                // Once built; a task cancelled meanwhile finds `run()` ending at once.
                guard let runtime = try? await loader.ready().patterns?.runtime else { return }
                await runtime.run()
            }
            await session.run(transport.messages())
            group.cancelAll()
        }
        transport.flush(timeout: 2)
        await (try? await loader.ready())?.patterns?.runtime.shutdown()
    }
}
