#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A stdio MCP server started as a child process and spoken to in raw JSON lines, the way a client does.
///
/// Used by the end-to-end tests (the benchmarks have their own smaller `BenchChild`). Reading splits on `\n` only (a raw U+2028 inside a string
/// is not a line break) and never blocks past its timeout. Started with `posix_spawn` (`SpawnedProcess`), not
/// Foundation's `Process`.
/// Sendable by hand: `pending` is only touched by the one caller thread that reads; stderr goes through `LockedData`.
package final class ServerProcess: @unchecked Sendable {
    package let process: SpawnedProcess
    // Only touched by the caller's thread.
    private var pending = Data()
    private let stderrBuffer = LockedData()

    /// Starts `executable` with `arguments`; the environment is this process's plus `environment`.
    package init(executable: URL, arguments: [String], environment: [String: String] = [:]) throws {
        signal(SIGPIPE, SIG_IGN)  // writing to a server that exited must fail, not kill the client
        process = try SpawnedProcess(
            executable: executable, arguments: arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            stdin: .pipe, stdout: .pipe, stderr: .pipe)
        // stderr is drained by a thread of its own, so a chatty server never blocks on a full pipe.
        let buffer = stderrBuffer
        let errors = process.errors
        let child = process
        Thread {
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(errors, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                buffer.append(Data(chunk[0..<n]))
            }
            child.closeDescriptor(errors)
            buffer.end()
        }.start()
    }

    /// Everything the server wrote to stderr so far.
    package var standardError: String { String(decoding: stderrBuffer.value, as: UTF8.self) }

    /// Writes bytes to the server's stdin as they are.
    package func write(_ data: Data) throws {
        try process.write(data)
    }

    /// Writes one line (a `\n` is added).
    package func send(_ line: String) throws {
        try write(Data((line + "\n").utf8))
    }

    /// Closes the server's stdin.
    package func closeInput() throws {
        process.closeDescriptor(process.input)
    }

    /// Closes our end of the server's stdout (the server's next write meets EPIPE).
    package func closeOutput() throws {
        process.closeDescriptor(process.output)
    }

    /// The next line the server wrote, or nil at end of output or after `timeout` seconds.
    package func readLine(timeout: TimeInterval = 10) -> Data? {
        let deadline = Date().addingTimeInterval(timeout)
        let descriptor = process.output
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = pending[pending.startIndex..<newline]
                pending = Data(pending[(newline + 1)...])
                return Data(line)
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return nil }
            var descriptorSet = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptorSet, 1, Int32(min(remaining, 1) * 1000))
            if ready < 0 { if errno == EINTR { continue }; return nil }
            if ready == 0 { continue }
            var buffer = [UInt8](repeating: 0, count: 256 * 1024)
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { return nil }
            pending.append(contentsOf: buffer[0..<count])
        }
    }

    /// The next line parsed as a JSON object, or nil.
    package func readMessage(timeout: TimeInterval = 10) -> [String: Any]? {
        guard let line = readLine(timeout: timeout) else { return nil }
        return (try? JSONSerialization.jsonObject(with: line)) as? [String: Any]
    }

    /// Waits for the process to exit, at most `timeout` seconds; returns its exit code (a signal's number plus 128
    /// when a signal ended it), or nil if it is still running. After an exit, `standardError` holds everything it
    /// wrote: this also waits (at most 2 s more) for the end of its stderr, which the reading thread may see after
    /// the exit.
    @discardableResult
    package func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let status = process.exitStatus(waiting: false) {
                let drained = Date().addingTimeInterval(2)
                while !stderrBuffer.ended && Date() < drained { usleep(2_000) }
                return SpawnedProcess.code(of: status)
            }
            if Date() > deadline { return nil }
            usleep(5_000)
        }
    }

    /// Kills the process if it is still running.
    package func terminate() {
        process.kill()
    }

    deinit { terminate() }

    /// A standard `initialize` request line.
    package static func initializeLine(id: Int = 1, version: String = "2025-11-25", capabilities: String = "{}") -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"method":"initialize","params":{"protocolVersion":"\#(version)","capabilities":\#(capabilities),"clientInfo":{"name":"test","version":"1"}}}"#
    }

    /// The `notifications/initialized` line.
    package static let initializedLine = #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#
}

/// Bytes appended from one thread and read from another, and whether their source ended. Sendable by hand:
/// `data` and `isEnded` are guarded by `lock`.
final class LockedData: @unchecked Sendable {
    private var data = Data()
    private var isEnded = false
    private let lock = NSLock()

    /// No more bytes will come.
    func end() {
        lock.lock()
        isEnded = true
        lock.unlock()
    }

    var ended: Bool {
        lock.lock()
        defer { lock.unlock() }
        return isEnded
    }

    func append(_ more: Data) {
        lock.lock()
        data.append(more)
        lock.unlock()
    }

    var value: Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
