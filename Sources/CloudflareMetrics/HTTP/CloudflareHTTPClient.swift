import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The HTTPS client of the Cloudflare API: bearer token, per-request timeout, retries with backoff on 429, 5xx and
/// transport failures (honouring `Retry-After`), a request-rate limit, and answers cached for a given time.
///
/// Errors name the permission a token lacks and never contain the token.
package actor CloudflareHTTPClient {
    /// The permission an endpoint needs, named in authentication errors.
    package enum Permission: String, Sendable {
        case accountAnalyticsRead = "Account Analytics: Read"
        case workersScriptsRead = "Workers Scripts: Read"
    }

    package let baseURL: URL
    private let token: APIToken
    private let settings: HTTPSettings
    private let transport: any HTTPTransport
    private let sleep: @Sendable (Double) async throws -> Void
    private let now: @Sendable () -> Date
    private var limiter: RateLimiter
    private var cache = ResponseCache()

    package init(
        baseURL: URL, token: APIToken, settings: HTTPSettings = HTTPSettings(), transport: (any HTTPTransport)? = nil,
        sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.baseURL = baseURL
        self.token = token
        self.settings = settings
        self.transport = transport ?? URLSessionTransport(timeout: settings.requestTimeout)
        self.sleep = sleep
        self.now = now
        limiter = RateLimiter(limit: settings.rateLimit, window: settings.rateWindow)
    }

    /// `text` (from the API) with the token removed.
    package nonisolated func redact(_ text: String) -> String { token.redact(text) }

    /// Sends a request to `path` under the base URL and returns the body of a 2xx answer; an identical request
    /// within `cacheFor` seconds is answered from the cache.
    package func send(
        _ method: String, _ path: String, query: [URLQueryItem] = [], body: Data? = nil, cacheFor: Double,
        permission: Permission
    ) async throws -> Data {
        var components = URLComponents(url: baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        if !query.isEmpty { components.queryItems = query }
        guard let url = components.url else { throw CloudflareError(.invalidConfiguration, "Cannot build a URL for \(path).") }
        let key = "\(method) \(url.absoluteString) \(body.map { String(decoding: $0, as: UTF8.self) } ?? "")"
        if let hit = cache.get(key, now: now().timeIntervalSince1970) { return Data(hit) }

        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: settings.requestTimeout)
        request.httpMethod = method
        request.httpBody = body
        request.setValue(token.authorizationHeader, forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        request.setValue("do-architect", forHTTPHeaderField: "User-Agent")

        let policy = RetryPolicy(settings: settings)
        var attempt = 0
        while true {
            attempt += 1
            let wait = limiter.reserve(now: now().timeIntervalSince1970)
            if wait > 0 { try await sleep(wait) }
            let status: Int?
            let retryAfter: String?
            var failure: CloudflareError
            do {
                let (data, response) = try await transport.send(request)
                if (200...299).contains(response.statusCode) {
                    cache.put(key, Array(data), now: now().timeIntervalSince1970, ttl: cacheFor)
                    return data
                }
                status = response.statusCode
                retryAfter = response.value(forHTTPHeaderField: "Retry-After")
                failure = error(status: response.statusCode, body: data, permission: permission, path: path)
            } catch let error as CloudflareError {
                throw error
            } catch {
                status = nil
                retryAfter = nil
                failure = transportError(error)
            }
            switch policy.decide(attempt: attempt, status: status, retryAfter: retryAfter, now: now(), jitter: Double.random(in: 0...1)) {
            case .retry(let seconds):
                try await sleep(seconds)
            case .giveUp:
                if attempt > 1 { failure.message += " (\(attempt) attempts)" }
                throw failure
            case .tooLong(let seconds):
                throw CloudflareError(.rateLimited, "The Cloudflare API asks to wait \(Int(seconds)) s before the next request (Retry-After); try again then.")
            }
        }
    }

    private func error(status: Int, body: Data, permission: Permission, path: String) -> CloudflareError {
        let detail = Self.apiMessage(body).map { ": " + token.redact($0) } ?? ""
        switch status {
        case 401:
            return CloudflareError(.unauthorized, "The Cloudflare API did not accept the token (HTTP 401\(detail)). Check CLOUDFLARE_API_TOKEN: it must be a valid, unexpired API token with Account Analytics: Read and Workers Scripts: Read on the account (this request needs \(permission.rawValue)).")
        case 403:
            return CloudflareError(.forbidden, "The token lacks \(permission.rawValue) on this account (HTTP 403 for \(path)\(detail)). Edit the token to add \(permission.rawValue) for the account, or check CLOUDFLARE_ACCOUNT_ID.")
        case 429:
            return CloudflareError(.rateLimited, "The Cloudflare API rate limit was reached (HTTP 429\(detail)); wait a minute and try again.")
        case 500...599:
            return CloudflareError(.unavailable, "The Cloudflare API failed (HTTP \(status)\(detail)); try again later.")
        default:
            return CloudflareError(.queryFailed, "The Cloudflare API refused the request to \(path) (HTTP \(status)\(detail)).")
        }
    }

    private func transportError(_ error: any Error) -> CloudflareError {
        if let url = error as? URLError, url.code == .timedOut {
            return CloudflareError(.timedOut, "The Cloudflare API did not answer within \(Int(settings.requestTimeout)) s.")
        }
        let reason = token.redact((error as? URLError).map { "\($0.code.rawValue)" } ?? String(describing: type(of: error)))
        return CloudflareError(.unavailable, "Could not reach the Cloudflare API at \(baseURL.host ?? "?") (network error \(reason)).")
    }

    /// The first `errors[].message` (REST) or `errors[].message` (GraphQL) of an error body, at most 200 characters.
    static func apiMessage(_ body: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let errors = object["errors"] as? [[String: Any]], let first = errors.first,
              let message = first["message"] as? String else { return nil }
        let code = (first["code"] as? Int).map { " (code \($0))" } ?? ""
        return String((message + code).prefix(200))
    }
}
