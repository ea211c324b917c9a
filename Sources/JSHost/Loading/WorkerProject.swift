import CodeReview
import DurableObjects
import Foundation
import JSONModel

/// What a Worker project's wrangler configuration says about running it: its entry, Durable Object bindings,
/// migrations, `vars` (with `.dev.vars` on top, as `wrangler dev` does), the other bindings and the CPU limit.
public struct WorkerProject: Sendable {
    /// A Durable Object binding: `env[name]` is a namespace of the exported class `className`.
    public struct DurableObjectBinding: Sendable, Equatable {
        public var name: String
        public var className: String
        /// Set when the class lives in another Worker (`script_name`); such bindings are not run here.
        public var scriptName: String?
    }

    /// A binding we do not emulate (KV, D1, R2, Queues, services, …): present in `env`, throws when used.
    public struct OtherBinding: Sendable, Equatable {
        public var name: String
        public var kind: String
    }

    /// The project folder.
    public var root: URL
    /// The configuration file read.
    public var configPath: String
    /// The Worker's `name` (default: the folder's name).
    public var name: String
    /// The entry module.
    public var main: URL
    public var compatibilityDate: String?
    public var compatibilityFlags: [String]
    public var durableObjects: [DurableObjectBinding]
    /// Classes created by migrations with `new_sqlite_classes` (SQLite-backed) and `new_classes` (KV-backed).
    public var sqliteClasses: Set<String>
    public var kvClasses: Set<String>
    /// `vars` then `.dev.vars` (which wins), in file order.
    public var vars: [(String, JSON)]
    public var otherBindings: [OtherBinding]
    /// `limits.cpu_ms` when set.
    public var cpuLimitMs: Int?

    /// The storage backend of a class: KV-backed when a migration made it with `new_classes`.
    public func storage(of className: String) -> StorageBackend {
        kvClasses.contains(className) && !sqliteClasses.contains(className) ? .kvEmulation : .sqlite
    }

    /// The configuration file names wrangler looks for, in its order.
    public static let configNames = ["wrangler.jsonc", "wrangler.json", "wrangler.toml"]

    /// Reads a project.
    ///
    /// - Parameters:
    ///   - path: the project folder (default: the current directory).
    ///   - config: the configuration file (default: the first of `configNames` in the folder).
    ///   - main: the entry (default: the configuration's `main`).
    ///   - allowedRoots: folders the caller may read; `nil` means anywhere.
    /// - Throws: `WorkerLoadError` naming what is missing or outside the allowed folders.
    public static func read(path: String?, config: String?, main: String?, allowedRoots: [URL]?) throws -> WorkerProject {
        let fm = FileManager.default
        let root = try confined(path ?? fm.currentDirectoryPath, allowedRoots: allowedRoots)
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
            throw WorkerLoadError(.notFound, "\(path ?? root.path) is not a folder. Give the Worker project's folder (the one with wrangler.jsonc, wrangler.json or wrangler.toml).")
        }
        let configURL: URL
        if let config {
            configURL = try confined(config.hasPrefix("/") ? config : root.appendingPathComponent(config).path, allowedRoots: allowedRoots)
        } else if let found = configNames.lazy.map({ root.appendingPathComponent($0) }).first(where: { fm.fileExists(atPath: $0.path) }) {
            configURL = found
        } else {
            throw WorkerLoadError(.noConfig, "No wrangler configuration in \(root.path): looked for \(configNames.joined(separator: ", ")). Give its path with `config`.")
        }
        guard let data = fm.contents(atPath: configURL.path) else {
            throw WorkerLoadError(.notFound, "\(configURL.path) cannot be read.")
        }
        let document: WranglerValue
        do {
            document = try WranglerValue.parse(String(decoding: data, as: UTF8.self), path: configURL.path)
        } catch {
            throw WorkerLoadError(.badConfig, "\(configURL.lastPathComponent) line \(error.line): \(error.message)")
        }
        guard let entry = main ?? document["main"]?.string else {
            throw WorkerLoadError(.badConfig, "\(configURL.lastPathComponent) has no `main`: name the Worker's entry file there or with `main`.")
        }
        let mainURL = try confined(entry.hasPrefix("/") ? entry : configURL.deletingLastPathComponent().appendingPathComponent(entry).path, allowedRoots: allowedRoots)
        guard fm.fileExists(atPath: mainURL.path) else {
            throw WorkerLoadError(.notFound, "The entry \(entry) does not exist (looked at \(mainURL.path)).")
        }
        var project = WorkerProject(
            root: root, configPath: configURL.path, name: document["name"]?.string ?? root.lastPathComponent, main: mainURL,
            compatibilityDate: document["compatibility_date"]?.string,
            compatibilityFlags: document["compatibility_flags"]?.array.compactMap(\.string) ?? [],
            durableObjects: [], sqliteClasses: [], kvClasses: [], vars: [], otherBindings: [],
            cpuLimitMs: document["limits"]?["cpu_ms"]?.number.map { Int($0) })
        project.readBindings(document)
        let devVars = configURL.deletingLastPathComponent().appendingPathComponent(".dev.vars")
        if let text = fm.contents(atPath: devVars.path).map({ String(decoding: $0, as: UTF8.self) }) {
            for (key, value) in DotEnv.parse(text) {
                project.vars.removeAll { $0.0 == key }
                project.vars.append((key, .string(value)))
            }
        }
        return project
    }

    private mutating func readBindings(_ document: WranglerValue) {
        let objects = document["durable_objects"]?["bindings"]?.array ?? []
        durableObjects = objects.compactMap { node in
            guard let name = node["name"]?.string, let className = node["class_name"]?.string else { return nil }
            return DurableObjectBinding(name: name, className: className, scriptName: node["script_name"]?.string)
        }
        for migration in document["migrations"]?.array ?? [] {
            for name in migration["new_sqlite_classes"]?.array.compactMap(\.string) ?? [] { sqliteClasses.insert(name) }
            for name in migration["new_classes"]?.array.compactMap(\.string) ?? [] { kvClasses.insert(name) }
            for rename in migration["renamed_classes"]?.array ?? [] {
                guard let from = rename["from"]?.string, let to = rename["to"]?.string else { continue }
                if sqliteClasses.remove(from) != nil { sqliteClasses.insert(to) }
                if kvClasses.remove(from) != nil { kvClasses.insert(to) }
            }
        }
        for (key, value) in document["vars"]?.entries ?? [] { vars.append((key, JSON(value))) }
        let kinds = [
            ("kv_namespaces", "binding", "KV namespace"), ("d1_databases", "binding", "D1 database"),
            ("r2_buckets", "binding", "R2 bucket"), ("services", "binding", "service"),
            ("analytics_engine_datasets", "binding", "Analytics Engine dataset"), ("vectorize", "binding", "Vectorize index"),
            ("hyperdrive", "binding", "Hyperdrive"), ("workflows", "binding", "Workflow"),
            ("send_email", "name", "Email sending"), ("dispatch_namespaces", "binding", "dispatch namespace"),
            ("mtls_certificates", "binding", "mTLS certificate"), ("pipelines", "binding", "Pipeline"),
            ("secrets_store_secrets", "binding", "Secrets Store secret"), ("ratelimits", "name", "rate limiting"),
        ]
        for (key, field, kind) in kinds {
            for node in document[key]?.array ?? [] {
                if let name = node[field]?.string { otherBindings.append(OtherBinding(name: name, kind: kind)) }
            }
        }
        for node in document["queues"]?["producers"]?.array ?? [] {
            if let name = node["binding"]?.string { otherBindings.append(OtherBinding(name: name, kind: "Queue")) }
        }
        for binding in durableObjects {
            if let script = binding.scriptName {
                otherBindings.append(OtherBinding(name: binding.name, kind: "Durable Object namespace (class \(binding.className) of the Worker \(script))"))
            }
        }
        for (key, kind) in [
            ("ai", "Workers AI"), ("browser", "Browser Rendering"), ("images", "Images"), ("assets", "static assets"),
            ("version_metadata", "version metadata"),
        ] {
            if let name = document[key]?["binding"]?.string { otherBindings.append(OtherBinding(name: name, kind: kind)) }
        }
    }

    /// The absolute, symlink-free form of `raw`, refused when outside `allowedRoots`.
    static func confined(_ raw: String, allowedRoots: [URL]?) throws -> URL {
        let url = URL(fileURLWithPath: raw).standardizedFileURL.resolvingSymlinksInPath()
        guard let allowedRoots else { return url }
        let inside = allowedRoots.contains { root in
            let r = root.standardizedFileURL.resolvingSymlinksInPath().path
            let prefix = r.hasSuffix("/") ? r : r + "/"
            return url.path == r || url.path.hasPrefix(prefix)
        }
        guard inside else {
            let roots = allowedRoots.map(\.path).joined(separator: ", ")
            throw WorkerLoadError(.outsideRoots, "\(raw) is outside the folders this server may read (\(roots.isEmpty ? "none" : roots)). Add its folder to the client's roots.")
        }
        return url
    }
}

extension JSON {
    init(_ value: WranglerValue) {
        switch value {
        case .string(let s): self = .string(s)
        case .number(let n): self = .number(n)
        case .bool(let b): self = .bool(b)
        case .array(let items): self = .array(items.map(JSON.init))
        case .table(let entries): self = .object(JSONObject(entries.map { ($0.key, JSON($0.value)) }))
        }
    }
}
