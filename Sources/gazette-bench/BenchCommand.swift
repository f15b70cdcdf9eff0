import ArgumentParser
import Foundation
import GazetteBench

/// `gazette-bench`: generates benchmark inputs and runs `make bench`.
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazette-bench",
        abstract: "Generate reproducible benchmark inputs for Gazette.",
        subcommands: [GeneratePolicies.self]
    )
}

struct GeneratePolicies: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-policies", abstract: "Write a policy corpus: gazette.yml and policies/ (about 30 KB a file).")

    @Option(help: "Documents (each in every language).") var documents = 700
    @Option(help: "Seed of the generator.") var seed: UInt64 = 2026
    @Option(help: "Folder to write (created).") var output: String

    func run() throws {
        try PolicyCorpus.write(documents: documents, seed: seed, to: output)
        print("policies: \(documents) documents × 3 languages written to \(output)")
    }
}
