/// A Durable Object namespace of the account, as the REST API lists it.
package struct CloudflareNamespace: Sendable, Equatable, Codable {
    package var id: String
    /// The namespace's name on Cloudflare (usually `<script>_<Class>`).
    package var name: String?
    package var className: String?
    package var scriptName: String?
    package var useSqlite: Bool?
    /// The binding of the wrangler config that points at it, when there is one.
    package var binding: String?

    package init(id: String, name: String?, className: String?, scriptName: String?, useSqlite: Bool?, binding: String? = nil) {
        self.id = id
        self.name = name
        self.className = className
        self.scriptName = scriptName
        self.useSqlite = useSqlite
        self.binding = binding
    }

    /// The name shown in reports: the binding when known, else `script:Class`, else the id.
    package var label: String {
        if let binding { return binding }
        if let className, let scriptName { return "\(scriptName):\(className)" }
        return className ?? id
    }
}
