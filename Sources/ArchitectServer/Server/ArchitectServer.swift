import BundledContent
import Foundation
import JSHost
import KnowledgeBase
import Logging
import Advisor
import DurableObjects
import MCP
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
    private let logger: Logger

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
    }

    /// The server with the knowledge base and schemas embedded in this binary; with a data directory, also the
    /// embedded runtime and its built-in classes.
    package static func bundled(
        dataDirectory: DataDirectory?, logger: Logger,
        configureRuntime: (inout RuntimeConfiguration) -> Void = { _ in }
    ) throws -> ArchitectServer {
        let files = BundledContent.files(in: "Knowledge").map { (path: $0.path, text: $0.text) }
        let patterns = try dataDirectory.map { directory in
            try PatternRuntime(dataDirectory: directory.url) { configuration in
                configuration.logger = logger
                configureRuntime(&configuration)
            }
        }
        return try ArchitectServer(
            knowledge: KnowledgeLoader(files: files), schemas: try SchemaCatalog.bundled(),
            dataDirectory: dataDirectory, patterns: patterns, logger: logger)
    }

    /// The knowledge base (waits for its background build the first time).
    package var knowledge: KnowledgeBase {
        get throws { try knowledgeLoader.get() }
    }

    // MARK: - Tools

    /// The tool list as `tools/list` returns it.
    package var toolList: [Tool] {
        tools.map { spec in
            let schemas = self.schemas.tools[spec.name]!
            return Tool(
                name: spec.name, title: spec.title, description: spec.description, inputSchema: schemas.input,
                annotations: spec.annotations, outputSchema: schemas.output)
        }
    }

    /// Every name `tools/call` accepts, mapped to the tool it stands for.
    package var callableNames: [String: String] {
        toolsByName.mapValues(\.name)
    }

    /// Runs one tool call the way `tools/call` does: argument validation, the tool, errors as `isError` results.
    /// - Throws: `CancellationError` when the call was cancelled (the spec says: send no response);
    ///   `MCPError.invalidParams` for an unknown tool.
    package func callTool(_ name: String, arguments: [String: Value], context: ToolContext) async throws -> CallTool.Result {
        guard let spec = toolsByName[name], let schemas = schemas.tools[spec.name] else {
            throw MCPError.invalidParams("Unknown tool: \(name). Tools: \(tools.map(\.name).joined(separator: ", ")).")
        }
        let violations = schemas.inputValidator.violations(of: .object(arguments))
        if !violations.isEmpty {
            let list = violations.prefix(5).map(\.message).joined(separator: " ")
            return Self.errorResult("Invalid arguments for \(spec.name): \(list) See the tool's input schema for every argument.")
        }
        if let delay = Self.debugDelayMilliseconds { try await Task.sleep(for: .milliseconds(delay)) }
        do {
            let output = try await spec.run(arguments, context)
            let data = try InboundGate.encoder.encode(output)
            let text: Tool.Content = .text(text: String(decoding: data, as: UTF8.self), annotations: nil, _meta: nil)
            let structured: Value? = output
            return CallTool.Result(content: [text], structuredContent: structured, isError: nil, _meta: nil)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error where ToolErrorMessage(error) != nil {
            return Self.errorResult(ToolErrorMessage(error)!.text)
        } catch {
            logger.error("Tool failed", metadata: ["tool": "\(spec.name)", "error": "\(error)"])
            return Self.errorResult("\(spec.name) failed unexpectedly: \(error). Check the arguments and try again; if it keeps failing, this is a bug in do-architect.")
        }
    }

    static func errorResult(_ message: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
    }

    /// Test hook: `DO_ARCHITECT_DEBUG_TOOL_DELAY_MS` delays every tool call, so that cancellation and the
    /// stdin-close drain can be tested on tools that are otherwise too fast. Unset in normal use.
    static let debugDelayMilliseconds: Int? = ProcessInfo.processInfo.environment["DO_ARCHITECT_DEBUG_TOOL_DELAY_MS"].flatMap(Int.init)

    // MARK: - Serving

    /// The `initialize` instructions: how to use this server, and the data-directory notice if any.
    package var instructions: String {
        var text = """
            do-architect gives you expertise in Cloudflare Durable Objects. Search its offline knowledge base with \
            searchDocs before answering Durable Objects questions, and read a doc or section with getDoc \
            (docs are also resources kb://docs/<id>). Review Durable Object code with reviewCode, and get a design \
            with recommendArchitecture. The built-in Durable Object classes run on a runtime embedded in this server: \
            listNamespaces, invokeObject, runWorkload, then getDOMetrics for measured figures, cost and \
            recommendations (not data from a Cloudflare account). Knowledge as of \(knowledgeLoader.asOf).
            """
        if let notice = dataDirectory?.notice { text += "\n\nNote: " + notice }
        return text
    }

    /// The request checks the transport runs before the SDK sees a request.
    package var preflight: RequestPreflight {
        let resources = DocResources(knowledge: knowledgeLoader)
        return RequestPreflight(
            toolNames: callableNames, prompts: ArchitectPrompts.requiredArguments,
            resourceExists: { resources.documentID(of: $0) != nil })
    }

    /// Serves MCP over `transport` until the input ends (stdin closed and requests drained, or `shutdown`).
    package func serve(transport: StdioLineTransport) async throws {
        let server = Server(
            name: "do-architect", version: Self.version, title: "do-architect: Durable Objects architect",
            instructions: instructions,
            capabilities: .init(
                logging: .init(), prompts: .init(listChanged: false),
                resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)),
            configuration: .default)
        await register(on: server)
        try await withThrowingDiscardingTaskGroup { group in
            if let runtime = patterns?.runtime {
                group.addTask { await runtime.run() }
            }
            try await server.start(transport: transport)
            await server.waitUntilCompleted()
            group.cancelAll()
        }
        transport.flush(timeout: 2)
        await patterns?.runtime.shutdown()
    }

    private func register(on server: Server) async {
        let level = ClientLogLevel()
        let resources = DocResources(knowledge: knowledgeLoader)
        await server.withMethodHandler(ListTools.self) { [toolList] _ in
            ListTools.Result(tools: toolList)
        }
        await server.withMethodHandler(CallTool.self) { [self] params in
            let token = params._meta?.progressToken
            let context = ToolContext(
                progress: { done, total, message in
                    guard let token else { return }
                    try? await server.notify(ProgressNotification.message(
                        .init(progressToken: token, progress: done, total: total, message: message)))
                },
                log: { logLevel, message in
                    guard await level.allows(logLevel) else { return }
                    try? await server.log(level: logLevel, logger: "do-architect", data: .string(message))
                },
                roots: {
                    let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                    guard let roots = try? await server.listRoots(), !roots.isEmpty else { return [cwd] }
                    return roots.compactMap { URL(string: $0.uri) }.filter(\.isFileURL)
                })
            return try await self.callTool(params.name, arguments: params.arguments ?? [:], context: context)
        }
        await server.withMethodHandler(ListResources.self) { _ in
            ListResources.Result(resources: try resources.resources())
        }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in
            ListResourceTemplates.Result(templates: resources.templates)
        }
        await server.withMethodHandler(ReadResource.self) { params in
            try resources.read(params.uri)
        }
        await server.withMethodHandler(ListPrompts.self) { _ in
            ListPrompts.Result(prompts: ArchitectPrompts.all)
        }
        await server.withMethodHandler(GetPrompt.self) { params in
            try ArchitectPrompts.messages(for: params.name, arguments: params.arguments ?? [:])
        }
        await server.withMethodHandler(SetLoggingLevel.self) { params in
            await level.set(params.level)
            return Empty()
        }
    }
}
