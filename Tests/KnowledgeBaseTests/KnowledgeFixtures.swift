import Foundation
import KnowledgeBase
import TestSupport

/// The knowledge base built from `Knowledge/` on disk, shared by the tests of this target.
enum KnowledgeFixtures {
    static let folder = TestPaths.packageRoot.appendingPathComponent("Knowledge")
    static let knowledge: KnowledgeBase = try! KnowledgeBase(directory: folder)
    /// A team's own docs (ADRs, runbooks, conventions), as `--knowledge-dir` adds them.
    static let projectFolder = TestPaths.packageRoot.appendingPathComponent("Tests/KnowledgeBaseTests/Fixtures/project")
    /// The bundled docs and the project fixture docs: what the question sets are scored against.
    static let withProject: KnowledgeBase = try! KnowledgeBase(directory: folder, project: ProjectFolder(directory: projectFolder))

    struct Question: Decodable {
        var question: String
        var answers: [String]
    }

    static let questions: [Question] = {
        let data = try! Fixtures.data("KnowledgeBaseTests", "questions.json")
        return try! JSONDecoder().decode([Question].self, from: data)
    }()

    /// The rule ids of `reviewCode`, each explained by an anti-pattern doc.
    static let ruleIDs = [
        "storage-in-constructor", "unpersisted-state", "blocking-loop", "unique-id-per-request", "do-as-kv",
        "websocket-no-cleanup", "websocket-no-hibernation", "rmw-across-await", "timer-scheduling",
        "sleep-retry-in-handler", "global-singleton", "alarm-not-idempotent", "unbounded-list", "fetch-no-response",
        "broadcast-send-unguarded", "missing-migration", "kv-backed-new-class", "bcw-per-request", "sql-string-built",
        "unawaited-rpc",
    ]
}
