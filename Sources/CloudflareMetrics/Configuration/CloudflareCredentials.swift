import CodeReview
import Foundation

/// The token and account a Cloudflare source reads with, and where the account id came from.
package struct CloudflareCredentials: Sendable, Equatable {
    package var token: APIToken
    /// 32 hexadecimal characters.
    package var accountId: String
    /// `CLOUDFLARE_ACCOUNT_ID`, or the path of the wrangler config that gave `account_id`.
    package var accountIdSource: String

    package init(token: APIToken, accountId: String, accountIdSource: String) {
        self.token = token
        self.accountId = accountId
        self.accountIdSource = accountIdSource
    }

    /// Reads credentials, never from tool arguments: the token from `CLOUDFLARE_API_TOKEN`; the account from
    /// `CLOUDFLARE_ACCOUNT_ID`, else the `account_id` of `config` (the loaded Worker's config first, then the
    /// working directory's, as ``WorkerConfigLookup`` orders them).
    ///
    /// - Throws: ``CloudflareError`` `missingCredentials` naming what is missing and how to set it.
    package static func resolve(environment: [String: String], config: WranglerAccount?) throws -> CloudflareCredentials {
        guard let token = environment["CLOUDFLARE_API_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
            throw CloudflareError(.missingCredentials, """
                CLOUDFLARE_API_TOKEN is not set. Create an API token (dash.cloudflare.com → My Profile → API Tokens) with \
                Account Analytics: Read and Workers Scripts: Read on the account, and set it in the environment of the \
                server or the command (never in a tool argument).
                """)
        }
        let apiToken = APIToken(token)
        let account: String
        let origin: String
        if let id = environment["CLOUDFLARE_ACCOUNT_ID"]?.trimmingCharacters(in: .whitespacesAndNewlines), !id.isEmpty {
            (account, origin) = (id, "CLOUDFLARE_ACCOUNT_ID")
        } else if let config, let id = config.accountId {
            (account, origin) = (id, config.path)
        } else {
            throw CloudflareError(.missingCredentials, """
                No account id: set CLOUDFLARE_ACCOUNT_ID (the 32-character id under Account ID on the dashboard's \
                Workers & Pages overview) or put account_id in the wrangler config of the working directory.
                """)
        }
        guard account.count == 32, account.allSatisfy(\.isHexDigit) else {
            throw CloudflareError(.invalidConfiguration, apiToken.redact(
                "The account id from \(origin) is not 32 hexadecimal characters; copy it from the dashboard's Account ID."))
        }
        return CloudflareCredentials(token: apiToken, accountId: account.lowercased(), accountIdSource: origin)
    }
}

/// Where a wrangler config is looked for: the loaded Worker's config when there is one (not yet available), else
/// the working directory's.
package struct WorkerConfigLookup: Sendable {
    package var loaded: WranglerAccount?
    package var workingDirectory: URL

    package init(loaded: WranglerAccount? = nil, workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
        self.loaded = loaded
        self.workingDirectory = workingDirectory
    }

    /// The config to use, or nil when there is none.
    package func config() throws -> WranglerAccount? {
        if let loaded { return loaded }
        do {
            return try WranglerAccount.read(directory: workingDirectory)
        } catch let error as WranglerAccountError {
            throw CloudflareError(.invalidConfiguration, "The wrangler config could not be read: \(error.message)")
        }
    }
}
