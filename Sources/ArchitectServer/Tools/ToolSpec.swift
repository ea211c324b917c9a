import Foundation
import JSONModel

/// One tool as the server offers it: metadata written for the model, and the handler that runs it.
///
/// Input and output schemas are not here: they come from `Schemas/<name>.*.json` through ``SchemaCatalog``.
/// `docs/mcp-layer.md` says how to add a tool.
package struct ToolSpec: Sendable {
    package var name: String
    package var title: String
    /// When to use the tool and what it returns, for the model.
    package var description: String
    package var annotations: ToolAnnotations
    /// Other names accepted in `tools/call` (never listed).
    package var aliases: [String] = []
    /// Runs the tool on arguments that already passed the input schema, with the `default` it declares filled in for
    /// every argument left out (at every depth); returns the structured result.
    package var run: @Sendable (_ arguments: JSONObject, _ context: ToolContext) async throws -> JSON
}

extension ToolSpec {
    // Every tool is typed: in its `run`, it reads its arguments with `decode(_:_:tool:)` into a `Decodable` struct
    // and returns its `Encodable` result through `encode(_:)`: the encoder the command line's `--json` uses too, so
    // the two print the same bytes. `OutputKeysTests` checks every result's keys against its output schema. (A
    // generic `init` taking an `async` closure that returns a generic result crashed the release build with Swift
    // 6.3.1, apparently a miscompile: the result reached the encoder as an address of code. These two synchronous
    // helpers keep every `async` closure's types concrete.)

    /// The arguments of `tool` as `Arguments`, once the input schema accepted them (with its defaults filled in).
    /// - Throws: ``ToolError`` naming the argument that could not be read.
    package static func decode<Arguments: Decodable>(_ type: Arguments.Type, _ raw: JSONObject, tool: String) throws -> Arguments {
        do {
            return try JSONValueDecoder().decode(Arguments.self, from: .object(raw))
        } catch let error as DecodingError {
            throw ToolError("The arguments of \(tool) could not be read: \(describe(error)) See the tool's input schema.")
        }
    }

    /// A tool's structured result, encoded once by ``JSONValueEncoder``.
    package static func encode<Output: Encodable>(_ output: Output) throws -> JSON {
        try JSONValueEncoder().encode(output)
    }

    /// A decoding error as one sentence naming the argument.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "`\(path(context.codingPath))`: \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "`\(path(context.codingPath + [key]))` is missing."
        @unknown default:
            return "\(error)"
        }
    }
}

/// Hints about a tool's behaviour for the client (MCP `ToolAnnotations`).
package struct ToolAnnotations: Sendable, Equatable {
    package var title: String?
    package var readOnlyHint: Bool?
    package var destructiveHint: Bool?
    package var idempotentHint: Bool?
    package var openWorldHint: Bool?

    package init(
        title: String? = nil, readOnlyHint: Bool? = nil, destructiveHint: Bool? = nil, idempotentHint: Bool? = nil,
        openWorldHint: Bool? = nil
    ) {
        self.title = title
        self.readOnlyHint = readOnlyHint
        self.destructiveHint = destructiveHint
        self.idempotentHint = idempotentHint
        self.openWorldHint = openWorldHint
    }

    /// The annotations as the wire writes them (absent hints are omitted).
    package var json: JSON {
        var members: JSONObject = [:]
        if let title { members["title"] = .string(title) }
        if let readOnlyHint { members["readOnlyHint"] = .bool(readOnlyHint) }
        if let destructiveHint { members["destructiveHint"] = .bool(destructiveHint) }
        if let idempotentHint { members["idempotentHint"] = .bool(idempotentHint) }
        if let openWorldHint { members["openWorldHint"] = .bool(openWorldHint) }
        return .object(members)
    }
}

/// What a running tool may use besides its arguments.
package struct ToolContext: Sendable {
    /// Queues a progress notification when the caller asked for it (`_meta.progressToken`); does nothing
    /// otherwise. It returns once the notification is queued, so it reaches the client before the response.
    package var reportProgress: @Sendable (_ done: Double, _ total: Double?, _ message: String?) -> Void
    /// Sends a log message to the client, if its level is at or above the client's chosen level.
    package var log: @Sendable (_ level: LogLevel, _ message: String) async -> Void
    /// The folders the server may read for this call: the client's roots in the handshake era when it declared
    /// them, else the working directory and the `serve --allow-dir` folders.
    package var roots: @Sendable () async -> [URL]

    package init(
        progress: @escaping @Sendable (_ done: Double, _ total: Double?, _ message: String?) -> Void,
        log: @escaping @Sendable (_ level: LogLevel, _ message: String) async -> Void,
        roots: @escaping @Sendable () async -> [URL] = { [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)] }
    ) {
        self.reportProgress = progress
        self.log = log
        self.roots = roots
    }

    /// Reports progress (see ``reportProgress``, which synchronous callbacks call directly, with no `Task`).
    package func progress(_ done: Double, _ total: Double?, _ message: String?) async {
        reportProgress(done, total, message)
    }

    /// No progress, no log, the working directory as the only root (in-process calls and the command line).
    package static let silent = ToolContext(progress: { _, _, _ in }, log: { _, _ in })
}

/// A failure a tool reports to the model as an `isError` result: what went wrong and what to do, under a stable
/// camelCase code (`invalidArguments` unless the tool names another).
package struct ToolError: Error, Sendable, CustomStringConvertible {
    package var code: String
    package var message: String
    package init(_ message: String, code: String = "invalidArguments") {
        self.code = code
        self.message = message
    }
    package var description: String { message }
}
