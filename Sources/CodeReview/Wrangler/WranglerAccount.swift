import Foundation

/// What a wrangler configuration says about the account it deploys to: `account_id`, the Worker's `name` and its
/// Durable Object bindings. Used to find credentials and namespaces for metrics read from a Cloudflare account.
package struct WranglerAccount: Sendable, Equatable {
    /// One `durable_objects.bindings` entry (top level or any `env.*`).
    package struct Binding: Sendable, Equatable {
        package var name: String
        package var className: String
        /// `script_name`, or the Worker's own `name` when the class lives in this Worker.
        package var scriptName: String?
    }

    /// The file it was read from.
    package var path: String
    package var accountId: String?
    /// The Worker's `name` (its script name on Cloudflare).
    package var workerName: String?
    package var bindings: [Binding]

    /// The file names looked for, in wrangler's own order of preference.
    package static let fileNames = ["wrangler.jsonc", "wrangler.json", "wrangler.toml"]

    /// Reads the first wrangler configuration found in `directory`; nil when there is none.
    ///
    /// - Throws: ``WranglerAccountError`` when the file exists but cannot be read or parsed.
    package static func read(directory: URL) throws -> WranglerAccount? {
        for name in fileNames {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw WranglerAccountError(message: "Cannot read \(url.path).")
            }
            return try parse(String(decoding: data, as: UTF8.self), path: url.path)
        }
        return nil
    }

    /// Parses the text of a configuration (TOML, or JSON/JSONC when `path` ends so or the text starts with `{`).
    package static func parse(_ text: String, path: String) throws -> WranglerAccount {
        let root: ConfigNode
        do throws(ConfigSyntaxError) {
            if path.lowercased().hasSuffix(".toml") == false || text.drop(while: { $0.isWhitespace }).first == "{" {
                var reader = JSONCReader(text)
                root = try reader.read()
            } else {
                var reader = TOMLReader(text)
                root = try reader.read()
            }
        } catch {
            throw WranglerAccountError(message: "\(path) line \(error.line): \(error.message)")
        }
        let worker = root["name"]?.string
        var bindings: [Binding] = []
        for node in [root] + (root["env"]?.entries.map(\.node) ?? []) {
            for b in node["durable_objects"]?["bindings"]?.array ?? [] {
                guard let name = b["name"]?.string, let className = b["class_name"]?.string else { continue }
                let binding = Binding(name: name, className: className, scriptName: b["script_name"]?.string ?? worker)
                if !bindings.contains(binding) { bindings.append(binding) }
            }
        }
        let account = root["account_id"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        return WranglerAccount(path: path, accountId: account, workerName: worker, bindings: bindings)
    }
}

/// A wrangler configuration that exists but could not be read.
package struct WranglerAccountError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
