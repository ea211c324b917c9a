import Foundation
import KnowledgeBase

/// Builds the knowledge base on a thread of its own as soon as it is made, so that the server answers
/// `initialize` at once; a tool that needs the knowledge base waits for it (at most the build time, once).
package final class KnowledgeLoader: @unchecked Sendable {
    /// The newest `asOf:` date of the docs, read from their front matter without building anything.
    package let asOf: String
    // Protected by `condition`.
    private var result: Result<KnowledgeBase, any Error>?
    private let condition = NSCondition()

    /// Starts building from doc files (`Knowledge/*.md` with their text).
    package init(files: [(path: String, text: String)]) {
        asOf = Self.newestAsOf(files)
        let thread = Thread { [self] in
            let built = Result { try KnowledgeBase(files: files) }
            condition.lock()
            result = built
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "do-architect.knowledge"
        thread.start()
    }

    /// Wraps a knowledge base that is already built.
    package init(_ knowledge: KnowledgeBase) {
        asOf = knowledge.asOf
        result = .success(knowledge)
    }

    /// The knowledge base, once built.
    /// - Throws: the error that stopped the build (a malformed doc), every time it is asked for.
    package func get() throws -> KnowledgeBase {
        condition.lock()
        while result == nil { condition.wait() }
        let value = result!
        condition.unlock()
        return try value.get()
    }

    /// The newest `asOf:` value among the files' front matter (`unknown` when none has one).
    package static func newestAsOf(_ files: [(path: String, text: String)]) -> String {
        var newest = ""
        for file in files {
            for line in file.text.split(separator: "\n", maxSplits: 40).prefix(40) where line.hasPrefix("asOf:") {
                let value = line.dropFirst(5).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                if value > newest { newest = value }
            }
        }
        return newest.isEmpty ? "unknown" : newest
    }
}
