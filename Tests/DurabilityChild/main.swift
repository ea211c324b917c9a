// A child process for the kill-and-restart durability test: it makes acknowledged writes and prints
// "ack <n>" after each acknowledgement, until it is killed.
import DurableObjects
import Foundation
import JSONModel

let args = CommandLine.arguments
guard args.count >= 3, let start = Int(args[2]) else {
    FileHandle.standardError.write(Data("usage: DurabilityChild <dataDir> <start> [full]\n".utf8))
    exit(2)
}
var config = RuntimeConfiguration(dataDirectory: URL(fileURLWithPath: args[1]))
config.durability = args.count > 3 && args[3] == "full" ? .powerLoss : .processCrash
config.metricsPersisted = false
let runtime = try DurableObjectsRuntime(configuration: config)
let ns = try runtime.register(binding: "LOG", DurableObjectClass(name: "Log") { _ in LogObject() })

final class LogObject: DurableObject {
    func call(_ method: String, _ args: JSON, context: isolated ObjectContext) async throws -> JSON {
        let n = args.integer!
        try context.storage.put("k\(n)", args)
        try context.storage.sql.exec("CREATE TABLE IF NOT EXISTS log(n INTEGER PRIMARY KEY)")
        try context.storage.sql.exec("INSERT INTO log VALUES (?)", .integer(Int64(n)))
        return .null
    }
}

let out = FileHandle.standardOutput
let lock = NSLock()
await withThrowingTaskGroup(of: Void.self) { group in
    for worker in 0..<8 {
        group.addTask {
            var n = start + worker
            while true {
                _ = try await ns.getByName("obj\(n % 4)").call("append", .number(Double(n)))
                lock.withLock { out.write(Data("ack \(n)\n".utf8)) }
                n += 8
            }
        }
    }
    try? await group.waitForAll()
}
