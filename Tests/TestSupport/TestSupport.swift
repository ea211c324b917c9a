import ArchitectServer
import Foundation

/// Paths of the package and its build, for tests that read fixtures or spawn the built binary.
package enum TestPaths {
    /// The package root (the folder holding Package.swift).
    package static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `../shared` beside the package, present on developer machines and CI; nil elsewhere.
    package static var shared: URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The `do-architect` binary built beside this test bundle (`swift build` before `swift test`;
    /// `scripts/test.sh` does both in that order).
    package static var binary: URL {
        let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        return bundle.appendingPathComponent("do-architect")
    }

    /// A fresh empty folder under the temporary directory.
    package static func temporaryFolder(_ name: String = "test") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("do-architect-\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Runs a program to completion and returns its exit status and standard output (standard error is dropped).
package func runProcess(_ arguments: [String], executable: URL = TestPaths.binary, cwd: URL? = nil) throws -> (status: Int32, output: String) {
    guard FileManager.default.isExecutableFile(atPath: executable.path) else {
        throw TestSupportError("No executable at \(executable.path): run `swift build` before `swift test` (scripts/test.sh does).")
    }
    let (status, output) = try SpawnedProcess.run(executable, arguments, directory: cwd)
    return (status, String(decoding: output, as: UTF8.self))
}

/// A `do-architect serve` child process on a fresh data directory, initialized or not.
package enum TestServer {
    /// Starts the built binary with `serve` and the given extra arguments and environment.
    package static func start(
        arguments: [String] = [], environment: [String: String] = [:], dataDirectory: URL? = nil
    ) throws -> ServerProcess {
        let folder = dataDirectory ?? TestPaths.temporaryFolder("data")
        guard FileManager.default.isExecutableFile(atPath: TestPaths.binary.path) else {
            throw TestSupportError("The do-architect binary is missing at \(TestPaths.binary.path): run `swift build` before `swift test` (scripts/test.sh does).")
        }
        return try ServerProcess(
            executable: TestPaths.binary, arguments: ["serve", "--data-dir", folder.path] + arguments,
            environment: environment)
    }

    /// Starts a server and completes the `initialize` handshake.
    package static func started(arguments: [String] = [], environment: [String: String] = [:]) throws -> ServerProcess {
        let server = try start(arguments: arguments, environment: environment)
        try server.send(ServerProcess.initializeLine())
        guard server.readLine() != nil else { throw TestSupportError("no initialize response; stderr: \(server.standardError)") }
        try server.send(ServerProcess.initializedLine)
        return server
    }
}

package struct TestSupportError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}

extension ServerProcess {
    /// Sends a request and returns the first response carrying its id (other lines are collected in `others`).
    package func request(_ id: Int, _ method: String, _ params: String = "{}", timeout: TimeInterval = 10) throws -> [String: Any] {
        try send(#"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard let message = readMessage(timeout: deadline.timeIntervalSinceNow) else { break }
            if (message["id"] as? Int) == id { return message }
        }
        throw TestSupportError("no response to request \(id) (\(method)); stderr: \(standardError)")
    }

    /// Calls a tool and returns the `result` object.
    package func callTool(_ id: Int, _ name: String, _ arguments: String) throws -> [String: Any] {
        let response = try request(id, "tools/call", #"{"name":"\#(name)","arguments":\#(arguments)}"#)
        guard let result = response["result"] as? [String: Any] else { throw TestSupportError("not a result: \(response)") }
        return result
    }
}
