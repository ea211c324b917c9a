#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A child process started with `posix_spawn`, its standard streams on pipes or `/dev/null`.
///
/// The tests start children from a process that holds many descriptors (object databases, JavaScript hosts, other
/// children's pipes), and Foundation's `Process.run()` in swift-corelibs-foundation (Swift 6.3.1) can crash while it
/// lists `/proc/self/fd` to close them (fixed upstream in swiftlang/swift-corelibs-foundation#5472); a crash there
/// takes the whole test run with it. Every pipe end here is close-on-exec, so a child inherits only the three
/// descriptors given to it. Sendable by hand: the exit status is guarded by `lock`; the descriptors are constants
/// closed at most once through `closeDescriptor`, which the lock also guards.
package final class SpawnedProcess: @unchecked Sendable {
    /// Where a standard stream of the child goes.
    package enum Stream {
        /// A pipe whose other end the parent holds.
        case pipe
        /// `/dev/null`.
        case null
        /// (stderr only) the same pipe as stdout.
        case stdout
    }

    package let pid: pid_t
    /// The parent's ends of the pipes, or -1.
    package let input: Int32
    package let output: Int32
    package let errors: Int32
    private let lock = NSLock()
    private static let spawning = NSLock()
    private var status: Int32?
    private var closed: Set<Int32> = []

    /// Starts `executable` with `arguments`, in `directory` when given, with `environment` (this process's when nil).
    package init(
        executable: URL, arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        stdin: Stream = .null, stdout: Stream = .pipe, stderr: Stream = .null
    ) throws {
        // Pipes are made and children spawned one at a time, so no child of ours inherits another's pipe end
        // between `pipe` and `fcntl` (Glibc's module does not export `pipe2`).
        Self.spawning.lock()
        defer { Self.spawning.unlock() }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var childEnds: [Int32] = []
        defer { for fd in childEnds { closeFile(fd) } }
        func pipeEnds() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else { throw TestSupportError("pipe failed: \(String(cString: strerror(errno)))") }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return (fds[0], fds[1])
        }
        var parentIn: Int32 = -1, parentOut: Int32 = -1, parentErr: Int32 = -1
        switch stdin {
        case .pipe:
            let ends = try pipeEnds()
            parentIn = ends.write
            childEnds.append(ends.read)
            posix_spawn_file_actions_adddup2(&actions, ends.read, 0)
        case .null, .stdout:
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        var childOut: Int32 = -1
        switch stdout {
        case .pipe, .stdout:
            let ends = try pipeEnds()
            parentOut = ends.read
            childOut = ends.write
            childEnds.append(ends.write)
            posix_spawn_file_actions_adddup2(&actions, ends.write, 1)
        case .null:
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        switch stderr {
        case .pipe:
            let ends = try pipeEnds()
            parentErr = ends.read
            childEnds.append(ends.write)
            posix_spawn_file_actions_adddup2(&actions, ends.write, 2)
        case .stdout where childOut >= 0:
            posix_spawn_file_actions_adddup2(&actions, childOut, 2)
        case .null, .stdout:
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // The child keeps only its three standard descriptors: one inherited from elsewhere in this process (a
        // file another test is writing, a JavaScript host's pipe) would stay open as long as the child runs, and an
        // executable still open for writing cannot be started ("Text file busy").
        closeOthers(&actions)
        // A shell changes folder, then becomes the program (`posix_spawn_file_actions_addchdir_np` is not exported
        // by Glibc's module either).
        let command = directory.map { ["/bin/sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", $0.path, executable.path] }
            ?? [executable.path]
        let environment = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        guard rc == 0 else {
            for fd in [parentIn, parentOut, parentErr] where fd >= 0 { closeFile(fd) }
            throw TestSupportError("Cannot start \(executable.path): \(String(cString: strerror(rc)))")
        }
        self.pid = pid
        self.input = parentIn
        self.output = parentOut
        self.errors = parentErr
    }

    deinit {
        kill()
        for fd in [input, output, errors] { closeDescriptor(fd) }
    }

    /// Closes one of the parent's descriptors (once).
    package func closeDescriptor(_ fd: Int32) {
        guard fd >= 0 else { return }
        lock.lock()
        let first = closed.insert(fd).inserted
        lock.unlock()
        if first { closeFile(fd) }
    }

    /// Whether the child has not exited yet (reaps it when it has).
    package var isRunning: Bool { exitStatus(waiting: false) == nil }

    /// The child's wait status once it exited (nil while it runs); `waiting` blocks until it exits.
    @discardableResult
    package func exitStatus(waiting: Bool) -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let status { return status }
        var raw: Int32 = 0
        while true {
            let reaped = waitpid(pid, &raw, waiting ? 0 : WNOHANG)
            if reaped == pid { status = raw; return raw }
            if reaped == -1 && errno == EINTR { continue }
            return nil
        }
    }

    /// The exit code when the child exited by itself; a signal's number plus 128 when a signal ended it.
    package static func code(of raw: Int32) -> Int32 {
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }

    /// Whether the child exited by itself (not by a signal); nil while it runs.
    package var exitedNormally: Bool? { exitStatus(waiting: false).map { $0 & 0x7f == 0 } }

    /// Sends SIGKILL if the child still runs, and reaps it.
    package func kill() {
        if isRunning {
            signalChild(pid, SIGKILL)
            exitStatus(waiting: true)
        }
    }

    /// Writes all of `data` to the child's stdin.
    package func write(_ data: Data) throws {
        try data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = writeFile(input, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw TestSupportError("write to the child failed: \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }

    /// Reads `fd` to its end.
    package static func readAll(_ fd: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { readFile(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return data }
            data.append(contentsOf: buffer[0..<n])
        }
    }

    /// Runs a program to its end; returns its exit code (see `code(of:)`) and what it wrote to stdout (and to
    /// stderr when `mergeErrors`).
    package static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        mergeErrors: Bool = false
    ) throws -> (status: Int32, output: Data) {
        let child = try SpawnedProcess(
            executable: executable, arguments: arguments, environment: environment, directory: directory,
            stdout: .pipe, stderr: mergeErrors ? .stdout : .null)
        let data = readAll(child.output)
        return (code(of: child.exitStatus(waiting: true) ?? 0), data)
    }
}

// The system calls under other names: the class's own `kill` and `write` hide them inside it.
private func closeFile(_ fd: Int32) { _ = close(fd) }
private func signalChild(_ pid: pid_t, _ signal: Int32) { _ = kill(pid, signal) }
private func writeFile(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
private func readFile(_ fd: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, bytes, count) }

/// Adds "close every descriptor from 3 up" to `actions` where the C library has it (glibc 2.34 and later:
/// `posix_spawn_file_actions_addclosefrom_np`, a GNU extension Swift's Glibc module does not export, so it is looked
/// up at run time).
private func closeOthers(_ actions: inout posix_spawn_file_actions_t) {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
    _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
}
