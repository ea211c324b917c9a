import Foundation
import JSONModel

extension ServerSession {
    /// `tools/call`: checks the params, runs the tool with a context for this request and era, and writes the
    /// result with its structured JSON encoded once (the same bytes as the text block).
    func callTool(_ request: InboundRequest, era: ProtocolEra) async throws -> [UInt8] {
        let server = try await loader.ready()
        func toolNames() -> String { server.tools.map(\.name).joined(separator: ", ") }
        guard case .string(let name)? = request.params["name"] else {
            throw ProtocolError.invalidParams("`tools/call` needs `name`, a string naming the tool. Tools: \(toolNames()).")
        }
        var arguments: JSONObject = [:]
        switch request.params["arguments"] {
        case .object(let object)?: arguments = object
        case nil, .null?: break
        default: throw ProtocolError.invalidParams("`arguments` of `tools/call` must be an object.")
        }
        guard server.tool(named: name) != nil else {
            throw ProtocolError.invalidParams("Unknown tool: \(name). Tools: \(toolNames()).")
        }
        let outcome = try await server.callTool(name, arguments: arguments, context: context(for: request, era: era))
        return result(request, era) { writer in
            writer.raw("\"content\":[{\"text\":")
            if let message = outcome.errorMessage {
                writer.write(string: message)
            } else {
                writer.write(stringBytes: outcome.encoded)
            }
            writer.raw(",\"type\":\"text\"}]")
            if outcome.isError { writer.raw(",\"isError\":true") }
            writer.raw(",\"structuredContent\":")
            writer.raw(bytes: outcome.encoded)
        }
    }

    /// What a tool may use while serving `request`: progress when the request asked for it, log messages at
    /// the level the client chose, and the folders it may read.
    func context(for request: InboundRequest, era: ProtocolEra) -> ToolContext {
        let output = self.output
        let token = request.meta?["progressToken"].flatMap { token -> JSON? in
            switch token {
            case .string, .int: return token
            default: return nil
            }
        }
        let minimum: LogLevel?
        switch era {
        case .handshake: minimum = handshake.logLevel
        case .stateless(let stateless): minimum = stateless.logLevel
        }
        let fallbackRoots = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)] + configuration.allowedDirectories
        let asksClient = era == .handshake && handshake.clientDeclaresRoots
        return ToolContext(
            progress: { done, total, message in
                guard let token else { return }
                var params: JSONObject = ["progressToken": token, "progress": .number(done)]
                if let total { params["total"] = .number(total) }
                if let message { params["message"] = .string(message) }
                output(OutboundMessage.notification("notifications/progress", .object(params)), nil)
            },
            log: { level, message in
                guard let minimum, level >= minimum else { return }
                output(OutboundMessage.notification("notifications/message", [
                    "level": .string(level.rawValue), "logger": "do-architect", "data": .string(message),
                ]), nil)
            },
            roots: { [clientRequests, configuration] in
                guard asksClient else { return fallbackRoots }
                do {
                    let answer = try await clientRequests.ask(
                        "roots/list", params: [:], timeout: configuration.clientRequestTimeout,
                        send: { output($0, nil) })
                    let roots = (answer["roots"]?.arrayValue ?? []).compactMap { $0["uri"]?.stringValue }
                        .compactMap(URL.init(string:)).filter(\.isFileURL)
                    return roots.isEmpty ? fallbackRoots : roots
                } catch {
                    return fallbackRoots
                }
            })
    }
}
