import AppViews
import Foundation
import JSONModel
import Logging

/// One MCP session over a stream of client messages: it dispatches every request itself, in both eras.
///
/// Each request runs in its own child task of the session's task group; its response is encoded once and handed
/// to `output` with the id it answers. Notifications the request produces (progress, log messages) are handed to
/// `output` before its response, so they reach the client first. `notifications/cancelled` cancels the task of
/// the request it names, which then gets no response.
package final class ServerSession: Sendable {
    /// How the session serves, with its defaults.
    package struct Configuration: Sendable {
        /// Folders that `reviewCode {paths}` may read besides the working directory (`serve --allow-dir`).
        package var allowedDirectories: [URL] = []
        /// How long a tool waits for the client's answer to `roots/list` before it falls back. Default 3 s.
        package var clientRequestTimeout: Duration = .seconds(3)
        /// How long clients may cache list results in the stateless era (`ttlMs`). Default one hour.
        package var listTTLMilliseconds = 3_600_000

        package init() {}
    }

    /// The server, possibly still being built: only `tools/*` wait for it.
    let loader: ServerLoader
    let configuration: Configuration
    let output: @Sendable (_ message: [UInt8], _ answering: RequestKey?) -> Void
    let abandon: @Sendable (_ request: RequestKey) -> Void
    let handshake = HandshakeState()
    let running = RunningRequests()
    let clientRequests = ClientRequests()
    let resources: DocResources
    /// The members every stateless-era result adds, and those a cacheable one adds too.
    let statelessMembers: [UInt8]
    let cacheMembers: [UInt8]

    /// - Parameters:
    ///   - output: writes one message; `answering` is the request it answers, if it is a response.
    ///   - abandon: called for a request that gets no response (it was cancelled).
    package convenience init(
        server: ArchitectServer, configuration: Configuration = .init(),
        output: @escaping @Sendable (_ message: [UInt8], _ answering: RequestKey?) -> Void,
        abandon: @escaping @Sendable (_ request: RequestKey) -> Void = { _ in }
    ) {
        self.init(loader: ServerLoader(server), configuration: configuration, output: output, abandon: abandon)
    }

    /// A session over a server that may still be building (``ArchitectServer/loading(dataDirectory:logger:knowledgeDirectory:configureRuntime:then:)``).
    package init(
        loader: ServerLoader, configuration: Configuration = .init(),
        output: @escaping @Sendable (_ message: [UInt8], _ answering: RequestKey?) -> Void,
        abandon: @escaping @Sendable (_ request: RequestKey) -> Void = { _ in }
    ) {
        self.loader = loader
        self.configuration = configuration
        self.output = output
        self.abandon = abandon
        self.resources = DocResources(knowledge: loader.knowledge)
        var extras = JSONWriter()
        extras.raw(",\"resultType\":\"complete\",\"_meta\":")
        extras.write([ProtocolEra.serverInfoKey: Self.serverInfo])
        statelessMembers = extras.bytes
        var cache = JSONWriter()
        cache.raw(",\"ttlMs\":\(configuration.listTTLMilliseconds),\"cacheScope\":\"public\"")
        cacheMembers = cache.bytes
    }

    static let serverInfo: JSON = [
        "name": "do-architect", "title": "do-architect: Durable Objects architect", "version": .string(ArchitectServer.version),
    ]

    /// Serves `messages` until the stream ends; requests still running then are cancelled.
    package func run(_ messages: AsyncStream<InboundMessage>) async {
        await withDiscardingTaskGroup { group in
            for await message in messages {
                switch message {
                case .request(let request):
                    group.addTask { await self.serve(request) }
                case .notification(let method, let params):
                    received(method, params)
                case .response(let id, let outcome):
                    clientRequests.settle(id, outcome.mapError { $0 })
                }
            }
            group.cancelAll()
        }
    }

    private func serve(_ request: InboundRequest) async {
        loader.logger.debug("Request", metadata: ["id": "\(request.id)", "method": "\(request.method)"])
        if let response = await running.run(request.id, { await self.respond(to: request) }) {
            output(response, request.id)
        } else {
            abandon(request.id)
        }
    }

    private func received(_ method: String, _ params: JSONObject) {
        switch method {
        case "notifications/cancelled":
            if let id = params["requestId"].flatMap(RequestKey.init) { running.cancel(id) }
        default:
            break  // notifications/initialized, roots/list_changed, unknown ones: nothing to do
        }
    }

    /// The response to one request, encoded; nil when the request was cancelled (it gets no response).
    package func respond(to request: InboundRequest) async -> [UInt8]? {
        do {
            let era = try ProtocolEra.of(request)
            let response = try await dispatch(request, era: era)
            return Task.isCancelled ? nil : response
        } catch let error as ProtocolError {
            return OutboundMessage.error(id: request.id, error)
        } catch is CancellationError {
            return nil
        } catch {
            return OutboundMessage.error(id: request.id, .internalError("\(error)"))
        }
    }

    private func dispatch(_ request: InboundRequest, era: ProtocolEra) async throws -> [UInt8] {
        let params = request.params
        switch request.method {
        case "tools/call":
            return try await callTool(request, era: era)
        case "tools/list":
            try checkNoCursor(params)
            let server = try await loader.ready()
            let member = wantsViews(era) ? server.toolListWithViewsMember : server.toolListMember
            return result(request, era, cacheable: true) { $0.raw(bytes: member) }
        case "initialize":
            return try initialize(request)
        case "server/discover":
            return discover(request)
        case "ping" where era == .handshake:
            return result(request, era) { _ in }
        case "logging/setLevel" where era == .handshake:
            guard let level = params["level"]?.stringValue.flatMap(LogLevel.init(rawValue:)) else {
                throw ProtocolError.invalidParams("`logging/setLevel` needs `level`, one of: \(LogLevel.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            handshake.logLevel = level
            return result(request, era) { _ in }
        case "resources/list":
            try checkNoCursor(params)
            let list = try await resources.resources() + (wantsViews(era) ? ViewResources.list : [])
            return result(request, era, cacheable: true) { $0.raw("\"resources\":"); $0.write(.array(list)) }
        case "resources/templates/list":
            try checkNoCursor(params)
            return result(request, era, cacheable: true) { $0.raw("\"resourceTemplates\":"); $0.write(.array(resources.templates)) }
        case "resources/read":
            guard case .string(let uri)? = params["uri"] else {
                throw ProtocolError.invalidParams("`resources/read` needs `uri`, a string such as kb://docs/alarms.")
            }
            let contents: JSON?
            if let view = ViewResources.read(uri) { contents = view } else { contents = try await resources.read(uri) }
            guard let contents else {
                let message = "Resource not found: \(uri). Docs are kb://docs/<id>; list them with resources/list or find them with the searchDocs tool."
                // The handshake era says -32002; 2026-07-28 says -32602 (SEP-2164). Both carry the URI.
                throw era == .handshake
                    ? ProtocolError(code: -32002, message: message, data: ["uri": .string(uri)])
                    : ProtocolError.invalidParams(message, data: ["uri": .string(uri)])
            }
            return result(request, era, cacheable: true) { $0.raw("\"contents\":"); $0.write(.array([contents])) }
        case "prompts/list":
            try checkNoCursor(params)
            return result(request, era, cacheable: true) { $0.raw("\"prompts\":"); $0.write(.array(ArchitectPrompts.list)) }
        case "prompts/get":
            let prompt = try ArchitectPrompts.get(params)
            return result(request, era) { $0.write(members: prompt) }
        default:
            throw ProtocolError.methodNotFound(request.method)
        }
    }

    /// A result response: `{` members `}` plus, in the stateless era, `resultType` and `_meta` (and `ttlMs`,
    /// `cacheScope` when `cacheable`). `members` writes the result's own members, comma-separated, or nothing.
    func result(
        _ request: InboundRequest, _ era: ProtocolEra, cacheable: Bool = false, members: (inout JSONWriter) -> Void
    ) -> [UInt8] {
        OutboundMessage.result(id: request.id) { writer in
            writer.raw("{")
            let start = writer.bytes.count
            members(&writer)
            if case .stateless = era {
                var extras = statelessMembers[...]
                if writer.bytes.count == start { extras = extras.dropFirst() }  // no leading comma
                writer.raw(bytes: extras)
                if cacheable { writer.raw(bytes: cacheMembers) }
            }
            writer.raw("}")
        }
    }

    private func checkNoCursor(_ params: JSONObject) throws {
        if let cursor = params["cursor"], cursor != .null {
            throw ProtocolError.invalidParams("Invalid cursor: this server returns every item on the first page, so there is no next page. Omit `cursor`.")
        }
    }

    private var capabilities: JSON {
        [
            "logging": [:], "prompts": ["listChanged": false], "resources": ["subscribe": false, "listChanged": false],
            "tools": ["listChanged": false], "extensions": [AppView.extensionId: [:]],
        ]
    }

    /// Whether the client of this request declared the MCP Apps extension: in `initialize` (handshake era) or in
    /// the request's `_meta` capabilities (stateless era). Only those clients see the views.
    private func wantsViews(_ era: ProtocolEra) -> Bool {
        switch era {
        case .handshake: handshake.clientDeclaresViews
        case .stateless(let request): ViewResources.declared(in: request.capabilities)
        }
    }

    private func initialize(_ request: InboundRequest) throws -> [UInt8] {
        guard case .string(let asked)? = request.params["protocolVersion"] else {
            throw ProtocolError.invalidParams("`initialize` needs `protocolVersion`, a string such as \"2025-11-25\", with `capabilities` and `clientInfo`.")
        }
        let version = ProtocolEra.handshakeVersions.contains(asked) ? asked : ProtocolEra.handshakeVersions[0]
        handshake.initialized(version: version, capabilities: request.params["capabilities"]?.objectValue ?? [:])
        let answer: JSON = [
            "protocolVersion": .string(version), "capabilities": capabilities, "serverInfo": Self.serverInfo,
            "instructions": .string(loader.instructions),
        ]
        return result(request, .handshake) { $0.write(members: answer) }
    }

    private func discover(_ request: InboundRequest) -> [UInt8] {
        let answer: JSON = [
            "supportedVersions": .array(ProtocolEra.allVersions.map(JSON.string)), "capabilities": capabilities,
            "instructions": .string(loader.instructions),
        ]
        return result(request, .stateless(.init(version: ProtocolEra.statelessVersions[0], capabilities: [:])), cacheable: true) {
            $0.write(members: answer)
        }
    }
}
