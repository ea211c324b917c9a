import JSONModel

/// The two ways a client may speak MCP, and how one request says which it uses.
///
/// - The handshake era (2024-11-05 … 2025-11-25): `initialize` first, capabilities and log level held by the
///   session, `ping`, `logging/setLevel`, and server-to-client requests such as `roots/list`.
/// - The stateless era (2026-07-28): no handshake; each request's `_meta` carries the protocol version, the
///   client's capabilities and info, and the log level it wants; results carry `resultType` and the server's
///   info; list results are cacheable (`ttlMs`, `cacheScope`).
///
/// A request whose `_meta` names a protocol version is served in the stateless era (or refused with -32022
/// when the version is not one we speak); any other request is served in the handshake era, as before.
package enum ProtocolEra: Sendable, Equatable {
    case handshake
    case stateless(StatelessRequest)

    /// The versions `initialize` accepts, newest first; another version asked for gets the newest.
    package static let handshakeVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]
    /// The versions a request's `_meta` may name.
    package static let statelessVersions = ["2026-07-28"]
    /// Every version this server speaks, newest first (`supportedVersions` of `server/discover`).
    package static let allVersions = statelessVersions + handshakeVersions

    package static let versionKey = "io.modelcontextprotocol/protocolVersion"
    package static let capabilitiesKey = "io.modelcontextprotocol/clientCapabilities"
    package static let clientInfoKey = "io.modelcontextprotocol/clientInfo"
    package static let logLevelKey = "io.modelcontextprotocol/logLevel"
    package static let serverInfoKey = "io.modelcontextprotocol/serverInfo"

    /// What a stateless-era request says about its client in `_meta`.
    package struct StatelessRequest: Sendable, Equatable {
        package var version: String
        package var capabilities: JSONObject
        package var clientInfo: JSON?
        /// The level of log messages the client wants for this request; nil: none.
        package var logLevel: LogLevel?
    }

    /// The era of a request, from its method and `_meta`.
    /// - Throws: ``ProtocolError`` -32022 for a version we do not speak, -32602 for a malformed `_meta`.
    package static func of(_ request: InboundRequest) throws(ProtocolError) -> ProtocolEra {
        guard let meta = request.meta, let version = meta[versionKey] else {
            return request.method == "server/discover" ? .stateless(StatelessRequest(version: statelessVersions[0], capabilities: [:])) : .handshake
        }
        guard case .string(let text) = version else {
            throw .invalidParams("`_meta[\"\(versionKey)\"]` must be a string such as \"\(statelessVersions[0])\".")
        }
        guard statelessVersions.contains(text) else {
            throw ProtocolError(
                code: -32022,
                message: "Unsupported protocol version: \(text). This server speaks \(allVersions.joined(separator: ", ")); use initialize for the handshake versions.",
                data: ["requested": .string(text), "supported": .array(statelessVersions.map(JSON.string))])
        }
        var capabilities: JSONObject = [:]
        if let value = meta[capabilitiesKey] {
            guard case .object(let object) = value else {
                throw .invalidParams("`_meta[\"\(capabilitiesKey)\"]` must be an object.")
            }
            capabilities = object
        } else if request.method != "server/discover" {
            throw .invalidParams("`_meta[\"\(capabilitiesKey)\"]` is required with a protocol version in `_meta` (an empty object declares none).")
        }
        var logLevel: LogLevel?
        if let value = meta[logLevelKey] {
            guard let level = value.stringValue.flatMap(LogLevel.init(rawValue:)) else {
                throw .invalidParams("`_meta[\"\(logLevelKey)\"]` must be one of \(LogLevel.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            logLevel = level
        }
        return .stateless(StatelessRequest(version: text, capabilities: capabilities, clientInfo: meta[clientInfoKey], logLevel: logLevel))
    }
}
