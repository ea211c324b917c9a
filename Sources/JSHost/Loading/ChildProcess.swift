import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to its end with stdin and stdout on /dev/null and stderr in a file, in a given folder.
///
/// On Linux it spawns with `posix_spawn` instead of Foundation's `Process`: `Process.run()` in swift-corelibs-foundation
/// (Swift 6.3.1) can crash while it lists `/proc/self/fd` (a read past a `dirent`, fixed upstream in
/// swiftlang/swift-corelibs-foundation#5472), and a server with many object databases open has a long fd list.
enum ChildProcess {
    /// - Returns: the exit status (a signal's number plus 128 when it was killed).
    /// - Throws: when the program cannot be started.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL, stderr: URL) throws -> Int32 {
        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderr.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // esbuild keeps only its three standard descriptors, not the server's databases, sockets and pipes.
        closeOthers(&actions)
        // The shell changes folder, then becomes the program (posix_spawn has no portable chdir action).
        let argv = ["/bin/sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", directory.path, executable.path] + arguments
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid = pid_t()
        let started = posix_spawn(&pid, "/bin/sh", &actions, nil, cArguments, environ)
        guard started == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "posix_spawn failed: \(String(cString: strerror(started)))"])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else {
                throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "waitpid failed: \(String(cString: strerror(errno)))"])
            }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
        #else
        let process = Process()
        process.executableURL = executable
        process.currentDirectoryURL = directory
        process.arguments = arguments
        FileManager.default.createFile(atPath: stderr.path, contents: nil)
        let errors = try FileHandle(forWritingTo: stderr)
        defer { try? errors.close() }
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
        #endif
    }
}

#if canImport(Glibc)
/// Adds "close every descriptor from 3 up" to `actions` where the C library has it (glibc 2.34 and later:
/// `posix_spawn_file_actions_addclosefrom_np`, a GNU extension Swift's Glibc module does not export, so it is looked
/// up at run time).
private func closeOthers(_ actions: inout posix_spawn_file_actions_t) {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
    _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
}
#endif
