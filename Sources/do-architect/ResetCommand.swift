import ArchitectServer
import ArgumentParser
import Foundation
import Patterns

/// `do-architect reset`: delete objects of the embedded runtime from the data directory.
struct ResetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Delete objects and their storage from the data directory (everything when no option is given).",
        discussion: "Refused while a server uses the data directory: use its resetObjects tool instead.")

    @OptionGroup var dataDirectory: DataDirectoryOption

    @Option(help: "Only this namespace (e.g. COUNTER).")
    var namespace: String?

    @Option(help: "Only the object with this name (needs --namespace).")
    var name: String?

    @Option(help: "Only the object with this 64-hex id (needs --namespace).")
    var id: String?

    func validate() throws {
        if name != nil && id != nil { throw ValidationError("Give --name or --id, not both.") }
        if (name != nil || id != nil) && namespace == nil { throw ValidationError("--name and --id need --namespace.") }
    }

    func run() async throws {
        let folder = DataDirectory.resolve(option: dataDirectory.path)
        let directory = try DataDirectory.acquire(folder)
        guard !directory.isTemporaryFallback else {
            throw ValidationError("\(folder.path) is in use by a running do-architect server; use its resetObjects tool, or stop it first.")
        }
        let patterns = try PatternRuntime(dataDirectory: directory.url)
        let object: PatternRuntime.ObjectAddress? = name.map { .name($0) } ?? id.map { .id($0) }
        let removed: [String: Int]
        do {
            removed = try await patterns.reset(namespace: namespace, object: object)
        } catch let error as PatternError {
            throw ValidationError(error.message)
        }
        await patterns.runtime.shutdown()
        let total = removed.values.reduce(0, +)
        for (binding, count) in removed.sorted(by: { $0.key < $1.key }) where count > 0 {
            print("\(binding): \(count) object(s) removed")
        }
        print("Removed \(total) stored object(s) from \(folder.path).")
    }
}
