import DurableObjects
import Foundation
@testable import JSHost
import TestSupport
import Testing

/// Writes a small project into a temporary folder.
func withProject<R>(_ files: [String: String], _ body: (URL) throws -> R) throws -> R {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("do-worker-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    for (path, text) in files {
        let url = dir.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return try body(dir)
}

struct WorkerLoadingTests {
    static let counter = Fixtures.url("JSHostTests", "counter")

    @Test func readsBindingsMigrationsVarsDevVarsAndLimits() throws {
        let project = try WorkerProject.read(path: Self.counter.path, config: nil, main: nil, allowedRoots: nil)
        #expect(project.name == "counter-fixture")
        #expect(project.configPath.hasSuffix("wrangler.jsonc"))
        #expect(project.main.path.hasSuffix("src/index.ts"))
        #expect(project.durableObjects.map(\.name) == ["COUNTER", "NOTES"])
        #expect(project.storage(of: "Counter") == .sqlite)
        #expect(project.cpuLimitMs == 50)
        #expect(project.otherBindings == [.init(name: "CACHE", kind: "KV namespace")])
        let vars = Dictionary(uniqueKeysWithValues: project.vars)
        #expect(vars["GREETING"] == "hi from dev")
        #expect(vars["LIMIT"] == 3)
        #expect(vars["SECRET"] == "s3cret")
    }

    @Test func findsConfigFilesInWranglersOrderAndReadsTOML() throws {
        try withProject([
            "wrangler.toml": "name = \"from-toml\"\nmain = \"index.js\"\n[[durable_objects.bindings]]\nname = \"A\"\nclass_name = \"A\"\n[[migrations]]\ntag = \"v1\"\nnew_classes = [\"A\"]\n",
            "wrangler.json": "{\"name\": \"from-json\", \"main\": \"index.js\"}",
            "index.js": "export default {}",
        ]) { dir in
            #expect(try WorkerProject.read(path: dir.path, config: nil, main: nil, allowedRoots: nil).name == "from-json")
            let toml = try WorkerProject.read(path: dir.path, config: "wrangler.toml", main: nil, allowedRoots: nil)
            #expect(toml.name == "from-toml")
            #expect(toml.storage(of: "A") == .kvEmulation)
        }
    }

    @Test func clearErrorsForMissingConfigMainAndPathsOutsideTheRoots() throws {
        try withProject(["index.js": "export default {}"]) { dir in
            #expect(throws: WorkerLoadError.self) { try WorkerProject.read(path: dir.path, config: nil, main: nil, allowedRoots: nil) }
            do {
                _ = try WorkerProject.read(path: dir.path, config: nil, main: nil, allowedRoots: nil)
            } catch let error as WorkerLoadError {
                #expect(error.code == .noConfig)
                #expect(error.message.contains("wrangler.jsonc"))
            }
            let other = FileManager.default.temporaryDirectory.appendingPathComponent("elsewhere-\(UUID().uuidString)")
            do {
                _ = try WorkerProject.read(path: dir.path, config: nil, main: nil, allowedRoots: [other])
                Issue.record("no error")
            } catch let error as WorkerLoadError {
                #expect(error.code == .outsideRoots)
            }
        }
        try withProject(["wrangler.jsonc": "{ \"name\": \"x\" }"]) { dir in
            do {
                _ = try WorkerProject.read(path: dir.path, config: nil, main: nil, allowedRoots: nil)
                Issue.record("no error")
            } catch let error as WorkerLoadError {
                #expect(error.code == .badConfig)
                #expect(error.message.contains("main"))
            }
        }
    }

    @Test func dotEnvFollowsWranglersRules() {
        let parsed = DotEnv.parse("A=1\n# c\nexport B = two words \nC=\"x\\ny\"\nD='raw\\n'\nE=v # note\n=bad\n")
        #expect(parsed.map(\.0) == ["A", "B", "C", "D", "E"])
        #expect(parsed.map(\.1) == ["1", "two words", "x\ny", "raw\\n", "v"])
    }

    @Test func bundlesToOneScriptAndFindsExportedClassesAndMethods() throws {
        let worker = try JSWorker.load(path: Self.counter.path)
        #expect(worker.bundle.script.contains("var __worker"))
        #expect(worker.bundle.sourceMap != nil)
        #expect(worker.classes.map(\.binding) == ["COUNTER", "NOTES"])
        #expect(worker.classes[0].methods == ["alarm", "alarmRuns", "callsSinceStart", "describe", "fail", "fetch", "get", "handle", "increment", "later", "scheduleAt", "spin"])
        #expect(worker.classes[1].methods == ["add", "addAll", "all", "bumpCounter"])
    }

    @Test func classBoundButNotExportedIsNamed() throws {
        try withProject([
            "wrangler.jsonc": "{ \"name\": \"x\", \"main\": \"src/index.ts\", \"durable_objects\": { \"bindings\": [{ \"name\": \"ROOM\", \"class_name\": \"Room\" }] } }",
            "src/index.ts": "import { DurableObject } from 'cloudflare:workers';\nclass Room extends DurableObject {}\nexport default { fetch() { return new Response('') } };\n",
        ]) { dir in
            do {
                _ = try JSWorker.load(path: dir.path)
                Issue.record("no error")
            } catch let error as WorkerLoadError {
                #expect(error.code == .classNotExported)
                #expect(error.message.contains("Room") && error.message.contains("ROOM"))
            }
        }
    }

    @Test func unsupportedImportsAreListed() throws {
        try withProject([
            "wrangler.jsonc": "{ \"name\": \"x\", \"main\": \"index.ts\" }",
            "index.ts": "import { connect } from 'cloudflare:sockets';\nimport { Buffer } from 'node:buffer';\nexport default { fetch() { return connect ?? Buffer } };\n",
        ]) { dir in
            do {
                _ = try JSWorker.load(path: dir.path)
                Issue.record("no error")
            } catch let error as WorkerLoadError {
                #expect(error.code == .unsupportedImport)
                #expect(error.message.contains("\"cloudflare:sockets\", \"node:buffer\""))
            }
        }
    }

    @Test func missingEsbuildSaysHowToInstallIt() {
        #expect(throws: WorkerLoadError.self) { try WorkerBundler.locateEsbuild(environment: ["PATH": "/nonexistent"]) }
        do {
            _ = try WorkerBundler.locateEsbuild(environment: ["PATH": "/nonexistent"])
        } catch {
            #expect("\(error)".contains("apt-get install esbuild"))
        }
    }

    @Test func aThrowingTopLevelIsALoadError() throws {
        try withProject([
            "wrangler.jsonc": "{ \"name\": \"x\", \"main\": \"index.js\" }",
            "index.js": "throw new Error('boom at load');\nexport default {};\n",
        ]) { dir in
            do {
                _ = try JSWorker.load(path: dir.path)
                Issue.record("no error")
            } catch let error as WorkerLoadError {
                #expect(error.code == .evaluationFailed)
                #expect(error.message.contains("boom at load"))
                #expect(error.message.contains("index.js:1"))
            }
        }
    }
}
