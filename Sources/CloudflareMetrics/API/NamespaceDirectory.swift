import CodeReview
import Foundation

/// The account's Durable Object namespaces (`GET /accounts/{id}/workers/durable_objects/namespaces`, which needs
/// Workers Scripts: Read), and the resolution of a `namespace` argument against them.
package struct NamespaceDirectory: Sendable {
    package var namespaces: [CloudflareNamespace]

    package init(namespaces: [CloudflareNamespace]) {
        self.namespaces = namespaces
    }

    /// Lists every page of the account's namespaces and names each after its binding in `config`, if any.
    package static func load(
        client: CloudflareHTTPClient, accountId: String, config: WranglerAccount?, cacheFor: Double
    ) async throws -> NamespaceDirectory {
        var found: [CloudflareNamespace] = []
        var page = 1
        while true {
            let data = try await client.send(
                "GET", "accounts/\(accountId)/workers/durable_objects/namespaces",
                query: [URLQueryItem(name: "page", value: "\(page)"), URLQueryItem(name: "per_page", value: "1000")],
                cacheFor: cacheFor, permission: .workersScriptsRead)
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw CloudflareError(.malformedResponse, "The namespaces list from the Cloudflare API is not JSON (\(data.count) bytes).")
            }
            guard object["success"] as? Bool != false, let result = object["result"] as? [[String: Any]] else {
                let message = (object["errors"] as? [[String: Any]])?.first?["message"] as? String ?? "no result"
                throw CloudflareError(.queryFailed, "The Cloudflare API did not list the namespaces: \(client.redact(String(message.prefix(200)))).")
            }
            for item in result {
                guard let id = item["id"] as? String else { continue }
                found.append(CloudflareNamespace(
                    id: id, name: item["name"] as? String, className: item["class"] as? String,
                    scriptName: item["script"] as? String, useSqlite: item["use_sqlite"] as? Bool))
            }
            let info = object["result_info"] as? [String: Any]
            let total = (info?["total_count"] as? NSNumber)?.intValue ?? found.count
            if result.isEmpty || found.count >= total || page >= 100 { break }
            page += 1
        }
        for binding in config?.bindings ?? [] {
            for index in found.indices where found[index].className == binding.className
                && (binding.scriptName == nil || found[index].scriptName == binding.scriptName) && found[index].binding == nil {
                found[index].binding = binding.name
            }
        }
        return NamespaceDirectory(namespaces: found)
    }

    /// The namespace meant by `argument`: a binding of the wrangler config, a class name, `script:Class` or a
    /// namespace id.
    ///
    /// - Throws: ``CloudflareError`` `unknownNamespace` (listing what exists) or `ambiguousNamespace` (listing the
    ///   `script:Class` forms that tell them apart).
    package func resolve(_ argument: String) throws -> CloudflareNamespace {
        let text = argument.trimmingCharacters(in: .whitespaces)
        var matches = namespaces.filter { $0.id.lowercased() == text.lowercased() }
        if matches.isEmpty { matches = namespaces.filter { $0.binding == text } }
        if matches.isEmpty, let colon = text.firstIndex(of: ":") {
            let script = String(text[..<colon]), className = String(text[text.index(after: colon)...])
            matches = namespaces.filter { $0.scriptName == script && $0.className == className }
        }
        if matches.isEmpty { matches = namespaces.filter { $0.className == text } }
        if matches.isEmpty { matches = namespaces.filter { $0.name == text } }
        switch matches.count {
        case 1:
            return matches[0]
        case 0:
            let known = namespaces.prefix(20).map(\.label).joined(separator: ", ")
            throw CloudflareError(.unknownNamespace, """
                No Durable Object namespace "\(text)" in the account. Give a binding of the wrangler config, a class \
                name, script:Class or a namespace id. The account has: \(known.isEmpty ? "no namespaces" : known).
                """)
        default:
            let forms = matches.map { "\($0.scriptName ?? "?"):\($0.className ?? "?")" }.joined(separator: ", ")
            throw CloudflareError(.ambiguousNamespace, "\"\(text)\" matches \(matches.count) namespaces; name one as script:Class: \(forms).")
        }
    }
}
