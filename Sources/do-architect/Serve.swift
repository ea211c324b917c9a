#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArchitectServer
import ArgumentParser
import DurableObjects
import Dispatch
import Foundation
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve MCP over stdio (the default). Logs go to stderr; stdout carries JSON-RPC only.")

    @OptionGroup var dataDirectory: DataDirectoryOption

    @Option(help: "Lowest level logged to stderr: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(help: "Seconds that requests already received may still run after stdin closes.")
    var drainTimeout: Double = 5

    @Option(name: .customLong("allow-dir"), help: ArgumentHelp(
        "A folder that reviewCode {paths} may read besides the working directory (repeatable). Clients of the 2026-07-28 protocol have no roots, and handshake-era clients that declare none get these folders.",
        valueName: "path"))
    var allowedDirectories: [String] = []

    @Option(help: "Durability of the embedded runtime's writes: process-crash (a rollback journal, no fsync: an acknowledged write survives the process being killed) or power-loss (WAL, synchronous=FULL: every commit fsynced).")
    var durability: String = "process-crash"

    @Option(help: "A folder of your team's own Markdown (ADRs, runbooks, conventions) to add to the knowledge base as project/<path>; only read. Default: $DO_ARCHITECT_KNOWLEDGE_DIR.")
    var knowledgeDir: String?

    @Option(help: "A Worker project folder (with wrangler.jsonc, wrangler.json or wrangler.toml) to load at start, as loadWorker does; its Durable Object classes run on the embedded runtime.")
    var worker: String?

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical.")
        }
        guard ["process-crash", "power-loss"].contains(durability) else {
            throw ValidationError("--durability must be process-crash or power-loss.")
        }
        guard drainTimeout >= 0, drainTimeout <= 600 else {
            throw ValidationError("--drain-timeout must be between 0 and 600 seconds.")
        }
        for path in allowedDirectories {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("--allow-dir \(path) is not a folder.")
            }
        }
    }

    func run() async throws {
        signal(SIGPIPE, SIG_IGN)
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "do-architect")

        let directory: DataDirectory
        do {
            directory = try DataDirectory.acquire(DataDirectory.resolve(option: dataDirectory.path))
        } catch {
            FileHandle.standardError.write(Data("do-architect: \(error)\n".utf8))
            throw ExitCode.failure
        }
        if let notice = directory.notice { logger.warning("\(notice)") }

        // The server builds on a thread of its own (the runtime opens a database per built-in class, the schemas
        // are read), so that `initialize` is answered at once; tool calls wait for the build. A build that fails
        // ends the process as a failure to start did before.
        let loader: ServerLoader
        do {
            let mode: DurabilityMode = durability == "power-loss" ? .powerLoss : .processCrash
            let knowledge = (knowledgeDir ?? ProcessInfo.processInfo.environment["DO_ARCHITECT_KNOWLEDGE_DIR"]).flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            let worker = self.worker
            loader = try ArchitectServer.loading(
                dataDirectory: directory, logger: logger, knowledgeDirectory: knowledge, configureRuntime: { $0.durability = mode }
            ) { server in
                guard let worker else { return }
                do {
                    let loaded = try waitOnThisThread { try await server.workers?.load(path: worker, config: nil, main: nil, allowedRoots: nil) }
                    logger.info("Worker loaded", metadata: [
                        "name": "\(loaded?.name ?? "")", "namespaces": "\(loaded?.namespaces.map(\.namespace) ?? [])"])
                } catch {
                    throw StartFailure(message: "cannot load the Worker in \(worker): \(error)")
                }
            }
        } catch {
            FileHandle.standardError.write(Data("do-architect: cannot start: \(error)\n".utf8))
            throw ExitCode.failure
        }
        var transportConfiguration = StdioLineTransport.Configuration()
        transportConfiguration.drainTimeout = drainTimeout
        let transport = StdioLineTransport(configuration: transportConfiguration, logger: logger)

        let signals = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                logger.info("Signal received, shutting down", metadata: ["signal": "\(number)"])
                transport.shutdown()
            }
            source.resume()
            return source
        }
        logger.info("do-architect \(ArchitectServer.version) serving MCP on stdio", metadata: [
            "dataDir": "\(directory.url.path)", "knowledgeAsOf": "\(loader.knowledge.asOf)",
        ])
        let failure = Task { () -> String? in
            do {
                _ = try await loader.ready()
                return nil
            } catch {
                transport.shutdown()
                return (error as? StartFailure)?.message ?? "cannot start: \(error)"
            }
        }
        var sessionConfiguration = ServerSession.Configuration()
        sessionConfiguration.allowedDirectories = allowedDirectories.map { URL(fileURLWithPath: $0).standardizedFileURL }
        await ArchitectServer.serve(loader, transport: transport, configuration: sessionConfiguration)
        signals.forEach { $0.cancel() }
        if let message = await failure.value {
            FileHandle.standardError.write(Data("do-architect: \(message)\n".utf8))
            throw ExitCode.failure
        }
        logger.info("stdin closed; exiting")
    }
}

/// A start that failed with a message of its own (not "cannot start: …").
private struct StartFailure: Error {
    var message: String
}

/// Runs `body` and blocks the calling thread until it ends: only for the server's build thread (a plain `Thread`,
/// never a Swift concurrency thread), where `serve --worker` loads the Worker, whose load is `async`.
private func waitOnThisThread<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = BlockingOutcome<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { outcome.value = .success(try await body()) } catch { outcome.value = .failure(error) }
        done.signal()
    }
    done.wait()
    return try outcome.value!.get()
}

/// Written once by the task before it signals, read once after the wait: the semaphore orders the two.
private final class BlockingOutcome<T: Sendable>: @unchecked Sendable {
    var value: Result<T, any Error>?
}
