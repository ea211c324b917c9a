#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import JSONModel
import Logging

/// Newline-delimited JSON-RPC on two file descriptors: a reader thread that reads each line once into an
/// ``InboundMessage``, and the one writer of stdout (``OutputWriter``).
///
/// - Reading is linear in the size of a message (``LineSplitter``), and a line over
///   ``Configuration/maximumMessageBytes`` is refused without being buffered whole.
/// - Frames never interleave on stdout: one thread writes whole frames, FIFO, so a progress notification
///   queued before its response is written before it.
/// - Protocol errors are answered by ``InboundGate`` on the reader thread, without reaching the server.
/// - When stdin closes, every request already received is still answered: the message stream ends only when
///   none is outstanding (``RequestLedger``), or after ``Configuration/drainTimeout``.
/// - A client that closes stdout (EPIPE) or stops reading for ``Configuration/stallTimeout`` ends the session
///   instead of killing the process or parking it forever.
package final class StdioLineTransport: Sendable {
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

    package let logger: Logger
    private let input: Int32
    private let configuration: Configuration
    private let ledger = RequestLedger()
    private let writer: OutputWriter
    private let stream: AsyncStream<InboundMessage>
    private let continuation: AsyncStream<InboundMessage>.Continuation
    private let started = StartFlag()

    package init(
        input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO, configuration: Configuration = .init(), logger: Logger
    ) {
        self.input = input
        self.configuration = configuration
        self.logger = logger
        self.writer = OutputWriter(descriptor: output, stallTimeout: configuration.stallTimeout)
        (stream, continuation) = AsyncStream.makeStream(of: InboundMessage.self)
        let continuation = self.continuation
        writer.onClosed { reason in
            logger.warning("Output closed, ending the session", metadata: ["reason": "\(reason)"])
            continuation.finish()
        }
    }

    /// The client's messages, in order; starts the reader thread on the first call. The stream ends when stdin
    /// closes and the requests received are answered (or the drain time passed), or on ``shutdown()``.
    package func messages() -> AsyncStream<InboundMessage> {
        if started.setOnce() {
            let reader = Reader(
                input: input, configuration: configuration, gate: InboundGate(), ledger: ledger, writer: writer,
                continuation: continuation, logger: logger)
            let thread = Thread { reader.run() }
            thread.name = "do-architect.stdin"
            thread.start()
        }
        return stream
    }

    /// Queues one message; when it answers a request, that request stops counting as outstanding once the
    /// message is on the wire.
    package func send(_ message: [UInt8], answering request: RequestKey? = nil) {
        var frame = Data(capacity: message.count + 1)
        frame.append(contentsOf: message)
        frame.append(0x0A)
        guard let request else { return writer.enqueue(frame) }
        writer.enqueue(frame) { [ledger] _ in ledger.closed(request) }
    }

    /// Forgets a request that will not be answered (it was cancelled).
    package func abandon(_ request: RequestKey) {
        ledger.closed(request)
    }

    /// Ends the message stream at once (SIGTERM): the server stops taking requests.
    package func shutdown() {
        continuation.finish()
    }

    /// Waits until every queued frame is on the wire, at most `timeout` seconds.
    package func flush(timeout: TimeInterval) {
        writer.waitUntilIdle(before: Date().addingTimeInterval(timeout))
    }

    /// The blocking stdin loop, on its own thread.
    private struct Reader: Sendable {
        let input: Int32
        let configuration: Configuration
        let gate: InboundGate
        let ledger: RequestLedger
        let writer: OutputWriter
        let continuation: AsyncStream<InboundMessage>.Continuation
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
                case .deliver(let message):
                    switch message {
                    case .request(let request): ledger.opened(request.id)
                    case .notification("notifications/cancelled", let params):
                        if let cancelled = params["requestId"].flatMap(RequestKey.init) { ledger.closed(cancelled) }
                    default: break
                    }
                    continuation.yield(message)
                case .reply(let response):
                    writer.enqueue(Data(response + [0x0A]))
                case .drop:
                    break
                }
            case .oversized(let prefix):
                let id = JSONSniffer.topLevelMembers(of: prefix, named: ["id"])["id"].flatMap(RequestKey.init(rawJSON:))
                let limit = configuration.maximumMessageBytes / (1024 * 1024)
                logger.warning("Refused a message over the size limit", metadata: ["limitMiB": "\(limit)"])
                writer.enqueue(Data(OutboundMessage.error(id: id, .invalidRequest(
                    "the message is larger than \(limit) MiB, the most this server accepts. Send less data, e.g. review fewer files per call or pass `paths` instead of file contents."))
                    + [0x0A]))
            }
        }
    }
}

/// A flag that can be set once, from any thread.
/// Sendable by hand: `isSet` is guarded by `lock`.
private final class StartFlag: @unchecked Sendable {
    // Protected by `lock`.
    private var isSet = false
    private let lock = NSLock()

    /// Sets the flag; true the first time only.
    func setOnce() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if isSet { return false }
        isSet = true
        return true
    }
}
