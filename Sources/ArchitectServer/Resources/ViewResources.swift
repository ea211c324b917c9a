import AppViews
import JSONModel

/// The MCP Apps views (extension `io.modelcontextprotocol/ui`) as resources `ui://do-architect/<view>`.
///
/// They are listed, and linked from their tools (`_meta.ui.resourceUri`), only for clients that declare the
/// extension; any client may read them. `docs/views.md` describes the views and the bridge they speak.
enum ViewResources {
    /// Whether a client's capabilities declare the extension with the HTML profile the views use.
    static func declared(in capabilities: JSONObject) -> Bool {
        guard case .object(let extensions)? = capabilities["extensions"],
              case .object(let settings)? = extensions[AppView.extensionId]
        else { return false }
        guard case .array(let types)? = settings["mimeTypes"] else { return false }
        return types.contains(.string(AppView.mimeType))
    }

    /// The `resources/list` entries.
    static var list: [JSON] {
        AppView.allCases.map { view in
            [
                "uri": .string(view.uri), "name": .string("\(view.rawValue)-view"), "title": .string(view.title),
                "description": .string(view.summary), "mimeType": .string(AppView.mimeType),
            ]
        }
    }

    /// The contents of a view's URI, or nil when `uri` names no view.
    static func read(_ uri: String) -> JSON? {
        guard let view = AppView.allCases.first(where: { $0.uri == uri }) else { return nil }
        return [
            "uri": .string(uri), "mimeType": .string(AppView.mimeType), "text": .string(html[view] ?? ""),
            "_meta": ["ui": ["prefersBorder": true]],
        ]
    }

    /// Each view's document, assembled once.
    private static let html: [AppView: String] = Dictionary(uniqueKeysWithValues: AppView.allCases.map { ($0, $0.html()) })

    /// The tool list with each view linked from its tool.
    static func linking(_ tools: [JSON]) -> [JSON] {
        tools.map { tool in
            guard case .object(var members) = tool, case .string(let name)? = members["name"],
                  let view = AppView.forTool(name)
            else { return tool }
            var meta = members["_meta"]?.objectValue ?? [:]
            meta["ui"] = ["resourceUri": .string(view.uri)]
            members["_meta"] = .object(meta)
            return .object(members)
        }
    }
}
