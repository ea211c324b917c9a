#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A stdio MCP server started as a child process for a benchmark: raw JSON lines in, lines out.
///
/// The benchmarks' own small client (the tests' richer `ServerProcess` lives in `TestSupport`, which the
/// executable cannot depend on). The child's stderr is discarded. Reading splits on `\n` only and never
/// blocks past its timeout. Not Sendable: one benchmark thread owns it.
final class BenchChild {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var pending: [UInt8] = []

    /// Starts `executable` with `arguments`.
    init(executable: URL, arguments: [String]) throws {
        signal(SIGPIPE, SIG_IGN)  // writing to a child that exited must fail, not kill the benchmark
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Writes bytes to the child's stdin as they are.
    func write(_ data: Data) throws {
        try input.fileHandleForWriting.write(contentsOf: data)
    }

    /// Writes one line (a `\n` is added).
    func send(_ line: String) throws {
        try write(Data((line + "\n").utf8))
    }

    /// Closes the child's stdin (a server then drains and exits).
    func closeInput() throws {
        try input.fileHandleForWriting.close()
    }

    /// The next line the child wrote, or nil at end of output or after `timeout` seconds.
    func readLine(timeout: TimeInterval = 10) -> Data? {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        let descriptor = output.fileHandleForReading.fileDescriptor
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = Data(pending[..<newline])
                pending.removeSubrange(...newline)
                return line
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return nil }
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let waitMs = Int32(min(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000, 1000))
            let status = poll(&ready, 1, max(waitMs, 1))
            if status < 0 { if errno == EINTR { continue }; return nil }
            if status == 0 { continue }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { return nil }
            pending.append(contentsOf: buffer[0..<count])
        }
    }

    /// Waits for the child to exit, at most `timeout` seconds; its status, or nil if it still runs.
    @discardableResult
    func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { return nil }
            usleep(5_000)
        }
        return process.terminationStatus
    }

    /// Kills the child if it still runs.
    func terminate() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        _ = waitForExit(timeout: 5)
    }

    /// A standard `initialize` request line (protocol 2025-11-25, no capabilities).
    static func initializeLine(id: Int = 1) -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}"#
    }

    /// The `notifications/initialized` line.
    static let initializedLine = #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#
}
