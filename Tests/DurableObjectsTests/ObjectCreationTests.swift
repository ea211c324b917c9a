import DurableObjects
import Foundation
import Testing
import TestSupport

/// The creation path of an object database: in process-crash mode one file from a template and a persistent rollback
/// journal; in power-loss mode a WAL that is kept (not checkpointed) when the connection closes; never a
/// shared-memory file.
struct ObjectCreationTests {
    func files(of id: DurableObjectId, in dir: URL) -> [String: Int] {
        let folder = dir.appendingPathComponent("do/do-architect-Counter/\(id.hex.prefix(2))").path
        var out: [String: Int] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let size = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.size] as? Int) ?? -1
            out[String(name.dropFirst(id.hex.count))] = size
        }
        return out
    }

    @Test(arguments: [DurabilityMode.processCrash, .powerLoss])
    func aNewObjectLeavesItsDatabaseAndItsJournalAfterItsConnectionCloses(_ mode: DurabilityMode) async throws {
        try await withTemporaryDirectory { dir in
            let id = NamespaceKey(uniqueKey: "do-architect-Counter").idFromName("a")
            try await withRuntime(configure: { $0.durability = mode }, dataDirectory: dir) { rt, _ in
                let ns = try rt.register(binding: "COUNTER", counterClass())
                _ = try await ns.getByName("a").call("increment")
                _ = try await ns.getByName("a").call("increment")
            }
            let files = files(of: id, in: dir)
            if mode == .processCrash {
                #expect(Set(files.keys) == [".sqlite", ".sqlite-journal"], "a kept journal, no WAL, no -shm: \(files)")
                #expect((files[".sqlite-journal"] ?? 0) > 0, "the journal is kept (PERSIST), its header zeroed")
            } else {
                #expect(Set(files.keys) == [".sqlite", ".sqlite-wal"], "no -journal, no -shm: \(files)")
                #expect((files[".sqlite-wal"] ?? 0) > 0, "closing does not checkpoint: the commits stay in the WAL")
            }
            // Process-crash mode writes the template with the KV table (two pages); power-loss mode lets SQLite
            // create the file, which writes page 1 when it enters WAL mode (never 0 bytes: SQLite deletes the
            // WAL of an empty database file when it opens it).
            #expect(files[".sqlite"] == (mode == .processCrash ? 8192 : 4096))
            // The file is in rollback-journal mode (header bytes 18-19: 1) or WAL mode (2) and, read by another
            // connection after the runtime closed it, holds the committed value.
            let path = dir.appendingPathComponent("do/do-architect-Counter/\(id.hex.prefix(2))/\(id.hex).sqlite").path
            let header = try #require(FileManager.default.contents(atPath: path))
            let format: UInt8 = mode == .processCrash ? 1 : 2
            #expect(header[18] == format && header[19] == format)
            let reader = try SQLiteConnection(path: path, create: false, durability: mode)
            #expect(try reader.integer("SELECT CAST(value AS INTEGER) FROM _cf_KV WHERE key = 'n'") == 2)
        }
    }

    @Test func anObjectReopenedManyTimesCreatesNoOtherFile() async throws {
        try await withTemporaryDirectory { dir in
            let id = NamespaceKey(uniqueKey: "do-architect-Counter").idFromName("a")
            try await withRuntime(configure: { $0.maxOpenDatabases = 1 }, dataDirectory: dir) { rt, _ in
                let ns = try rt.register(binding: "COUNTER", counterClass())
                for i in 0..<5 {
                    _ = try await ns.getByName("a").call("increment")
                    _ = try await ns.getByName("other-\(i)").call("increment")  // closes a's connection (budget 1)
                }
                #expect(try await ns.getByName("a").call("get") == 5)
            }
            #expect(Set(files(of: id, in: dir).keys) == [".sqlite", ".sqlite-journal"])
        }
    }

    #if os(Linux)
    @Test func theNamespaceFolderIsMarkedAsATopDirectoryWhereTheFileSystemSupportsIt() async throws {
        try await withTemporaryDirectory { dir in
            try await withRuntime(dataDirectory: dir) { rt, _ in
                let ns = try rt.register(binding: "COUNTER", counterClass())
                _ = try await ns.getByName("a").call("increment")
            }
            let fd = open(dir.appendingPathComponent("do/do-architect-Counter").path, O_RDONLY | O_DIRECTORY)
            #expect(fd >= 0)
            defer { close(fd) }
            var flags = 0
            guard ioctl(fd, 0x8008_6601, &flags) == 0 else { return }  // FS_IOC_GETFLAGS unsupported (tmpfs)
            #expect(flags & 0x0002_0000 != 0, "FS_TOPDIR_FL")
        }
    }
    #endif
}
