import CodeReview
import Foundation
import Testing
@testable import CloudflareMetrics

/// Where the token and account come from, and how namespaces are found.
struct CredentialsTests {
    typealias F = AccountFixture

    @Test func environmentAccountWinsOverTheConfig() throws {
        let other = String(repeating: "b", count: 32)
        let credentials = try CloudflareCredentials.resolve(
            environment: ["CLOUDFLARE_API_TOKEN": F.token, "CLOUDFLARE_ACCOUNT_ID": other], config: F.config)
        #expect(credentials.accountId == other && credentials.accountIdSource == "CLOUDFLARE_ACCOUNT_ID")
        let fromConfig = try CloudflareCredentials.resolve(environment: ["CLOUDFLARE_API_TOKEN": F.token], config: F.config)
        #expect(fromConfig.accountId == F.accountId && fromConfig.accountIdSource == "wrangler.jsonc")
    }

    @Test func missingTokenOrAccountSaysWhatToSet() {
        let noToken = #expect(throws: CloudflareError.self) { try CloudflareCredentials.resolve(environment: [:], config: F.config) }
        #expect(noToken?.code == .missingCredentials && noToken?.message.contains("CLOUDFLARE_API_TOKEN") == true)
        #expect(noToken?.message.contains("Workers Scripts: Read") == true)
        let error = #expect(throws: CloudflareError.self) { try CloudflareCredentials.resolve(environment: ["CLOUDFLARE_API_TOKEN": F.token], config: nil) }
        #expect(error?.message.contains("CLOUDFLARE_ACCOUNT_ID") == true && error?.message.contains(F.token) == false)
        let bad = #expect(throws: CloudflareError.self) {
            try CloudflareCredentials.resolve(environment: ["CLOUDFLARE_API_TOKEN": F.token, "CLOUDFLARE_ACCOUNT_ID": "nope"], config: nil)
        }
        #expect(bad?.code == .invalidConfiguration)
    }

    @Test func configIsReadFromTheWorkingDirectoryInTOMLToo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cf-toml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
            name = "app"
            account_id = "\(F.accountId)"
            [[durable_objects.bindings]]
            name = "ROOMS"
            class_name = "ChatRoom"
            """.write(to: folder.appendingPathComponent("wrangler.toml"), atomically: true, encoding: .utf8)
        let config = try #require(try WorkerConfigLookup(workingDirectory: folder).config())
        #expect(config.accountId == F.accountId && config.bindings.first?.name == "ROOMS" && config.bindings.first?.scriptName == "app")
        #expect(try WorkerConfigLookup(loaded: F.config, workingDirectory: folder).config()?.bindings.first?.name == "COUNTER")
    }

    @Test func tokenNeverPrints() {
        let token = APIToken(F.token)
        #expect("\(token)" == "<redacted>" && String(reflecting: token) == "<redacted>")
        var dumped = ""
        dump(CloudflareCredentials(token: token, accountId: F.accountId, accountIdSource: "x"), to: &dumped)
        #expect(!dumped.contains(F.token))
        #expect(token.redact("a \(F.token) b") == "a <redacted> b")
    }

    static let directory = NamespaceDirectory(namespaces: [
        CloudflareNamespace(id: F.counterId, name: "app_Counter", className: "Counter", scriptName: "app", useSqlite: true, binding: "COUNTER"),
        CloudflareNamespace(id: F.chatId, name: "app_ChatRoom", className: "ChatRoom", scriptName: "app", useSqlite: true),
        CloudflareNamespace(id: String(repeating: "d3", count: 16), name: "other_ChatRoom", className: "ChatRoom", scriptName: "other", useSqlite: false),
    ])

    @Test(arguments: ["COUNTER", "Counter", "app:Counter", String(repeating: "a1", count: 16), String(repeating: "A1", count: 16)])
    func namespaceResolvesByBindingClassScriptOrId(argument: String) throws {
        #expect(try Self.directory.resolve(argument).id == F.counterId)
    }

    @Test func ambiguousAndUnknownNamespacesListTheChoices() throws {
        let ambiguous = #expect(throws: CloudflareError.self) { try Self.directory.resolve("ChatRoom") }
        #expect(ambiguous?.code == .ambiguousNamespace && ambiguous?.message.contains("app:ChatRoom, other:ChatRoom") == true)
        #expect(try Self.directory.resolve("other:ChatRoom").scriptName == "other")
        let unknown = #expect(throws: CloudflareError.self) { try Self.directory.resolve("NOPE") }
        #expect(unknown?.code == .unknownNamespace && unknown?.message.contains("COUNTER") == true)
    }
}
