#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArchitectServer
import ArgumentParser
import Dispatch
import DurableObjects
import Foundation
import JSHost
import JSONModel
import Patterns

/// `do-architect workload COUNTER --requests 100000 --concurrency 64`: runs a workload on the embedded runtime
/// with a progress bar on stderr and a result table (or JSON) on stdout.
struct WorkloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workload",
        abstract: "Run a workload against a Durable Object class (built in, or of your Worker) on the embedded runtime.",
        discussion: """
            Namespaces: \(PatternCatalog.all.map(\.binding).joined(separator: ", ")). Caps: \
            \(WorkloadCaps.requests.upperBound) requests, \(WorkloadCaps.concurrency.upperBound) concurrency, \
            \(WorkloadCaps.objects.upperBound) objects, \(Int(WorkloadCaps.durationSeconds.upperBound)) s. Ctrl-C stops the run. \
            Your own Worker: --worker DIR loads it, then NAMESPACE with --call '{"method": "increment", "args": [1]}' \
            drives one of its classes, or --request '{"url": "https://w.test/rooms/{{object}}"}' (no NAMESPACE) \
            its fetch handler; strings may hold {{i}}, {{object}} and {{random}}, as in runWorkload.
            """)

    @Argument(help: "Namespace (binding), e.g. COUNTER; none with --request.")
    var namespace: String?

    @Option(help: "A Worker project folder (wrangler.jsonc, wrangler.json or wrangler.toml) to load first, as loadWorker does.")
    var worker: String?

    @Option(help: "With --worker: an RPC call on NAMESPACE as JSON, {\"method\": …, \"args\": […]} (runWorkload's call).")
    var call: String?

    @Option(help: "With --worker: a request to the Worker's fetch handler as JSON, {\"method\": …, \"url\": …, \"headers\": {…}, \"body\": …} (runWorkload's request).")
    var request: String?

    @Option(help: "Requests to send.")
    var requests = 10_000

    /// The engine's defaults, which are the tool's (`SchemaLimitsTests` compares them with the schema's).
    private static let defaults = WorkloadOptions(namespace: "", requests: 1)

    @Option(help: "Requests in flight at once.")
    var concurrency = Self.defaults.concurrency

    @Option(help: "Distinct object names (workload-0, workload-1, …).")
    var objects = Self.defaults.objects

    @Option(help: "Object choice: uniform, zipf or single.")
    var distribution = Self.defaults.distribution.rawValue

    @Option(help: "Exponent of the zipf distribution.")
    var zipfExponent = Self.defaults.zipfExponent

    @Option(help: "Method (default: the class's workload method).")
    var method: String?

    @Option(help: "Arguments as a JSON object (default: the class's workload arguments).")
    var args: String?

    @Option(name: .customLong("rate"), help: "Requests per second (0: as fast as possible).")
    var ratePerSecond = Self.defaults.ratePerSecond

    @Option(name: .customLong("duration"), help: "Stop sending after this many seconds (at most 300).")
    var durationSeconds: Double?

    @Option(help: "Seed of the object choice.")
    var seed: UInt64?

    @Flag(help: "Print the result as JSON instead of a table.")
    var json = false

    @Option(help: "Also write the workload view (latency histogram, checks, as in an MCP Apps host) with this result embedded to this HTML file.")
    var html: String?

    @OptionGroup var dataDirectory: DataDirectoryOption

    func validate() throws { _ = try makeOptions() }

    /// The options from the flags, checked against the caps and the catalog.
    func makeOptions() throws -> WorkloadOptions {
        var options = WorkloadOptions(namespace: namespace ?? "", requests: requests)
        if namespace == nil, request == nil { throw ValidationError("Give a NAMESPACE (e.g. COUNTER), or --worker DIR with --request.") }
        if (call != nil || request != nil), worker == nil {
            throw ValidationError("--call and --request drive your Worker: add --worker DIR (the project folder).")
        }
        do {
            // The same structs, read by the same decoder, as runWorkload's `call` and `request`.
            if let call { options.call = try JSONValueDecoder().decode(WorkloadCall.self, from: JSONReader.read(call)) }
            if let request { options.request = try JSONValueDecoder().decode(WorkloadRequest.self, from: JSONReader.read(request)) }
        } catch let e as PatternError {
            throw ValidationError(e.message)
        } catch {
            throw ValidationError("--call or --request is not valid JSON: \(error)")
        }
        options.concurrency = concurrency
        options.objects = objects
        guard let d = ObjectDistribution(rawValue: distribution) else {
            throw ValidationError("--distribution must be one of uniform, zipf, single.")
        }
        options.distribution = d
        options.zipfExponent = zipfExponent
        options.method = method
        if let args {
            do { options.args = try JSON(parsing: args) } catch { throw ValidationError("--args is not valid JSON: \(error)") }
        }
        options.ratePerSecond = ratePerSecond
        options.durationSeconds = durationSeconds
        options.seed = seed
        do {
            try options.validate()
            if worker == nil, let namespace {
                let pattern = try PatternCatalog.pattern(namespace)
                if let method { _ = try pattern.method(method) }
            }
        } catch let e as PatternError {
            throw ValidationError(e.message)
        }
        return options
    }

    func run() async throws {
        let options = try makeOptions()
        let settings = options
        let directory = try DataDirectory.acquire(DataDirectory.resolve(option: dataDirectory.path))
        let patterns = try PatternRuntime(dataDirectory: directory.url)
        var target: (any WorkloadWorker)?
        if let worker {
            let host = WorkerHost(runtime: patterns.runtime)
            do {
                _ = try await host.load(path: worker, config: nil, main: nil, allowedRoots: nil)
            } catch {
                await patterns.runtime.shutdown()
                FileHandle.standardError.write(Data("do-architect: cannot load the Worker in \(worker): \(error)\n".utf8))
                throw ExitCode(2)
            }
            target = host.workloadTarget
        }
        let workerTarget = target
        let bar = ProgressBar()
        let result: WorkloadResult
        do {
            result = try await withThrowingTaskGroup(of: WorkloadResult?.self) { group in
                group.addTask {
                    await patterns.runtime.run()
                    return nil
                }
                group.addTask {
                    try await withInterruptCancellation {
                        try await patterns.runWorkload(settings, worker: workerTarget) { done, total in bar.show(done, total) }
                    }
                }
                defer { group.cancelAll() }
                while let r = try await group.next() {
                    if let r { return r }
                }
                throw CancellationError()
            }
        } catch is CancellationError {
            bar.finish()
            await patterns.runtime.shutdown()
            FileHandle.standardError.write(Data("do-architect: workload interrupted\n".utf8))
            throw ExitCode(130)
        } catch let e as PatternError {
            bar.finish()
            await patterns.runtime.shutdown()
            FileHandle.standardError.write(Data("do-architect: \(e.message)\n".utf8))
            throw ExitCode(2)
        }
        bar.finish()
        if let html {
            let arguments: JSON = [
                "namespace": .string(result.namespace), "requests": .number(Double(requests)),
                "concurrency": .number(Double(concurrency)), "objects": .number(Double(objects)),
                "distribution": .string(distribution),
            ]
            try writeView(.workload, arguments: arguments.textAsWritten, result: try JSONValueEncoder().encodeText(result), to: html)
        }
        if json {
            // The runWorkload tool's result, byte for byte: the same struct, encoded by the same encoder.
            print(try JSONValueEncoder().encodeText(result))
        } else {
            print(Self.table(result))
        }
        await patterns.runtime.shutdown()
        if !result.allChecksPassed { throw ExitCode(1) }
    }

    static func table(_ r: WorkloadResult) -> String {
        func n(_ v: Double, _ digits: Int = 0) -> String {
            let f = NumberFormatter()
            f.numberStyle = .decimal
            f.minimumFractionDigits = digits
            f.maximumFractionDigits = digits
            return f.string(from: NSNumber(value: v)) ?? String(v)
        }
        var lines = [
            "namespace        \(r.namespace).\(r.method)",
            "requests         \(n(Double(r.completed))) completed of \(n(Double(r.requests)))"
                + (r.stoppedEarly.map { " (stopped by \($0))" } ?? ""),
            "concurrency      \(r.concurrency), \(n(Double(r.objects))) objects, \(r.distribution.rawValue), seed \(r.seed)",
            "duration         \(n(r.durationMs / 1000, 2)) s",
            "throughput       \(n(r.throughput)) requests/s",
            "latency ms       p50 \(n(r.latencyMs.p50, 3))  p95 \(n(r.latencyMs.p95, 3))  p99 \(n(r.latencyMs.p99, 3))  max \(n(r.latencyMs.max, 3))",
            "objects touched  \(n(Double(r.objectsTouched)))",
            "errors           " + (r.errors.isEmpty ? "none" : r.errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
        ]
        if let statuses = r.statuses {
            lines.append("statuses         " + statuses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        for sample in r.errorSamples {
            lines.append("  \(sample.kind) ×\(sample.count) (first: request \(sample.request), \(sample.object)): \(sample.message)")
        }
        lines.append("checks")
        for c in r.checks { lines.append("  \(c.passed ? "pass" : "FAIL")  \(c.name): \(c.detail)") }
        return lines.joined(separator: "\n")
    }
}

/// Runs `body`, cancelling it on SIGINT.
private func withInterruptCancellation<R: Sendable>(_ body: @escaping @Sendable () async throws -> R) async throws -> R {
    let task = Task { try await body() }
    signal(SIGINT, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler { task.cancel() }
    source.resume()
    defer {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
    return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
}

/// A one-line progress bar on stderr (redrawn in place on a terminal, a line per 10 % otherwise).
final class ProgressBar: Sendable {
    private let interactive = isatty(2) != 0
    private let state = Locked<(lastDecile: Int, start: ContinuousClock.Instant, drawn: Bool)>((-1, .now, false))

    func show(_ done: Int, _ total: Int) {
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let (elapsed, decile) = state.withLock { s -> (Duration, Int) in
            s.drawn = true
            return (ContinuousClock.now - s.start, s.lastDecile)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let line = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + "\(done)/\(total)  \(Int(rate))/s"
        if interactive {
            FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
        } else {
            let d = Int(fraction * 10)
            if d > decile {
                state.withLock { $0.lastDecile = d }
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        }
    }

    func finish() {
        if interactive, state.withLock({ $0.drawn }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
