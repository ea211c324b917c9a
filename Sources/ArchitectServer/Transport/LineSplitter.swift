import Foundation

/// Cuts a byte stream into newline-terminated lines in linear time, refusing lines over a maximum.
///
/// Each byte is scanned once: the search for `\n` resumes where the previous one stopped, and consumed bytes
/// are dropped in bulk once they make up half the buffer. A line longer than `maximumLineLength` is reported
/// once, as soon as the limit is crossed, with its first bytes (for reading its id); the rest of it is
/// discarded as it arrives, never buffered whole. A `\r` before the `\n` is removed. Empty lines are skipped.
package struct LineSplitter: Sendable {
    package enum Event: Equatable, Sendable {
        case line(Data)
        /// A line crossed the maximum; `prefix` holds its first bytes.
        case oversized(prefix: Data)
    }

    package let maximumLineLength: Int
    /// How many leading bytes of an oversized line are kept for ``Event/oversized(prefix:)``.
    package static let prefixLength = 64 * 1024

    private var buffer: [UInt8] = []
    private var lineStart = 0
    private var scanned = 0
    private var discarding = false

    package init(maximumLineLength: Int) {
        self.maximumLineLength = maximumLineLength
    }

    /// Adds bytes and returns the events they complete, in order.
    package mutating func append<Bytes: Collection>(_ bytes: Bytes) -> [Event] where Bytes.Element == UInt8 {
        var events: [Event] = []
        var chunk = bytes[...]
        while !chunk.isEmpty {
            if discarding {
                guard let newline = chunk.firstIndex(of: 0x0A) else { return events }
                chunk = chunk[chunk.index(after: newline)...]
                discarding = false
                continue
            }
            buffer.append(contentsOf: chunk)
            chunk = chunk[chunk.endIndex...]
            while let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                var end = newline
                if end > lineStart, buffer[end - 1] == 0x0D { end -= 1 }
                if end - lineStart > maximumLineLength {
                    events.append(.oversized(prefix: Data(buffer[lineStart..<min(lineStart + Self.prefixLength, end)])))
                } else if end > lineStart {
                    events.append(.line(Data(buffer[lineStart..<end])))
                }
                lineStart = newline + 1
                scanned = lineStart
            }
            scanned = buffer.count
            if buffer.count - lineStart > maximumLineLength {
                let prefixEnd = lineStart + Self.prefixLength
                events.append(.oversized(prefix: Data(buffer[lineStart..<min(prefixEnd, buffer.count)])))
                buffer.removeAll(keepingCapacity: true)
                lineStart = 0
                scanned = 0
                discarding = true
            } else if lineStart > 0, lineStart * 2 >= buffer.count {
                buffer.removeFirst(lineStart)
                scanned -= lineStart
                lineStart = 0
            }
        }
        return events
    }

    /// The bytes of an unterminated last line, when the input ends.
    package mutating func finish() -> [Event] {
        defer { buffer.removeAll(); lineStart = 0; scanned = 0 }
        guard !discarding, buffer.count > lineStart else { return [] }
        var end = buffer.count
        if buffer[end - 1] == 0x0D { end -= 1 }
        return end > lineStart ? [.line(Data(buffer[lineStart..<end]))] : []
    }
}
