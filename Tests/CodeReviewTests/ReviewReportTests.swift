import CodeReview
import Foundation
import Testing

struct ReviewReportTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let sample = """
    export class Room extends DurableObject {
      private count = 0;
      constructor(ctx: DurableObjectState, env: Env) { super(ctx, env); ctx.storage.get("x"); }
      async fetch(request: Request): Promise<Response> {
        while (true) {}
      }
      async bump() { this.count++; return this.ctx.storage.list(); }
    }
    """

    static func sampleReport(maxFindings: Int = 100) -> ReviewReport {
        let wrangler = SourceFile(path: "wrangler.toml", content: "[[durable_objects.bindings]]\nname = \"ROOM\"\nclass_name = \"Room\"\n")
        return Reviewer().review(.code(sample, wrangler: wrangler, maxFindings: maxFindings, minConfidence: .low))
    }

    @Test func findingsAreSortedBySeverityThenPosition() {
        let findings = Self.sampleReport().findings
        #expect(findings.count >= 4)
        let order = findings.map { "\($0.severity == .error ? 0 : $0.severity == .warning ? 1 : 2)|\($0.file)|\(String(format: "%06d", $0.line))|\(String(format: "%06d", $0.column))" }
        #expect(order == order.sorted())
    }

    @Test func truncationKeepsTheTotal() {
        let full = Self.sampleReport()
        let cut = Self.sampleReport(maxFindings: 1)
        #expect(cut.findings.count == 1)
        #expect(cut.truncated)
        #expect(cut.totalFindings == full.findings.count)
        #expect(!full.truncated)
    }

    @Test func findingsCarryLocationsExcerptsFixesAndDocs() throws {
        let report = Self.sampleReport()
        let loop = try #require(report.findings.first { $0.ruleId == "blocking-loop" })
        #expect(loop.file == "input.ts")
        #expect(loop.line == 5)
        #expect(loop.column == 5)
        #expect(loop.excerpt == "while (true) {}")
        #expect(loop.docs.first == "anti-blocking-loop")
        #expect(!loop.fix.isEmpty)
        #expect(report.findings.contains { $0.ruleId == "missing-migration" && $0.file == "wrangler.toml" && $0.line == 3 })
    }

    @Test func columnsCountUnicodeScalars() throws {
        let report = Reviewer().review(.code("export class É extends DurableObject { async f() { /* é😀 */ while (true) {} } }"))
        let loop = try #require(report.findings.first)
        #expect(loop.column == 61)  // 60 scalars precede `while` (65 UTF-8 bytes)
    }

    @Test func checklistHasEveryStableIdOnce() {
        let ids = Self.sampleReport().checklist.map(\.id)
        #expect(ids == ["arch-do-vs-kv", "arch-id-strategy", "arch-granularity", "life-constructor-init", "life-cleanup",
                        "state-persisted", "state-no-memory-truth", "state-atomic", "perf-no-blocking", "perf-fast-handlers",
                        "perf-alarms-not-timers", "ws-hibernation", "ws-cleanup", "ws-broadcast"])
        let items = Dictionary(uniqueKeysWithValues: Self.sampleReport().checklist.map { ($0.id, $0) })
        #expect(items["perf-no-blocking"]?.status == .fail)
        #expect(items["ws-hibernation"]?.status == .notApplicable)
        #expect(items["arch-do-vs-kv"]?.status == .pass)
    }

    @Test func summaryNamesClassesBindingsAndCounts() {
        let summary = Self.sampleReport().summary
        #expect(summary.classes.map(\.name) == ["Room"])
        #expect(summary.classes.first?.why == "extends DurableObject")
        #expect(summary.bindings.map(\.className) == ["Room"])
        #expect(summary.bindings.first?.hasMigration == false)
        #expect(summary.counts.error >= 3)
    }

    @Test func textOutputIsCompilerStyle() {
        let lines = Self.sampleReport().text().split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("input.ts:5:5: error: ") && $0.hasSuffix("[blocking-loop]") })
        #expect(lines.last?.contains("error(s)") == true)
    }

    @Test func sarifIsVersion210WithRulesAndRegions() throws {
        let data = Data(Self.sampleReport().sarif().utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root["version"] as? String == "2.1.0")
        let run = try #require((root["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect((driver["rules"] as? [Any])?.count == RuleCatalog.all.count)
        let result = try #require((run["results"] as? [[String: Any]])?.first)
        #expect(result["level"] as? String == "error")
        let region = try #require(((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        #expect(region["startLine"] as? Int != nil)
    }

    @Test func jsonEncodingConformsToTheOutputSchema() throws {
        let schemaData = try Data(contentsOf: Self.packageRoot.appendingPathComponent("Schemas/reviewCode.output.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: schemaData) as? [String: Any])
        for report in [Self.sampleReport(), Self.sampleReport(maxFindings: 1), Reviewer().review(.code(""))] {
            let value = try JSONValue.parse(JSONEncoder().encode(report))
            let problems = SchemaCheck.problems(value, schema, at: "$")
            #expect(problems.isEmpty, "\(problems)")
        }
    }

    @Test func schemasUseOnlyTheAllowedKeywords() throws {
        let allowed: Set<String> = ["type", "properties", "required", "additionalProperties", "enum", "minimum", "maximum",
                                    "minLength", "maxLength", "items", "minItems", "maxItems", "description", "title", "default", "$schema"]
        for name in ["reviewCode.input.json", "reviewCode.output.json"] {
            let data = try Data(contentsOf: Self.packageRoot.appendingPathComponent("Schemas/\(name)"))
            let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(SchemaCheck.keywords(schema).isSubset(of: allowed), "\(name)")
            #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        }
    }

    @Test func ruleCatalogIdsMatchTheOutputSchemaEnum() throws {
        let data = try Data(contentsOf: Self.packageRoot.appendingPathComponent("Schemas/reviewCode.output.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let findings = try #require((schema["properties"] as? [String: Any])?["findings"] as? [String: Any])
        let ruleId = try #require(((findings["items"] as? [String: Any])?["properties"] as? [String: Any])?["ruleId"] as? [String: Any])
        #expect(ruleId["enum"] as? [String] == RuleCatalog.all.map(\.id))
        #expect(Set(RuleCatalog.all.map(\.id)).count == 20)
    }
}

/// A JSON value that keeps booleans, integers and other numbers apart.
indirect enum JSONValue: Decodable {
    case null, bool(Bool), integer(Int), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null } else if let b = try? c.decode(Bool.self) { self = .bool(b) } else if let i = try? c.decode(Int.self) {
            self = .integer(i)
        } else if let d = try? c.decode(Double.self) { self = .number(d) } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) { self = .array(a) } else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }
}

/// A checker for the small JSON Schema subset our schemas use.
enum SchemaCheck {
    static func problems(_ value: JSONValue, _ schema: [String: Any], at path: String) -> [String] {
        var out: [String] = []
        if let type = schema["type"] as? String, !matches(value, type) { return ["\(path): expected \(type), got \(value)"] }
        if let options = schema["enum"] as? [String], case .string(let s) = value, !options.contains(s) { out.append("\(path): \(s) not in enum") }
        if let min = schema["minimum"] as? Double {
            if case .integer(let n) = value, Double(n) < min { out.append("\(path): below minimum") }
            if case .number(let n) = value, n < min { out.append("\(path): below minimum") }
        }
        if case .object(let object) = value {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { out.append("\(path): missing \(key)") }
            for (key, v) in object {
                if let sub = properties[key] as? [String: Any] {
                    out += problems(v, sub, at: "\(path).\(key)")
                } else if schema["additionalProperties"] as? Bool == false {
                    out.append("\(path): unexpected \(key)")
                }
            }
            if (schema["required"] as? [String] ?? []).count != properties.count {
                out.append("\(path): not every property is required")
            }
        }
        if case .array(let array) = value, let items = schema["items"] as? [String: Any] {
            for (i, v) in array.enumerated() { out += problems(v, items, at: "\(path)[\(i)]") }
        }
        return out
    }

    private static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("integer", .integer),
             ("number", .integer), ("number", .number): return true
        default: return false
        }
    }

    static func keywords(_ node: Any) -> Set<String> {
        guard let dict = node as? [String: Any] else { return [] }
        var result = Set(dict.keys)
        for (key, value) in dict {
            if key == "properties", let props = value as? [String: Any] {
                for p in props.values { result.formUnion(keywords(p)) }
            } else if key == "items" || key == "additionalProperties" {
                result.formUnion(keywords(value))
            }
        }
        return result
    }
}
