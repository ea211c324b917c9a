import Foundation
import Testing
@testable import CloudflareMetrics

/// HTTP failures against the replay server: authentication, rate limits, server errors, timeouts, bad JSON.
struct CloudflareHTTPClientTests {
    typealias F = AccountFixture

    func failure(_ server: ReplayServer, settings: HTTPSettings = F.fastSettings) async -> CloudflareError? {
        do {
            _ = try await F.source(server, settings: settings).report(namespace: "COUNTER", windowSeconds: 600, includeSeries: false, now: F.now)
            return nil
        } catch {
            return error as? CloudflareError
        }
    }

    @Test func unauthorizedNamesThePermissionsWithoutTheToken() async throws {
        let server = try ReplayServer { _, _ in
            .init(status: 401, body: #"{"success":false,"errors":[{"code":10000,"message":"Authentication error for token \#(F.token)"}]}"#)
        }
        let error = try #require(await failure(server))
        #expect(error.code == .unauthorized)
        #expect(error.message.contains("Workers Scripts: Read"))
        #expect(!error.message.contains(F.token) && error.message.contains("<redacted>"))
        #expect(server.requests.count == 1, "401 is not retried")
    }

    @Test func forbiddenNamesTheMissingPermissionOfEachEndpoint() async throws {
        let rest = try ReplayServer { _, _ in .init(status: 403, body: #"{"success":false,"errors":[{"code":10000,"message":"Authentication error"}]}"#) }
        let restError = try #require(await failure(rest))
        #expect(restError.code == .forbidden && restError.message.contains("lacks Workers Scripts: Read"))

        let graphql = try ReplayServer { request, _ in F.route(request) { _ in .init(status: 403, body: "{}") } }
        let graphqlError = try #require(await failure(graphql))
        #expect(graphqlError.code == .forbidden && graphqlError.message.contains("lacks Account Analytics: Read"))

        let inBody = try ReplayServer { request, _ in
            F.route(request) { _ in .init(status: 200, body: #"{"data":null,"errors":[{"message":"not authorized for that account"}]}"#) }
        }
        let inBodyError = try #require(await failure(inBody))
        #expect(inBodyError.code == .forbidden && inBodyError.message.contains("Account Analytics: Read"))

        // Cloudflare's documented wording for a path the token cannot read, with the rest of the data.
        let partly = try ReplayServer { request, _ in
            F.route(request) { body in
                .init(status: 200, body: F.json(["data": F.data(for: body), "errors": [
                    ["message": "does not have access to the path", "path": ["viewer", "accounts", "0", "sqlStorage"]],
                ]]))
            }
        }
        let report = try await F.source(partly).report(namespace: "COUNTER", windowSeconds: 600, includeSeries: false, now: F.now)
        #expect(report.report.namespaces.first?.requests == 600_000)
        #expect(report.caveats.contains { $0.contains("Account Analytics: Read") && $0.contains("does not have access") })
    }

    @Test func tooManyRequestsWaitsRetryAfterThenSucceeds() async throws {
        let server = try ReplayServer { request, index in
            index == 1 ? .init(status: 429, body: "{}", headers: ["Retry-After": "3"]) : F.normal(request, index)
        }
        let sleeps = SleepLog()
        let report = try await F.source(server, sleeps: sleeps).report(namespace: "COUNTER", windowSeconds: 600, includeSeries: false, now: F.now)
        #expect(report.report.namespaces.first?.requests == 600_000)
        #expect(await sleeps.pauses == [3])
        #expect(server.requests.count == 3)
    }

    @Test func retryAfterBeyondTheLimitFailsSayingHowLong() async throws {
        let server = try ReplayServer { _, _ in .init(status: 429, body: "{}", headers: ["Retry-After": "600"]) }
        let error = try #require(await failure(server))
        #expect(error.code == .rateLimited && error.message.contains("600 s"))
        #expect(server.requests.count == 1)
    }

    @Test func serverErrorsAreRetriedWithBackoff() async throws {
        let server = try ReplayServer { request, index in
            index < 2 ? .init(status: 503, body: "upstream") : F.normal(request, index)
        }
        let sleeps = SleepLog()
        _ = try await F.source(server, sleeps: sleeps).report(namespace: "COUNTER", windowSeconds: 600, includeSeries: false, now: F.now)
        let pauses = await sleeps.pauses
        #expect(pauses.count == 2 && pauses[1] > pauses[0])
    }

    @Test func persistentServerErrorsGiveUpAfterMaxAttempts() async throws {
        let server = try ReplayServer { _, _ in .init(status: 502, body: #"{"errors":[{"message":"bad gateway"}]}"#) }
        let error = try #require(await failure(server))
        #expect(error.code == .unavailable && error.message.contains("HTTP 502") && error.message.contains("3 attempts"))
        #expect(server.requests.count == 3)
    }

    @Test func aSlowAnswerTimesOut() async throws {
        let server = try ReplayServer { request, index in
            var response = F.normal(request, index)
            response.delay = 3
            return response
        }
        var settings = F.fastSettings
        settings.requestTimeout = 0.3
        settings.maxAttempts = 2
        let error = try #require(await failure(server, settings: settings))
        #expect(error.code == .timedOut)
        #expect(error.message.contains("2 attempts"))
    }

    @Test func malformedJSONIsAClearError() async throws {
        let server = try ReplayServer { request, _ in F.route(request) { _ in .init(status: 200, body: "{\"data\": {\"viewer\": [") } }
        let error = try #require(await failure(server))
        #expect(error.code == .malformedResponse && error.message.contains("not JSON"))
        let list = try ReplayServer { _, _ in .init(status: 200, body: "<html>") }
        #expect(try #require(await failure(list)).code == .malformedResponse)
    }

    @Test func retryPolicyReadsSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_796_400_000)
        #expect(RetryPolicy.seconds(retryAfter: "7", now: now) == 7)
        #expect(RetryPolicy.seconds(retryAfter: "Sat, 04 Dec 2026 20:00:10 GMT", now: Date(timeIntervalSince1970: 1_796_414_400)) == 10)
        #expect(RetryPolicy.seconds(retryAfter: "soon", now: now) == nil)
        let policy = RetryPolicy(settings: F.fastSettings)
        #expect(policy.decide(attempt: 1, status: 404, retryAfter: nil, now: now, jitter: 0) == .giveUp)
        #expect(policy.decide(attempt: 3, status: 500, retryAfter: nil, now: now, jitter: 0) == .giveUp)
        #expect(policy.decide(attempt: 1, status: nil, retryAfter: nil, now: now, jitter: 0) == .retry(after: 0.01))
    }

    @Test func rateLimiterSpacesRequestsPastTheLimit() {
        var limiter = RateLimiter(limit: 2, window: 10)
        #expect(limiter.reserve(now: 0) == 0)
        #expect(limiter.reserve(now: 1) == 0)
        #expect(limiter.reserve(now: 2) == 8)
        #expect(limiter.reserve(now: 11) == 0)
    }

    @Test func clientWaitsWhenTheRateLimitIsReached() async throws {
        let server = try ReplayServer(handler: F.normal)
        var settings = F.fastSettings
        settings.rateLimit = 1
        settings.rateWindow = 50
        let sleeps = SleepLog()
        // A clock that stands still: the second request must wait the whole window.
        let stopped = Date(timeIntervalSince1970: TimeInterval(F.now))
        _ = try await F.source(server, settings: settings, sleeps: sleeps, now: { stopped })
            .report(namespace: "COUNTER", windowSeconds: 600, includeSeries: false, now: F.now)
        #expect(await sleeps.pauses == [50])
    }
}
