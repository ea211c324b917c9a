#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Where the embedded runtime keeps its data, and the exclusive lock that keeps two servers off the same objects.
///
/// Resolution order: the `--data-dir` option, then `DO_ARCHITECT_DATA_DIR`, then `$XDG_DATA_HOME/do-architect`,
/// then `~/.local/share/do-architect`. A missing folder is created with mode 0700.
package struct DataDirectory: Sendable {
    /// The folder in use.
    package var url: URL
    /// True when the requested folder was locked by another process and a fresh temporary one is used instead.
    package var isTemporaryFallback: Bool
    /// The folder that was asked for (equal to `url` unless ``isTemporaryFallback``).
    package var requested: URL
    /// The open lock file; the lock lasts as long as the process (or until the descriptor is closed).
    package var lockDescriptor: Int32

    /// The folder to use, by the resolution order above, without touching the disk.
    package static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let option, !option.isEmpty { return URL(fileURLWithPath: (option as NSString).expandingTildeInPath) }
        if let variable = environment["DO_ARCHITECT_DATA_DIR"], !variable.isEmpty {
            return URL(fileURLWithPath: (variable as NSString).expandingTildeInPath)
        }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("do-architect")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/do-architect")
    }

    /// Creates (mode 0700) and checks the folder. Throws a message that says what to fix.
    package static func prepare(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ServerError(code: .dataDirectory, message: "The data directory \(url.path) exists but is not a folder. Choose another with --data-dir or DO_ARCHITECT_DATA_DIR.")
            }
        } else {
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw ServerError(code: .dataDirectory, message: "Cannot create the data directory \(url.path): \(error.localizedDescription). Choose a writable folder with --data-dir or DO_ARCHITECT_DATA_DIR.")
            }
        }
        guard access(url.path, R_OK | W_OK | X_OK) == 0 else {
            throw ServerError(code: .dataDirectory, message: "The data directory \(url.path) is not readable and writable by this user. Fix its permissions or choose another with --data-dir.")
        }
    }

    /// Prepares the folder and takes its exclusive lock; when another process holds it, falls back to a fresh
    /// temporary folder (which is also locked), so that two servers never host the same objects.
    package static func acquire(_ requested: URL) throws -> DataDirectory {
        try prepare(requested)
        if let descriptor = try lock(requested) {
            return DataDirectory(url: requested, isTemporaryFallback: false, requested: requested, lockDescriptor: descriptor)
        }
        var template = Array((NSTemporaryDirectory() + "/do-architect-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ServerError(code: .dataDirectory, message: "\(requested.path) is locked by another do-architect process and no temporary folder could be made.")
        }
        let fallback = URL(fileURLWithPath: String(cString: made))
        guard let descriptor = try lock(fallback) else {
            throw ServerError(code: .dataDirectory, message: "Could not lock the temporary data directory \(fallback.path).")
        }
        return DataDirectory(url: fallback, isTemporaryFallback: true, requested: requested, lockDescriptor: descriptor)
    }

    /// Takes `flock(LOCK_EX | LOCK_NB)` on `<folder>/.lock`; nil when another process holds it.
    static func lock(_ folder: URL) throws -> Int32? {
        let path = folder.appendingPathComponent(".lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ServerError(code: .dataDirectory, message: "Cannot open the lock file \(path): \(String(cString: strerror(errno))).")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            close(descriptor)
            return nil
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
        return descriptor
    }

    /// A sentence for logs and the `initialize` instructions.
    package var notice: String? {
        guard isTemporaryFallback else { return nil }
        return "The data directory \(requested.path) is in use by another do-architect process, so this server runs on a fresh temporary directory, \(url.path): objects and metrics of the other process are not visible here."
    }
}
