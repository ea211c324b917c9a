import ArchitectServer
import ArgumentParser
import Foundation

struct BenchTransport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transport",
        abstract: "Time to read and answer one large request line (1, 2, 4, 8 MiB) and to refuse an oversized one.")

    func run() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let child = try BenchChild(executable: currentExecutable(), arguments: ["serve", "--data-dir", folder.path, "--log-level", "error"])
        try child.send(BenchChild.initializeLine())
        _ = child.readLine()
        try child.send(BenchChild.initializedLine)
        print("do-architect bench transport — one tools/call line of N MiB; time from its last byte written to the answer")
        for (position, mebibytes) in [1, 2, 4, 8, 17].enumerated() {
            let filler = String(repeating: "a", count: mebibytes * 1024 * 1024)
            let line = Data(#"{"jsonrpc":"2.0","id":\#(position + 2),"method":"tools/call","params":{"name":"searchDocs","arguments":{"query":"\#(filler)"}}}"#.utf8) + [0x0A]
            try child.write(line.dropLast(1))
            let start = ContinuousClock.now
            try child.write(Data([0x0A]))
            guard let answer = child.readLine(timeout: 120) else { throw ValidationError("no answer for \(mebibytes) MiB") }
            let elapsed = milliseconds(since: start)
            let kind = String(decoding: answer.prefix(300), as: UTF8.self).contains("\"error\"") ? "refused (over the 16 MiB limit)" : "answered"
            print("\(mebibytes) MiB: \(kind) in \(format(elapsed, 1)) ms")
        }
        try child.closeInput()
        child.waitForExit(timeout: 10)
    }
}
