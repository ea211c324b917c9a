import Foundation

/// The API base URL: `https://api.cloudflare.com/client/v4`, or `CLOUDFLARE_API_BASE_URL` for tests.
package enum CloudflareEndpoint {
    package static let production = URL(string: "https://api.cloudflare.com/client/v4")!

    /// The base URL to use. An override must be HTTPS, or plain HTTP to a loopback address (the tests' replay
    /// server); anything else is refused, so a misconfigured variable can never send the token in clear text.
    package static func resolve(environment: [String: String]) throws -> URL {
        guard let text = environment["CLOUDFLARE_API_BASE_URL"], !text.isEmpty else { return production }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host else {
            throw CloudflareError(.invalidConfiguration, "CLOUDFLARE_API_BASE_URL is not a URL; unset it to use \(production.absoluteString).")
        }
        if scheme == "https" { return url }
        if scheme == "http", isLoopback(host) { return url }
        throw CloudflareError(.invalidConfiguration, """
            CLOUDFLARE_API_BASE_URL must use https (plain http is allowed only for a loopback address such as \
            127.0.0.1, for tests); unset it to use \(production.absoluteString).
            """)
    }

    /// 127.0.0.0/8, ::1 and localhost.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
