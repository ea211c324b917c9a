import ArchitectServer
import Foundation
import Testing
import TestSupport

/// The binary as people install and start it.
@Suite(.serialized)
struct BinaryEndToEndTests {
    @Test func theBinaryWorksCopiedAloneToAnotherFolderAndStartedFromElsewhere() throws {
        let folder = TestPaths.temporaryFolder("install")
        let copy = folder.appendingPathComponent("do-architect")
        try FileManager.default.copyItem(at: TestPaths.binary, to: copy)
        let elsewhere = TestPaths.temporaryFolder("cwd")
        let search = try runProcess(["search", "how many websockets can one object hold", "--limit", "2"], executable: copy, cwd: elsewhere)
        #expect(search.status == 0)
        #expect(search.output.contains("kb://docs/"))

        let server = try ServerProcess(executable: copy, arguments: ["serve", "--data-dir", TestPaths.temporaryFolder().path])
        try server.send(ServerProcess.initializeLine())
        #expect(server.readMessage()?["result"] != nil)
    }

    @Test func aSecondServerOnALockedDataDirectoryStartsOnATemporaryOneAndSaysSo() throws {
        let folder = TestPaths.temporaryFolder("shared-data")
        let first = try TestServer.start(dataDirectory: folder)
        try first.send(ServerProcess.initializeLine())
        let firstResult = try #require(first.readMessage()?["result"] as? [String: Any])
        #expect(!(firstResult["instructions"] as? String ?? "").contains("in use by another"))

        let second = try TestServer.start(dataDirectory: folder)
        try second.send(ServerProcess.initializeLine())
        let result = try #require(second.readMessage()?["result"] as? [String: Any])
        #expect((result["instructions"] as? String ?? "").contains("in use by another do-architect process"))
        #expect(standardError(of: second, containing: "in use by another do-architect process"))
    }

    @Test func versionAndToolsExplainThemselves() throws {
        let version = try runProcess(["--version"])
        #expect(version.output.contains("knowledge base as of 20"))
        let tools = try runProcess(["tools", "--json"])
        let list = try JSONSerialization.jsonObject(with: Data(tools.output.utf8)) as? [String: Any]
        #expect((list?["tools"] as? [[String: Any]])?.count == 17)
        let help = try runProcess(["--help"])
        #expect(help.output.contains("serve") && help.output.contains("search"))
    }

    @Test func anUnusableDataDirectoryIsAClearErrorAtStart() throws {
        let file = TestPaths.temporaryFolder().appendingPathComponent("not-a-folder")
        _ = FileManager.default.createFile(atPath: file.path, contents: Data("x".utf8))
        let server = try ServerProcess(executable: TestPaths.binary, arguments: ["serve", "--data-dir", file.path])
        #expect(server.waitForExit(timeout: 10) == 1)
        #expect(standardError(of: server, containing: "is not a folder"))
    }

    /// Whether the server's stderr comes to hold `text` within 5 s. Its stderr is read on another thread, so it can
    /// lag behind what the server answered on stdout, or its exit (`initialize` is answered a millisecond after
    /// the data directory's warning is written).
    func standardError(of server: ServerProcess, containing text: String) -> Bool {
        let deadline = Date().addingTimeInterval(5)
        while !server.standardError.contains(text) {
            if Date() > deadline { return false }
            usleep(2_000)
        }
        return true
    }
}
