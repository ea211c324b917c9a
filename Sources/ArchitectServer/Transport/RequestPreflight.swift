import MCP

/// The shape checks for the params of the methods this server serves, run before the SDK decodes them.
///
/// The SDK turns params that fail to decode into -32603 "internal error" (mcp-notes D6); the spec wants -32602,
/// and -32002 with the URI in `data` for an unknown resource. Tool *arguments* are not checked here: a tool
/// whose arguments break its input schema answers with an `isError` result (spec 2025-11-25, SEP-1303), so the
/// model can correct itself.
package struct RequestPreflight: Sendable {
    package enum Outcome: Equatable, Sendable {
        case accept
        /// Forward with these params instead (used to make `initialize` decodable).
        case rewrite([String: Value])
        case refuse(code: Int, message: String, data: Value?)
    }

    /// Tool names accepted in `tools/call`, aliases included, mapped to the name they stand for.
    package var toolNames: [String: String]
    /// Prompt names mapped to their required argument names.
    package var prompts: [String: [String]]
    /// Whether a resource URI can be read.
    package var resourceExists: @Sendable (String) -> Bool

    package static let logLevels: Set<String> = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"]

    package func check(method: String, params: [String: Value]?) -> Outcome {
        switch method {
        case "initialize":
            return checkInitialize(params)
        case "tools/call":
            guard let params else { return invalid("`tools/call` needs params {name, arguments}.") }
            guard case .string(let name)? = params["name"] else {
                return invalid("`tools/call` needs `name`, a string naming the tool. Tools: \(toolList).")
            }
            if let arguments = params["arguments"], arguments != .null, arguments.objectValue == nil {
                return invalid("`arguments` of `tools/call` must be an object.")
            }
            guard toolNames[name] != nil else {
                return invalid("Unknown tool: \(name). Tools: \(toolList).")
            }
            return .accept
        case "resources/read":
            guard case .string(let uri)? = params?["uri"] else {
                return invalid("`resources/read` needs `uri`, a string such as kb://docs/alarms.")
            }
            guard resourceExists(uri) else {
                return .refuse(
                    code: -32002,
                    message: "Resource not found: \(uri). Docs are kb://docs/<id>; list them with resources/list or find them with the searchDocs tool.",
                    data: .object(["uri": .string(uri)]))
            }
            return .accept
        case "prompts/get":
            guard case .string(let name)? = params?["name"] else {
                return invalid("`prompts/get` needs `name`, a string. Prompts: \(prompts.keys.sorted().joined(separator: ", ")).")
            }
            guard let required = prompts[name] else {
                return invalid("Unknown prompt: \(name). Prompts: \(prompts.keys.sorted().joined(separator: ", ")).")
            }
            let arguments = params?["arguments"]
            if let arguments, arguments != .null {
                guard let object = arguments.objectValue, object.values.allSatisfy({ $0.stringValue != nil }) else {
                    return invalid("`arguments` of `prompts/get` must be an object of strings.")
                }
            }
            let given = arguments?.objectValue ?? [:]
            if let missing = required.first(where: { given[$0] == nil }) {
                return invalid("Prompt \(name) needs the argument `\(missing)`.")
            }
            return .accept
        case "logging/setLevel":
            guard case .string(let level)? = params?["level"], Self.logLevels.contains(level) else {
                return invalid("`logging/setLevel` needs `level`, one of: \(Self.logLevels.sorted().joined(separator: ", ")).")
            }
            return .accept
        case "tools/list", "resources/list", "resources/templates/list", "prompts/list":
            if let cursor = params?["cursor"], cursor != .null {
                return invalid("Invalid cursor: this server returns every item on the first page, so there is no next page. Omit `cursor`.")
            }
            return .accept
        default:
            return .accept
        }
    }

    private var toolList: String { Set(toolNames.values).sorted().joined(separator: ", ") }

    private func invalid(_ message: String) -> Outcome {
        .refuse(code: -32602, message: "Invalid params: " + message, data: nil)
    }

    /// Requires params to be an object and rewrites `capabilities.experimental` values that are not strings
    /// into their JSON text, since swift-sdk 0.12.1 types that map as `[String: String]` (mcp-notes D3).
    private func checkInitialize(_ params: [String: Value]?) -> Outcome {
        guard var params else { return invalid("`initialize` needs params {protocolVersion, capabilities, clientInfo}.") }
        if let version = params["protocolVersion"], version.stringValue == nil {
            return invalid("`protocolVersion` must be a string such as \"2025-11-25\".")
        }
        guard case .object(var capabilities)? = params["capabilities"],
              case .object(let experimental)? = capabilities["experimental"] else { return .accept }
        var flattened: [String: Value] = [:]
        for (key, value) in experimental {
            if case .string = value {
                flattened[key] = value
            } else if let data = try? InboundGate.encoder.encode(value) {
                flattened[key] = .string(String(decoding: data, as: UTF8.self))
            }
        }
        capabilities["experimental"] = .object(flattened)
        params["capabilities"] = .object(capabilities)
        return .rewrite(params)
    }
}
