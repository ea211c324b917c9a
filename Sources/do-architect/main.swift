// Temporary entry point (runtime branch): the lead replaces it at merge; `bench runtime` lives in BenchRuntime.swift.
import ArgumentParser

struct DoArchitect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "do-architect", subcommands: [Bench.self])
}

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", subcommands: [BenchRuntime.self])
}

func runAsync<C: AsyncParsableCommand>(_ command: C) async throws {
    var command = command
    try await command.run()
}

do {
    var command = try DoArchitect.parseAsRoot()
    if let asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(asyncCommand)
    } else {
        try command.run()
    }
} catch {
    DoArchitect.exit(withError: error)
}
