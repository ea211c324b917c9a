import Foundation
import KnowledgeBase
import Logging

/// Builds the knowledge base on a thread of its own as soon as it is made, so that the server answers
/// `initialize` at once; a tool that needs the knowledge base waits for it (at most the build time, once).
package final class KnowledgeLoader: Sendable {
    /// The newest `asOf:` date of the docs, read from their front matter without building anything.
    package let asOf: String
    private let knowledge: BuiltOnThread<KnowledgeBase>

    /// Starts building from doc files (`Knowledge/*.md` with their text) and the team's own docs; files of the
    /// team's folder that are skipped are logged as warnings.
    package convenience init(files: [(path: String, text: String)], project: ProjectFolder = ProjectFolder(files: []), logger: Logger? = nil) {
        self.init(asOf: Self.newestAsOf(files), project: project, logger: logger) { files }
    }

    /// Starts building from the doc files that `files` returns, on the build thread (so that decoding them is off
    /// the caller's path too); `asOf` is their newest `asOf:` date, known beforehand (``newestAsOf(_:)`` of their
    /// first 4 KB gives the same).
    package init(
        asOf: String, project: ProjectFolder = ProjectFolder(files: []), logger: Logger? = nil,
        files: @escaping @Sendable () -> [(path: String, text: String)]
    ) {
        self.asOf = asOf
        knowledge = BuiltOnThread(threadName: "do-architect.knowledge") {
            let knowledge = try KnowledgeBase(files: files(), project: project)
            if let logger {
                for warning in knowledge.warnings { logger.warning("knowledge dir: \(warning)") }
                if !project.files.isEmpty || !project.warnings.isEmpty {
                    let count = knowledge.documents.filter { $0.collection == .project }.count
                    logger.info("knowledge dir: \(count) project doc(s) added to the index")
                }
            }
            return knowledge
        }
    }

    /// Wraps a knowledge base that is already built.
    package init(_ knowledge: KnowledgeBase) {
        asOf = knowledge.asOf
        self.knowledge = BuiltOnThread(knowledge)
    }

    /// The knowledge base, once built, suspending (never blocking a thread) while it builds. For async callers.
    /// - Throws: the error that stopped the build (a malformed doc), every time it is asked for.
    package func ready() async throws -> KnowledgeBase {
        try await knowledge.ready()
    }

    /// The knowledge base, once built, blocking the calling thread while it builds. For synchronous callers
    /// (the command line); async code uses ``ready()``.
    /// - Throws: the error that stopped the build (a malformed doc), every time it is asked for.
    package func get() throws -> KnowledgeBase {
        try knowledge.get()
    }

    /// The newest `asOf:` value among the files' front matter (`unknown` when none has one). Reads only the
    /// first 4 KB of each file, in place as UTF-8: it runs at start-up, before `initialize` is answered.
    package static func newestAsOf(_ files: [(path: String, text: String)]) -> String {
        var newest = ""
        for file in files {
            var text = file.text
            guard let value = text.withUTF8({ asOf(in: UnsafeBufferPointer(rebasing: $0.prefix(4096))) }) else { continue }
            if value > newest { newest = value }
        }
        return newest.isEmpty ? "unknown" : newest
    }

    private static let asOfKey = Array("asOf:".utf8)

    /// The value of the first line that starts with `asOf:` and has more after it, trimmed of spaces, tabs,
    /// `\r` and quotes; nil when there is no such line.
    private static func asOf(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let key = asOfKey
        func trimmed(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x22 || byte == 0x27 }
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            if lineEnd - lineStart > key.count, bytes[lineStart..<(lineStart + key.count)].elementsEqual(key) {
                var start = lineStart + key.count
                var end = lineEnd
                while start < end, trimmed(bytes[start]) { start += 1 }
                while end > start, trimmed(bytes[end - 1]) { end -= 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            lineStart = lineEnd + 1
        }
        return nil
    }
}
