#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Logging
import MCP

/// Our stdio transport for the SDK's `Server`: newline-delimited JSON-RPC on two file descriptors.
///
/// It replaces swift-sdk 0.12.1's `StdioTransport`, whose defects are listed in mcp-notes §2.2:
/// - reading is linear in the size of a message (``LineSplitter``), and a line over
///   ``Configuration/maximumMessageBytes`` is refused without being buffered whole;
/// - frames never interleave on stdout (``OutputWriter``: one thread, whole frames, FIFO);
/// - protocol errors are answered the way JSON-RPC and MCP say (``InboundGate``);
/// - when stdin closes, every request already received is still answered: the input stream ends only when
///   none is outstanding, or after ``Configuration/drainTimeout`` (then the process exits and unfinished work
///   is dropped);
/// - a client that closes stdout (EPIPE) or stops reading for ``Configuration/stallTimeout`` ends the session
///   instead of killing the process or parking it forever.
package actor StdioLineTransport: Transport {
    /// Limits and timeouts of the transport, with their defaults.
    package struct Configuration: Sendable {
        /// The longest message accepted, in bytes. Default 16 MiB.
        package var maximumMessageBytes = 16 * 1024 * 1024
        /// How long requests already received may still run after stdin closes. Default 5 s.
        package var drainTimeout: TimeInterval = 5
        /// How long the client may leave stdout full before the session is ended. Default 60 s.
        package var stallTimeout: TimeInterval = 60

        package init() {}
    }

    package nonisolated let logger: Logger
    private let input: Int32
    private let configuration: Configuration
    private let ledger = RequestLedger()
    private let writer: OutputWriter
    private let gate: InboundGate
    private let stream: AsyncThrowingStream<Data, any Swift.Error>
    private let continuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation
    private var isConnected = false

    package init(
        input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO,
        preflight: RequestPreflight, configuration: Configuration = .init(), logger: Logger
    ) {
        self.input = input
        self.configuration = configuration
        self.logger = logger
        self.gate = InboundGate(preflight: preflight)
        self.writer = OutputWriter(descriptor: output, stallTimeout: configuration.stallTimeout)
        (stream, continuation) = AsyncThrowingStream.makeStream(of: Data.self, throwing: (any Swift.Error).self)
        let continuation = self.continuation
        writer.onClosed { reason in
            logger.warning("Output closed, ending the session", metadata: ["reason": "\(reason)"])
            continuation.finish()
        }
    }

    package func connect() async throws {
        guard !isConnected else { return }
        isConnected = true
        let reader = Reader(
            input: input, configuration: configuration, gate: gate, ledger: ledger, writer: writer,
            continuation: continuation, logger: logger)
        let thread = Thread { reader.run() }
        thread.name = "do-architect.stdin"
        thread.start()
    }

    package func disconnect() async {
        continuation.finish()
    }

    package func receive() -> AsyncThrowingStream<Data, any Swift.Error> {
        stream
    }

    package func send(_ data: Data) async throws {
        let members = JSONSniffer.topLevelMembers(of: data, named: ["id", "method"])
        let answered = members["method"] == nil ? members["id"].flatMap(RequestKey.init(rawJSON:)) : nil
        var frame = data
        frame.append(0x0A)
        let written = await writer.write(frame)
        if let answered { ledger.closed(answered) }
        guard written else { throw MCPError.connectionClosed }
    }

    /// Ends the input stream at once (SIGTERM): the server stops taking requests.
    package nonisolated func shutdown() {
        continuation.finish()
    }

    /// Waits until every queued frame is on the wire, at most `timeout` seconds.
    package nonisolated func flush(timeout: TimeInterval) {
        writer.waitUntilIdle(before: Date().addingTimeInterval(timeout))
    }

    /// The blocking stdin loop, on its own thread.
    private struct Reader: Sendable {
        let input: Int32
        let configuration: Configuration
        let gate: InboundGate
        let ledger: RequestLedger
        let writer: OutputWriter
        let continuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation
        let logger: Logger

        func run() {
            var splitter = LineSplitter(maximumLineLength: configuration.maximumMessageBytes)
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    logger.error("Reading stdin failed", metadata: ["errno": "\(errno)"])
                    break
                }
                if count == 0 { break }
                for event in splitter.append(buffer[0..<count]) { handle(event) }
            }
            for event in splitter.finish() { handle(event) }
            let deadline = Date().addingTimeInterval(configuration.drainTimeout)
            let unanswered = ledger.waitUntilEmpty(before: deadline)
            if !unanswered.isEmpty {
                logger.warning(
                    "stdin closed; giving up on requests still running after the drain time",
                    metadata: ["ids": "\(unanswered.map(\.description).sorted())", "drainSeconds": "\(configuration.drainTimeout)"])
            }
            continuation.finish()
        }

        func handle(_ event: LineSplitter.Event) {
            switch event {
            case .line(let line):
                switch gate.classify(line) {
                case .forward(let data, let request):
                    if let request { ledger.opened(request) }
                    continuation.yield(data)
                case .cancel(let data, let request):
                    if let request { ledger.closed(request) }
                    continuation.yield(data)
                case .reply(let response):
                    writer.enqueue(response + [0x0A])
                case .drop:
                    break
                }
            case .oversized(let prefix):
                let id = JSONSniffer.topLevelMembers(of: prefix, named: ["id"])["id"].flatMap(RequestKey.init(rawJSON:))
                let limit = configuration.maximumMessageBytes / (1024 * 1024)
                logger.warning("Refused a message over the size limit", metadata: ["limitMiB": "\(limit)"])
                writer.enqueue(InboundGate.errorResponse(
                    id: id, code: -32600,
                    message: "Invalid Request: the message is larger than \(limit) MiB, the most this server accepts. Send less data, e.g. review fewer files per call or pass `paths` instead of file contents.")
                    + [0x0A])
            }
        }
    }
}
