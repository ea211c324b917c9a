@testable import DurableObjects
import Foundation
import Testing
import TestSupport

/// Starts the durability child, reads its acknowledgements, kills it with SIGKILL.
struct CrashingChild {
    static var binary: URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("DurabilityChild"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/DurabilityChild"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs the child from `start` and kills it `killAfter` after its first acknowledgement; returns the acks.
    static func run(binary: URL, dir: URL, start: Int, killAfter: Duration, durability: String) async throws -> [Int] {
        let child = try SpawnedProcess(executable: binary, arguments: [dir.path, String(start), durability])
        let fd = child.output
        var buffer = Data()
        let clock = ContinuousClock()
        let hardStop = clock.now + .seconds(10)
        var killAt: ContinuousClock.Instant?
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        reading: while clock.now < hardStop {
            if let killAt, clock.now >= killAt { break }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 5) > 0 {
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n <= 0 { break reading }
                buffer.append(contentsOf: chunk[0..<n])
                if killAt == nil { killAt = clock.now + killAfter }
            }
        }
        child.kill()
        // Everything the child printed before dying was acknowledged.
        buffer.append(SpawnedProcess.readAll(fd))
        let text = String(decoding: buffer, as: UTF8.self)
        return text.split(separator: "\n").compactMap { line in
            line.hasPrefix("ack ") ? Int(line.dropFirst(4)) : nil
        }
    }
}

struct DurabilityTests {
    @Test(.timeLimit(.minutes(2)))
    func acknowledgedWritesSurviveSIGKILLAcrossTwentyRestarts() async throws {
        guard let binary = CrashingChild.binary else {
            Issue.record("DurabilityChild binary not found; build it with `swift build`")
            return
        }
        try await withTemporaryDirectory { dir in
            var acknowledged = Set<Int>()
            var start = 0
            for round in 0..<20 {
                let kill = Duration.milliseconds(Int.random(in: 5...120))
                let acks = try await CrashingChild.run(
                    binary: binary, dir: dir, start: start, killAfter: kill, durability: round % 5 == 4 ? "full" : "normal")
                acknowledged.formUnion(acks)
                start = (acks.max() ?? start) + 1_000
            }
            #expect(acknowledged.count > 100)
            // Restart once more in-process and check every acknowledged write and the databases' integrity.
            var config = RuntimeConfiguration(dataDirectory: dir)
            config.metricsPersisted = false
            let runtime = try DurableObjectsRuntime(configuration: config)
            let ns = try runtime.register(binding: "LOG", DurableObjectClass(name: "Log") { _ in EmptyObject() })
            var present = Set<Int>()
            for o in 0..<4 {
                let (keys, rows, integrity) = try await ns.inspectRun(ns.idFromName("obj\(o)")) { ctx -> ([Int], [Int], String) in
                    var keys: [Int] = []
                    var startAfter: String?
                    while true {
                        let page = try ctx.storage.list(ListOptions(startAfter: startAfter, limit: 128))
                        keys += page.compactMap { $0.value.intValue }
                        guard let last = page.last else { break }
                        startAfter = last.key
                    }
                    let rows = try ctx.storage.sql.exec("SELECT n FROM log").raw().compactMap { row -> Int? in
                        if case .integer(let n) = row[0] { return Int(n) } else { return nil }
                    }
                    return (keys, rows, try ctx.storage.integrityCheck())
                }
                #expect(integrity == "ok")
                #expect(Set(keys) == Set(rows), "KV and SQL writes of one turn are atomic")
                present.formUnion(keys)
            }
            let lost = acknowledged.subtracting(present)
            #expect(lost.isEmpty, "lost acknowledged writes: \(lost.sorted().prefix(10))")
            await runtime.shutdown()
        }
    }
}
