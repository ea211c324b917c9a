import Foundation

extension ReviewReport {
    /// The findings as a SARIF 2.1.0 log for code-scanning tools.
    package func sarif() -> String {
        let rules = RuleCatalog.all.map { r in
            SarifRule(id: r.id, name: r.title, shortDescription: .init(text: r.title), fullDescription: .init(text: r.summary),
                      defaultConfiguration: .init(level: r.severity.sarifLevel),
                      help: .init(text: "Does not flag: \(r.notFlagged) See knowledge-base docs: \(r.docs.joined(separator: ", "))."))
        }
        let index = Dictionary(uniqueKeysWithValues: RuleCatalog.all.enumerated().map { ($1.id, $0) })
        let results = findings.map { f in
            SarifResult(ruleId: f.ruleId, ruleIndex: index[f.ruleId] ?? 0, level: f.severity.sarifLevel,
                        message: .init(text: f.message + "\nFix: " + f.fix),
                        locations: [.init(physicalLocation: .init(
                            artifactLocation: .init(uri: f.file),
                            region: .init(startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn,
                                          snippet: .init(text: f.excerpt))))],
                        relatedLocations: f.relatedLocations.enumerated().map { k, r in
                            .init(id: k + 1, physicalLocation: .init(artifactLocation: .init(uri: r.file),
                                                                     region: .init(startLine: r.line, startColumn: r.column)),
                                  message: .init(text: r.message))
                        },
                        properties: .init(confidence: f.confidence.rawValue))
        }
        let log = SarifLog(version: "2.1.0", schema: "https://json.schemastore.org/sarif-2.1.0.json",
                           runs: [.init(tool: .init(driver: .init(name: "do-architect", informationUri: "https://developers.cloudflare.com/durable-objects/", rules: rules)),
                                        columnKind: "unicodeCodePoints", results: results)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(log), as: UTF8.self)) ?? "{}"
    }
}

extension Severity {
    var sarifLevel: String { self == .info ? "note" : rawValue }
}

private struct SarifText: Encodable { var text: String }

private struct SarifRule: Encodable {
    struct Configuration: Encodable { var level: String }
    var id: String
    var name: String
    var shortDescription: SarifText
    var fullDescription: SarifText
    var defaultConfiguration: Configuration
    var help: SarifText
}

private struct SarifResult: Encodable {
    struct Location: Encodable { var physicalLocation: Physical }
    struct Physical: Encodable {
        var artifactLocation: Artifact
        var region: Region
    }
    struct Artifact: Encodable { var uri: String }
    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
        var snippet: SarifText
    }
    struct Related: Encodable {
        struct Physical: Encodable {
            var artifactLocation: Artifact
            var region: Start
        }
        struct Start: Encodable {
            var startLine: Int
            var startColumn: Int
        }
        var id: Int
        var physicalLocation: Physical
        var message: SarifText
    }
    struct Properties: Encodable { var confidence: String }
    var ruleId: String
    var ruleIndex: Int
    var level: String
    var message: SarifText
    var locations: [Location]
    /// The declaration or the other half of the pattern (SARIF 2.1.0 §3.27.22).
    var relatedLocations: [Related]
    /// `confidence`: high, medium or low.
    var properties: Properties
}

private struct SarifLog: Encodable {
    struct Run: Encodable {
        var tool: Tool
        var columnKind: String
        var results: [SarifResult]
    }
    struct Tool: Encodable { var driver: Driver }
    struct Driver: Encodable {
        var name: String
        var informationUri: String
        var rules: [SarifRule]
    }
    var version: String
    var schema: String
    var runs: [Run]

    enum CodingKeys: String, CodingKey {
        case version
        case schema = "$schema"
        case runs
    }
}
