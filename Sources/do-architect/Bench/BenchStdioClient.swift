#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation

/// The client side of the stdio round trips of `bench search`: a child process spoken to in raw JSON lines, with
/// one read buffer reused for every answer, so that the figures measure the server rather than the client.
/// (The same client times do-architect and the Python peer.)
final class BenchStdioClient {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    /// Bytes received and not yet returned: `buffer[start..<end]`.
    private var start = 0
    private var end = 0

    /// Starts `executable`; its stderr is discarded.
    init(executable: URL, arguments: [String]) throws {
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Writes one line (a `\n` is added) with one `write` call when the pipe has room.
    func send(_ line: [UInt8]) throws {
        var bytes = line
        bytes.append(0x0A)
        let descriptor = input.fileHandleForWriting.fileDescriptor
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw ValidationError("writing to the server failed (errno \(errno))")
            }
            offset += written
        }
    }

    /// Waits for the next line and returns whether it is a response (not a notification); nil at end of
    /// output or after `timeout` seconds.
    func nextLineIsResponse(timeout: TimeInterval = 10) -> Bool? {
        let deadline = Date().addingTimeInterval(timeout)
        let descriptor = output.fileHandleForReading.fileDescriptor
        while true {
            if let newline = buffer[start..<end].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                start = newline + 1
                if start == end { start = 0; end = 0 }
                return !line.starts(with: Self.notificationPrefix)
            }
            if end == buffer.count {
                if start > 0 {
                    buffer.replaceSubrange(0..<(end - start), with: buffer[start..<end])
                    end -= start
                    start = 0
                } else {
                    buffer += [UInt8](repeating: 0, count: buffer.count)
                }
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return nil }
            var descriptorSet = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptorSet, 1, Int32(min(remaining, 1) * 1000))
            if ready < 0 { if errno == EINTR { continue }; return nil }
            if ready == 0 { continue }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + end, $0.count - end) }
            if count <= 0 { return nil }
            end += count
        }
    }

    private static let notificationPrefix = Array(#"{"jsonrpc":"2.0","method""#.utf8)

    /// Sends a request and waits for its response (skipping notifications); throws when none comes.
    func roundTrip(_ line: [UInt8], timeout: TimeInterval = 10) throws {
        try send(line)
        while true {
            guard let isResponse = nextLineIsResponse(timeout: timeout) else {
                throw ValidationError("no answer over stdio to \(String(decoding: line.prefix(80), as: UTF8.self))")
            }
            if isResponse { return }
        }
    }

    /// Closes the child's stdin and waits for it to exit (kills it after `timeout` seconds).
    func finish(timeout: TimeInterval = 10) {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
    }
}
