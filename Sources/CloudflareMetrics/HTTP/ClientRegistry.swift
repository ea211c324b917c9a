import Foundation

/// One ``CloudflareHTTPClient`` per base URL, token and settings for the whole process, so that the rate limit and
/// the cache hold across tool calls (the server builds a source per call).
package final class ClientRegistry: @unchecked Sendable {
    /// The process's registry.
    package static let shared = ClientRegistry()

    private let lock = NSLock()
    private var clients: [(baseURL: URL, token: APIToken, client: CloudflareHTTPClient)] = []

    package init() {}

    /// The client for these, made on first use.
    package func client(baseURL: URL, token: APIToken, settings: HTTPSettings) -> CloudflareHTTPClient {
        lock.withLock {
            if let known = clients.first(where: { $0.baseURL == baseURL && $0.token == token }) { return known.client }
            let client = CloudflareHTTPClient(baseURL: baseURL, token: token, settings: settings)
            clients.append((baseURL, token, client))
            return client
        }
    }
}
