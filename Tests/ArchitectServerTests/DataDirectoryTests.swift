import ArchitectServer
import Foundation
import Testing
import TestSupport

struct DataDirectoryTests {
    @Test func optionWinsOverEnvironmentWhichWinsOverXDG() {
        let environment = ["DO_ARCHITECT_DATA_DIR": "/env/dir", "XDG_DATA_HOME": "/xdg", "HOME": "/home/u"]
        #expect(DataDirectory.resolve(option: "/opt/dir", environment: environment).path == "/opt/dir")
        #expect(DataDirectory.resolve(option: nil, environment: environment).path == "/env/dir")
        #expect(DataDirectory.resolve(option: nil, environment: ["XDG_DATA_HOME": "/xdg", "HOME": "/home/u"]).path == "/xdg/do-architect")
        #expect(DataDirectory.resolve(option: nil, environment: ["HOME": "/home/u"]).path == "/home/u/.local/share/do-architect")
    }

    @Test func aMissingFolderIsCreatedPrivate() throws {
        let folder = TestPaths.temporaryFolder().appendingPathComponent("a/b")
        let directory = try DataDirectory.acquire(folder)
        let mode = try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
        #expect(directory.url == folder && !directory.isTemporaryFallback)
    }

    @Test func aLockedFolderFallsBackToATemporaryOne() throws {
        let folder = TestPaths.temporaryFolder()
        let first = try DataDirectory.acquire(folder)
        let second = try DataDirectory.acquire(folder)
        #expect(!first.isTemporaryFallback)
        #expect(second.isTemporaryFallback)
        #expect(second.url != folder)
        #expect(second.notice?.contains(folder.path) == true)
    }

    @Test func aFileInThePlaceOfTheFolderIsAClearError() throws {
        let file = TestPaths.temporaryFolder().appendingPathComponent("file")
        _ = FileManager.default.createFile(atPath: file.path, contents: Data())
        #expect(throws: ServerError.self) { try DataDirectory.acquire(file) }
    }
}
