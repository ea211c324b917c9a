import Advisor
import CodeReview
import Patterns
import Foundation
import Logging
import Testing
import TestSupport
import ArchitectServer

/// The README's lists match the code.
struct ReadmeTests {
    let readme = (try? String(contentsOf: TestPaths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""

    @Test func everyToolIsDocumented() throws {
        let server = try ArchitectServer.bundled(dataDirectory: nil, logger: Logger(label: "test"))
        for tool in server.tools {
            #expect(readme.contains("| `\(tool.name)`"), "README lacks the tool \(tool.name)")
        }
    }

    @Test func everyBuiltInNamespaceAndRecommendationIsListed() {
        for pattern in PatternCatalog.all {
            #expect(readme.contains("| `\(pattern.binding)` | `\(pattern.className)` |"), "README lacks \(pattern.binding)")
            for method in pattern.methods {
                #expect(readme.contains("`\(method.name)"), "README lacks \(pattern.binding).\(method.name)")
            }
        }
        for id in MetricsRules.ids {
            #expect(readme.contains("| `\(id)` |"), "README lacks the recommendation \(id)")
        }
    }

    @Test func everyReviewRuleIsInTheTableWithItsSeverity() {
        for rule in RuleCatalog.all {
            #expect(readme.contains("| `\(rule.id)` | \(rule.severity.rawValue) |"), "README lacks rule \(rule.id) (\(rule.severity.rawValue))")
        }
    }
}
