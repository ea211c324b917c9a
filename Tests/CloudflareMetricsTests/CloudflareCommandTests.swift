import Foundation
import Testing
import TestSupport
@testable import CloudflareMetrics

/// `do-architect metrics --source cloudflare` as a user runs it, against the replay server.
struct CloudflareCommandTests {
    typealias F = AccountFixture

    /// Runs the built binary with `environment` added to a clean one; stdout and stderr together.
    static func run(_ arguments: [String], environment: [String: String], cwd: URL) throws -> (status: Int32, output: String) {
        guard FileManager.default.isExecutableFile(atPath: TestPaths.binary.path) else {
            throw ReplayError("No executable at \(TestPaths.binary.path): run `swift build` before `swift test`.")
        }
        let (status, data) = try SpawnedProcess.run(
            TestPaths.binary, arguments, environment: ["PATH": "/usr/bin:/bin", "HOME": cwd.path].merging(environment) { $1 },
            directory: cwd, mergeErrors: true)
        return (status, String(decoding: data, as: UTF8.self))
    }

    /// A working directory whose wrangler.jsonc gives the account id and the bindings.
    static func project() throws -> URL {
        let folder = TestPaths.temporaryFolder("cloudflare-cli")
        try """
            { "name": "app", "account_id": "\(F.accountId)",
              "durable_objects": { "bindings": [ { "name": "COUNTER", "class_name": "Counter" } ] } }
            """.write(to: folder.appendingPathComponent("wrangler.jsonc"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func printsTheTableAndSparklineFromTheAccount() throws {
        let server = try ReplayServer(handler: F.normal)
        let result = try Self.run(
            ["metrics", "--source", "cloudflare", "--namespace", "COUNTER", "--window", "600"],
            environment: ["CLOUDFLARE_API_TOKEN": F.token, "CLOUDFLARE_API_BASE_URL": server.baseURL], cwd: try Self.project())
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Cloudflare account, 600 s in 60 s buckets"))
        #expect(result.output.contains("COUNTER") && result.output.contains("600000"))
        #expect(result.output.contains("cpu p95 ms") && result.output.contains("–"))
        #expect(result.output.contains("COUNTER requests per 60 s  ██████████  max 60000"))
        #expect(result.output.contains("[warning] shard-hot-object") || result.output.contains("[error] shard-hot-object"))
        #expect(!result.output.contains(F.token))
    }

    @Test func htmlWritesTheMetricsViewWithTheAccountReport() throws {
        let server = try ReplayServer(handler: F.normal)
        let project = try Self.project()
        let html = project.appendingPathComponent("metrics.html")
        let result = try Self.run(
            ["metrics", "--source", "cloudflare", "--namespace", "COUNTER", "--window", "600", "--html", html.path],
            environment: ["CLOUDFLARE_API_TOKEN": F.token, "CLOUDFLARE_API_BASE_URL": server.baseURL], cwd: project)
        #expect(result.status == 0, "\(result.output)")
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.contains(#""source": "cloudflare""#) && page.contains(#""source":"cloudflare""#))
        #expect(page.contains("granularitySeconds"))
        #expect(!page.contains(F.token))
    }

    @Test func missingTokenIsAClearErrorNamingThePermissions() throws {
        let result = try Self.run(["metrics", "--source", "cloudflare"], environment: [:], cwd: try Self.project())
        #expect(result.status != 0)
        #expect(result.output.contains("CLOUDFLARE_API_TOKEN is not set") && result.output.contains("Account Analytics: Read"))
    }

    @Test func plainHTTPToARemoteHostIsRefused() throws {
        let result = try Self.run(
            ["metrics", "--source", "cloudflare"],
            environment: ["CLOUDFLARE_API_TOKEN": F.token, "CLOUDFLARE_API_BASE_URL": "http://api.cloudflare.com/client/v4"],
            cwd: try Self.project())
        #expect(result.status != 0 && result.output.contains("must use https"))
        #expect(!result.output.contains(F.token))
    }
}
