import ArchitectServer
import Foundation
import Testing
import TestSupport

/// `serve`'s options, on the built binary.
struct ServeOptionsTests {
    @Test func anAllowedFolderThatDoesNotExistIsAClearErrorAtStart() throws {
        let missing = TestPaths.temporaryFolder("allow-dir").appendingPathComponent("missing").path
        let server = try ServerProcess(executable: TestPaths.binary, arguments: ["serve", "--allow-dir", missing])
        let status = server.waitForExit(timeout: 20)
        #expect(status != nil && status != 0)
        #expect(server.standardError.contains("--allow-dir \(missing) is not a folder"), "\(server.standardError)")
    }

    @Test func anAllowedFolderIsReadableByReviewCodeWithoutRoots() throws {
        let folder = TestPaths.temporaryFolder("allow-dir")
        try "export class A extends DurableObject { n = 0; async inc() { this.n++; } }"
            .write(to: folder.appendingPathComponent("a.ts"), atomically: true, encoding: .utf8)
        let server = try TestServer.started(arguments: ["--allow-dir", folder.path])
        let result = try server.callTool(2, "reviewCode", #"{"paths":["\#(folder.path)"]}"#)
        #expect(result["isError"] == nil, "\(result)")
    }
}
