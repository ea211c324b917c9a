import BundledContent
import Foundation

/// A Worker bundled into one script: an IIFE whose result (`var __worker`) holds the entry's exports.
public struct WorkerBundle: Sendable {
    /// The script (evaluated in each new global after the shim).
    public var script: String
    /// esbuild's source map (JSON), to map stacks back to the user's files.
    public var sourceMap: String?
    /// The name stacks show for the script.
    public var sourceURL: String
}

/// Bundles a Worker the way wrangler does, with the system's esbuild: one IIFE, TypeScript stripped, the
/// `workerd`/`worker`/`browser` export conditions, `cloudflare:workers` aliased to our module, a source map kept.
public enum WorkerBundler {
    /// The global the bundle's exports are assigned to.
    static let globalName = "__worker"

    /// Finds esbuild: `$DO_ARCHITECT_ESBUILD`, else `esbuild` on `PATH`.
    ///
    /// - Throws: `WorkerLoadError(.bundlerMissing)` saying how to install it.
    public static func locateEsbuild(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        let fm = FileManager.default
        if let explicit = environment["DO_ARCHITECT_ESBUILD"], !explicit.isEmpty {
            guard fm.isExecutableFile(atPath: explicit) else {
                throw WorkerLoadError(.bundlerMissing, "DO_ARCHITECT_ESBUILD is \(explicit), which is not an executable file.")
            }
            return URL(fileURLWithPath: explicit)
        }
        for folder in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/esbuild"
            if fm.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        throw WorkerLoadError(.bundlerMissing, "esbuild is not installed, and it is needed to bundle the Worker. Run scripts/install-deps.sh (Debian/Ubuntu: sudo apt-get install esbuild; macOS: brew install esbuild), or set DO_ARCHITECT_ESBUILD to its path.")
    }

    /// Bundles `project.main`.
    ///
    /// - Throws: `WorkerLoadError`: `.bundlerMissing`, `.unsupportedImport` (naming each import esbuild could not
    ///   resolve: `node:*`, `cloudflare:*` other than `cloudflare:workers`, npm packages without `node_modules`),
    ///   `.buildFailed` with esbuild's message.
    public static func bundle(_ project: WorkerProject, esbuild: URL? = nil) throws -> WorkerBundle {
        let esbuild = try esbuild ?? locateEsbuild()
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("do-architect-bundle-\(UUID().uuidString)")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        let shim = work.appendingPathComponent("cloudflare-workers.js")
        guard let module = BundledContent.files.first(where: { $0.path == "Sources/JSHost/Shim/cloudflare-workers.js" }) else {
            throw WorkerLoadError(.buildFailed, "The binary lacks its cloudflare:workers module (Sources/JSHost/Shim/cloudflare-workers.js); rebuild it.")
        }
        try module.text.write(to: shim, atomically: true, encoding: .utf8)
        let out = work.appendingPathComponent("worker.js")
        let arguments = [
            project.main.path, "--bundle", "--format=iife", "--global-name=\(globalName)", "--platform=neutral",
            "--conditions=workerd,worker,browser", "--main-fields=browser,module,main", "--target=es2022",
            "--sourcemap=external", "--sources-content=false", "--outfile=\(out.path)",
            "--alias:cloudflare:workers=\(shim.path)", "--log-level=error", "--color=false",
            "--loader:.txt=text", "--loader:.html=text", "--loader:.sql=text", "--loader:.bin=binary",
        ]
        let errorsFile = work.appendingPathComponent("esbuild.stderr")
        let status: Int32
        do {
            status = try ChildProcess.run(esbuild, arguments, in: project.root, stderr: errorsFile)
        } catch {
            throw WorkerLoadError(.bundlerMissing, "esbuild at \(esbuild.path) could not be started: \(error).")
        }
        let stderr = fm.contents(atPath: errorsFile.path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        if status == 126 || status == 127 {
            throw WorkerLoadError(.bundlerMissing, "esbuild at \(esbuild.path) could not be started (exit status \(status)): \(stderr.prefix(500))")
        }
        guard status == 0 else {
            let unresolved = unresolvedImports(stderr)
            if !unresolved.isEmpty {
                throw WorkerLoadError(.unsupportedImport, "The Worker imports what cannot run here: \(unresolved.map { "\"\($0)\"" }.joined(separator: ", ")). Supported: its own files, packages under node_modules, and cloudflare:workers. Node built-ins and other cloudflare:* modules are not emulated (see docs/js-host.md).")
            }
            throw WorkerLoadError(.buildFailed, "esbuild could not bundle \(project.main.lastPathComponent):\n\(String(stderr.prefix(4000)))")
        }
        guard let script = fm.contents(atPath: out.path).map({ String(decoding: $0, as: UTF8.self) }) else {
            throw WorkerLoadError(.buildFailed, "esbuild wrote no output for \(project.main.path).")
        }
        let map = fm.contents(atPath: out.path + ".map").map { String(decoding: $0, as: UTF8.self) }
        return WorkerBundle(script: script, sourceMap: map, sourceURL: "worker:///\(project.name).js")
    }

    /// The specifiers of esbuild's `Could not resolve "x"` errors, in order, without repeats.
    static func unresolvedImports(_ stderr: String) -> [String] {
        var found: [String] = []
        for line in stderr.split(separator: "\n") {
            guard let range = line.range(of: "Could not resolve \"") else { continue }
            let rest = line[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { continue }
            let name = String(rest[..<end])
            if !found.contains(name) { found.append(name) }
        }
        return found
    }
}
