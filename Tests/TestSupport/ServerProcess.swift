#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A stdio MCP server started as a child process and spoken to in raw JSON lines, the way a client does.
///
/// Used by the end-to-end tests (the benchmarks have their own smaller `BenchChild`). Reading splits on `\n` only (a raw U+2028 inside a string
/// is not a line break) and never blocks past its timeout.
/// Sendable by hand: `pending` is only touched by the one caller thread that reads; stderr goes through `LockedData`.
package final class ServerProcess: @unchecked Sendable {
    package let process = Process()
    private let stdinPipe = Pipe()
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()
    // Only touched by the caller's thread.
    private var pending = Data()
    private let stderrBuffer = LockedData()

    /// Starts `executable` with `arguments`; the environment is this process's plus `environment`.
    package init(executable: URL, arguments: [String], environment: [String: String] = [:]) throws {
        signal(SIGPIPE, SIG_IGN)  // writing to a server that exited must fail, not kill the client
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        let buffer = stderrBuffer
        stderrPipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                buffer.end()
            } else {
                buffer.append(data)
            }
        }
        try process.run()
    }

    /// Everything the server wrote to stderr so far.
    package var standardError: String { String(decoding: stderrBuffer.value, as: UTF8.self) }

    /// Writes bytes to the server's stdin as they are.
    package func write(_ data: Data) throws {
        try stdinPipe.fileHandleForWriting.write(contentsOf: data)
    }

    /// Writes one line (a `\n` is added).
    package func send(_ line: String) throws {
        try write(Data((line + "\n").utf8))
    }

    /// Closes the server's stdin.
    package func closeInput() throws {
        try stdinPipe.fileHandleForWriting.close()
    }

    /// Closes our end of the server's stdout (the server's next write meets EPIPE).
    package func closeOutput() throws {
        try stdoutPipe.fileHandleForReading.close()
    }

    /// The next line the server wrote, or nil at end of output or after `timeout` seconds.
    package func readLine(timeout: TimeInterval = 10) -> Data? {
        let deadline = Date().addingTimeInterval(timeout)
        let descriptor = stdoutPipe.fileHandleForReading.fileDescriptor
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

    /// Waits for the process to exit, at most `timeout` seconds; returns its status, or nil if it is still running.
    /// After an exit, `standardError` holds everything it wrote: this also waits (at most 2 s more) for the end of
    /// its stderr, which the reading handler may deliver after the exit is seen.
    @discardableResult
    package func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { return nil }
            usleep(5_000)
        }
        let drained = Date().addingTimeInterval(2)
        while !stderrBuffer.ended && Date() < drained { usleep(2_000) }
        return process.terminationStatus
    }

    /// Kills the process if it is still running.
    package func terminate() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        _ = waitForExit(timeout: 5)
        stderrPipe.fileHandleForReading.readabilityHandler = nil
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
