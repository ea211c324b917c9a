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

    @Option(help: "Durability of the embedded runtime's writes: process-crash (WAL, synchronous=NORMAL: an acknowledged write survives the process being killed) or power-loss (synchronous=FULL: every commit fsynced).")
    var durability: String = "process-crash"

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

        let server: ArchitectServer
        do {
            let mode: DurabilityMode = durability == "power-loss" ? .powerLoss : .processCrash
            server = try ArchitectServer.bundled(dataDirectory: directory, logger: logger) { $0.durability = mode }
        } catch {
            FileHandle.standardError.write(Data("do-architect: cannot start: \(error)\n".utf8))
            throw ExitCode.failure
        }
        if let worker {
            do {
                let loaded = try server.workers?.load(path: worker, config: nil, main: nil, allowedRoots: nil)
                logger.info("Worker loaded", metadata: [
                    "name": "\(loaded?.name ?? "")", "namespaces": "\(loaded?.namespaces.map(\.namespace) ?? [])"])
            } catch {
                FileHandle.standardError.write(Data("do-architect: cannot load the Worker in \(worker): \(error)\n".utf8))
                throw ExitCode.failure
            }
        }
        var transportConfiguration = StdioLineTransport.Configuration()
        transportConfiguration.drainTimeout = drainTimeout
        let transport = StdioLineTransport(preflight: server.preflight, configuration: transportConfiguration, logger: logger)

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
            "dataDir": "\(directory.url.path)", "knowledgeAsOf": "\(server.knowledgeLoader.asOf)",
        ])
        try await server.serve(transport: transport)
        signals.forEach { $0.cancel() }
        logger.info("stdin closed; exiting")
    }
}
