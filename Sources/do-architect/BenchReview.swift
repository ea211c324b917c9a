import ArgumentParser
import CodeReview
import Foundation

/// `do-architect bench review`: prints the reviewer's throughput. Never fails on timing.
struct BenchReview: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "review", abstract: "Measure the code reviewer's throughput.")
    func run() async throws {}
}
