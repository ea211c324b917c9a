import Foundation
import KnowledgeBase
import Testing

/// Search quality on questions architects ask, in their words (`Fixtures/questions.json`).
struct SearchQualityTests {
    struct Score {
        var recallAt3 = 0.0
        var meanReciprocalRank = 0.0
        var misses: [String] = []
    }

    static func measure(
        _ questions: [KnowledgeFixtures.Question] = KnowledgeFixtures.questions,
        in knowledge: KnowledgeBase = KnowledgeFixtures.withProject
    ) throws -> Score {
        var hits = 0
        var reciprocal = 0.0
        var misses: [String] = []
        for question in questions {
            let ids = try knowledge.search(question.question, limit: 10).results.map(\.id)
            let rank = ids.firstIndex(where: question.answers.contains).map { $0 + 1 }
            if let rank, rank <= 3 { hits += 1 } else {
                misses.append("\(question.question) → wanted \(question.answers), got \(Array(ids.prefix(3)))")
            }
            reciprocal += rank.map { 1.0 / Double($0) } ?? 0
        }
        let count = Double(questions.count)
        return Score(recallAt3: Double(hits) / count, meanReciprocalRank: reciprocal / count, misses: misses)
    }

    @Test func recallAtThreeAndMRRMeetTheBar() throws {
        let score = try Self.measure()
        print("search quality over \(KnowledgeFixtures.questions.count) questions and \(KnowledgeFixtures.withProject.documents.count) docs (bundled and the project fixture): recall@3 \(String(format: "%.3f", score.recallAt3)), MRR \(String(format: "%.3f", score.meanReciprocalRank))")
        for miss in score.misses { print("  miss: \(miss)") }
        #expect(score.recallAt3 >= 0.95)
        #expect(score.meanReciprocalRank >= 0.85)
    }

    @Test func theQuestionSetIsLargeAndNamesRealDocs() {
        #expect(KnowledgeFixtures.questions.count >= 180)
        for question in KnowledgeFixtures.questions {
            #expect(!question.answers.isEmpty)
            for id in question.answers {
                #expect(KnowledgeFixtures.withProject.document(id: id) != nil, "\(question.question) names unknown doc \(id)")
            }
        }
    }
}
