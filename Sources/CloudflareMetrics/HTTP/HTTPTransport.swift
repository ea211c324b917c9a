import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP exchange. ``URLSessionTransport`` is the real one.
package protocol HTTPTransport: Sendable {
    /// Sends the request; throws on transport failures (timeouts included).
    func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse)
}

/// Foundation's URLSession: TLS verified by the system (no delegate overrides it), no cookies, no cache, no
/// credential storage, a timeout per request.
package final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    package init(timeout: Double) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.urlCredentialStorage = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    package func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else {
            throw CloudflareError(.malformedResponse, "The answer was not HTTP.")
        }
        return (data, http)
    }
}
