// Temporary entry point for the review branch; replaced at merge.
import ArgumentParser

struct DoArchitect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "do-architect", subcommands: [ReviewCommand.self, Bench.self])
}

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", subcommands: [BenchReview.self])
}

func entryPoint() async {
    await DoArchitect.main(nil)
}

await entryPoint()
