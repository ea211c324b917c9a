@testable import CodeReview
import Testing

struct WranglerConfigTests {
    @Test func tomlBindingsMigrationsAndEnvironmentsAreRead() {
        let config = WranglerConfig(file: SourceFile(path: "wrangler.toml", content: """
        name = "app" # comment
        [durable_objects]
        bindings = [
          { name = "ROOM", class_name = "Room" },
          { name = "EXT", class_name = "Ext", script_name = "other" },
        ]

        [[migrations]]
        tag = 'v1'
        new_sqlite_classes = ["Room"]

        [[migrations]]
        tag = "v2"
        new_classes = ["Old"]
        renamed_classes = [{ from = "Old", to = "Older" }]

        [env.staging.durable_objects]
        bindings = [{ name = "ROOM", class_name = "Room" }]
        """))
        #expect(config.parseError == nil)
        #expect(config.bindings.map(\.className) == ["Room", "Ext", "Room"])
        #expect(config.bindings[1].scriptName == "other")
        #expect(config.bindings[2].environment == "staging")
        #expect(config.bindings[0].line == 4)
        #expect(config.migrations.map(\.tag) == ["v1", "v2"])
        #expect(config.migrations[1].newClasses.first?.line == 14)
        #expect(config.createdClasses == ["Room", "Old", "Older"])
    }

    @Test func migrationsApplyInOrderSoAClassDeletedAndCreatedAgainExists() {
        let file = SourceFile(path: "wrangler.jsonc", content: """
        {
          "migrations": [
            { "tag": "v1", "new_sqlite_classes": ["Session", "Cache"] },
            { "tag": "v2", "deleted_classes": ["Session", "Cache"] },
            { "tag": "v3", "new_sqlite_classes": ["Session"] }
          ],
          "durable_objects": { "bindings": [
            { "name": "SESSION", "class_name": "Session" },
            { "name": "CACHE", "class_name": "Cache" }
          ] }
        }
        """)
        #expect(WranglerConfig(file: file).createdClasses == ["Session"])
        let found = Reviewer().review(.code("export class Session extends DurableObject {}\nexport class Cache extends DurableObject {}\n", wrangler: file)).findings
        #expect(found.filter { $0.ruleId == "missing-migration" }.map(\.line) == [9])
    }

    @Test func arrayOfTablesBindingsAreRead() {
        let config = WranglerConfig(file: SourceFile(path: "wrangler.toml", content: "[[durable_objects.bindings]]\nname = \"A\"\nclass_name = \"A\"\n\n[[durable_objects.bindings]]\nname = \"B\"\nclass_name = \"B\"\n"))
        #expect(config.bindings.map(\.name) == ["A", "B"])
        #expect(config.bindings.map(\.line) == [3, 7])
    }

    @Test func theOlderBindingsTablesOfDurableObjectNamespacesAreRead() {
        let config = WranglerConfig(file: SourceFile(path: "wrangler.toml", content: "type = \"javascript\"\n[[bindings]]\ntype = \"durable_object_namespace\"\nname = \"ROOM\"\nclass_name = \"Room\"\n\n[[bindings]]\ntype = \"kv_namespace\"\nname = \"CACHE\"\n"))
        #expect(config.bindings.map(\.className) == ["Room"])
        #expect(config.bindings.map(\.line) == [5])
        let found = Reviewer().review(.code("export class Room extends DurableObject {}", wrangler: SourceFile(path: "wrangler.toml", content: "[[bindings]]\ntype = \"durable_object_namespace\"\nname = \"ROOM\"\nclass_name = \"Room\"\n"))).findings
        #expect(found.map(\.ruleId).contains("missing-migration"))
    }

    @Test func jsoncAllowsCommentsAndTrailingCommas() {
        let config = WranglerConfig(file: SourceFile(path: "wrangler.jsonc", content: """
        {
          /* block */ "durable_objects": { "bindings": [ { "name": "R", "class_name": "R" }, ], },
          // line
          "exports": { "R": { "type": "durable-object", "storage": "sqlite" }, "Gone": { "type": "durable-object", "state": "deleted" } },
        }
        """))
        #expect(config.parseError == nil)
        #expect(config.bindings.first?.className == "R")
        #expect(config.createdClasses == ["R"])
    }

    @Test(arguments: [
        ("wrangler.toml", "[durable_objects\nname = 1"),
        ("wrangler.toml", "a = \"unterminated"),
        ("wrangler.json", "{ \"a\": "),
        ("wrangler.jsonc", String(repeating: "[", count: 10_000)),
        ("wrangler.toml", "a = " + String(repeating: "[", count: 10_000)),
    ])
    func brokenFilesReportAnErrorInsteadOfFindings(path: String, content: String) {
        let config = WranglerConfig(file: SourceFile(path: path, content: content))
        #expect(config.parseError != nil)
        let report = Reviewer().review(ReviewRequest(files: [], wrangler: SourceFile(path: path, content: content)))
        #expect(report.findings.isEmpty)
    }
}
