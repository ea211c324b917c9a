import ArgumentParser
import CodeReview
import Foundation

/// `do-architect bench review`: the code reviewer's throughput on a generated 10,000-line file and on the
/// labelled corpus, and, when Node.js and TypeScript (Debian's `node-typescript`) are installed, the time
/// TypeScript's own parser (`ts.createSourceFile`) takes on the same files.
///
/// Prints figures only; it never fails on a timing. Run it from a release build.
struct BenchReview: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Measure the code reviewer's throughput (targets: >= 5 MB/s, < 100 ms per 10,000 lines).")

    @Option(help: "Timed runs per workload; the median is reported.")
    var iterations = 15

    @Option(help: "Lines in the generated file.")
    var lines = 10_000

    @Option(help: "Folder of corpus files (default: Tests/CodeReviewTests/Corpus of this package).")
    var corpus: String?

    @Flag(help: "Skip the comparison with TypeScript's parser.")
    var noTypescript = false

    @Flag(help: "Also print the time of each phase and rule on the generated file.")
    var breakdown = false

    func run() async throws {
        let generated = SourceFile(path: "generated.ts", content: Self.generate(lines: lines))
        let corpusFiles = loadCorpus()
        print("do-architect bench review (\(iterations) runs each, median CPU time of the reviewing thread)")
        let gen = measure([generated])
        report("generated \(lines) lines", files: [generated], seconds: gen)
        let perTenK = gen * 1000 * 10_000 / Double(max(1, lines))
        print(String(format: "  %.1f ms per 10,000 lines (target < 100 ms)", perTenK))
        if breakdown { printBreakdown([ReviewRequest(files: [generated], maxFindings: 1000)]) }
        var corpusSeconds = 0.0
        if !corpusFiles.isEmpty {
            corpusSeconds = measure(corpusFiles, oneRequestPerFile: true)
            report("corpus, \(corpusFiles.count) files", files: corpusFiles, seconds: corpusSeconds)
            if breakdown { printBreakdown(corpusFiles.map { ReviewRequest(files: [$0], maxFindings: 1000) }) }
        }
        guard !noTypescript else { return }
        if let ts = typescriptTimes(generated: generated, corpus: corpusFiles) {
            print(String(format: "TypeScript %@ ts.createSourceFile (median CPU time of the node process): generated %.1f ms, corpus %.1f ms", ts.version, ts.generated * 1000, ts.corpus * 1000))
            print(String(format: "  ratio (TypeScript parse time / full review time): generated %.2fx, corpus %.2fx",
                         ts.generated / gen, corpusSeconds > 0 ? ts.corpus / corpusSeconds : 0))
        } else {
            print("TypeScript comparison skipped: needs `node` and TypeScript (apt-get install -y node-typescript).")
        }
    }

    /// Time per phase and per rule, summed over the requests, largest first.
    private func printBreakdown(_ requests: [ReviewRequest]) {
        var total: [String: Double] = [:]
        var order: [String] = []
        for r in requests {
            for (phase, seconds) in Reviewer().timings(r) {
                if total[phase] == nil { order.append(phase) }
                total[phase, default: 0] += seconds
            }
        }
        for phase in order.sorted(by: { total[$0]! > total[$1]! }).prefix(8) {
            print("    " + phase.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: "%7.2f ms", total[phase]! * 1000))
        }
    }

    private func report(_ name: String, files: [SourceFile], seconds: Double) {
        let bytes = files.reduce(0) { $0 + $1.content.utf8.count }
        let lineCount = files.reduce(0) { $0 + $1.content.split(separator: "\n", omittingEmptySubsequences: false).count }
        print(String(format: "%@: %d bytes, %d lines, %.2f ms, %.1f MB/s (target >= 5 MB/s)",
                     name, bytes, lineCount, seconds * 1000, Double(bytes) / seconds / 1_000_000))
    }

    /// Median CPU time of this thread for a full review (lexing, parsing, all rules, report) of the files.
    ///
    /// CPU time rather than wall time, so that other processes on a shared machine do not inflate the figure;
    /// the median wall time is printed beside it.
    private func measure(_ files: [SourceFile], oneRequestPerFile: Bool = false) -> Double {
        let reviewer = Reviewer()
        let requests = oneRequestPerFile ? files.map { ReviewRequest(files: [$0], maxFindings: 1000) } : [ReviewRequest(files: files, maxFindings: 1000)]
        _ = requests.map { reviewer.review($0) }  // warm-up
        var cpu: [Double] = []
        var wall: [Double] = []
        for _ in 0..<max(1, iterations) {
            let start = ContinuousClock.now
            let cpuStart = Self.threadCPUTime()
            for r in requests { _ = reviewer.review(r) }
            cpu.append(Self.threadCPUTime() - cpuStart)
            let d = ContinuousClock.now - start
            wall.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
        }
        print(String(format: "  (median wall time %.2f ms, median CPU time %.2f ms)", wall.sorted()[wall.count / 2] * 1000, cpu.sorted()[cpu.count / 2] * 1000))
        return cpu.sorted()[cpu.count / 2]
    }

    static func threadCPUTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    private func loadCorpus() -> [SourceFile] {
        let folder = corpus.map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/CodeReviewTests/Corpus")
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var files: [SourceFile] = []
        for case let url as URL in walker where ["ts", "tsx", "js", "jsx", "mjs", "cjs"].contains(url.pathExtension) {
            if let text = try? String(contentsOf: url, encoding: .utf8) { files.append(SourceFile(path: url.lastPathComponent, content: text)) }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// A realistic Durable Object module repeated until it reaches `lines` lines.
    static func generate(lines: Int) -> String {
        var out = "import { DurableObject } from \"cloudflare:workers\";\n\n"
        var n = 0
        var count = 3
        while count < lines {
            out += """
            export class Room\(n) extends DurableObject<Env> {
              private sessions = new Map<WebSocket, { user: string }>();
              constructor(ctx: DurableObjectState, env: Env) {
                super(ctx, env);
                ctx.blockConcurrencyWhile(async () => {
                  ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS m\(n) (id INTEGER PRIMARY KEY, body TEXT)");
                });
              }
              async fetch(request: Request): Promise<Response> {
                const url = new URL(request.url);
                if (url.pathname === "/history") {
                  const rows = this.ctx.storage.sql.exec("SELECT body FROM m\(n) ORDER BY id DESC LIMIT ?", 50).toArray();
                  return Response.json(rows.map((r) => r.body));
                }
                const [client, server] = Object.values(new WebSocketPair());
                this.ctx.acceptWebSocket(server);
                server.serializeAttachment({ user: url.searchParams.get("user") ?? "anon" });
                return new Response(null, { status: 101, webSocket: client });
              }
              async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
                const text = typeof message === "string" ? message : new TextDecoder().decode(message);
                this.ctx.storage.sql.exec("INSERT INTO m\(n) (body) VALUES (?)", `${text.slice(0, 500)}`);
                for (const peer of this.ctx.getWebSockets()) {
                  try { peer.send(text); } catch { peer.close(1011, "send failed"); }
                }
              }
              async webSocketClose(ws: WebSocket, code: number) { ws.close(code, "bye"); }
              async alarm(): Promise<void> {
                const count = (await this.ctx.storage.get<number>("count")) ?? 0;
                if (count > 0) await this.ctx.storage.setAlarm(Date.now() + 60_000 / 2);
              }
            }

            """
            count += 32
            n += 1
        }
        return out
    }

    /// Runs `ts.createSourceFile` on the same inputs in a Node.js child process; nil when unavailable.
    private func typescriptTimes(generated: SourceFile, corpus: [SourceFile]) -> (version: String, generated: Double, corpus: Double)? {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("do-architect-bench-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? fm.removeItem(at: dir) }
            let inputs = [generated] + corpus
            var names: [String] = []
            for (i, f) in inputs.enumerated() {
                let name = "\(i)-" + URL(fileURLWithPath: f.path).lastPathComponent
                try f.content.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
                names.append(name)
            }
            let script = """
            let ts;
            try { ts = require("typescript"); } catch { ts = require("/usr/share/nodejs/typescript"); }
            const fs = require("fs"), path = require("path");
            const names = \(String(decoding: try JSONEncoder().encode(names), as: UTF8.self));
            const files = names.map((n) => [n, fs.readFileSync(path.join(__dirname, n), "utf8")]);
            const kind = (n) => n.endsWith(".tsx") ? ts.ScriptKind.TSX : n.endsWith(".jsx") ? ts.ScriptKind.JSX : /\\.(m|c)?js$/.test(n) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
            const parse = (set) => { for (const [n, t] of set) ts.createSourceFile(n, t, ts.ScriptTarget.Latest, true, kind(n)); };
            const median = (set) => { parse(set); const times = []; for (let i = 0; i < \(max(1, iterations)); i++) { const s = process.cpuUsage(); parse(set); const d = process.cpuUsage(s); times.push((d.user + d.system) / 1e6); } times.sort((a, b) => a - b); return times[Math.floor(times.length / 2)]; };
            console.log(JSON.stringify({ version: ts.version, generated: median(files.slice(0, 1)), corpus: median(files.slice(1)) }));
            """
            let scriptURL = dir.appendingPathComponent("bench.js")
            try script.write(to: scriptURL, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["node", scriptURL.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { return nil }
            struct Result: Decodable { var version: String; var generated: Double; var corpus: Double }
            let r = try JSONDecoder().decode(Result.self, from: data)
            return (r.version, r.generated, r.corpus)
        } catch {
            return nil
        }
    }
}
