import ArgumentParser
import Foundation
import GazetteBench
import GazetteCore

/// `gazette-bench`: generates benchmark inputs and runs `make bench`.
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazette-bench",
        abstract: "Generate reproducible benchmark inputs for Gazette.",
        subcommands: [BenchRun.self, BenchSitePreview.self, BenchRenderers.self, GeneratePolicies.self, GenerateExport.self]
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

struct GenerateExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-export", abstract: "Write an HR export (CSV) of N employees over N/100 companies.")

    @Option(help: "Employees.") var employees = 10_000
    @Option(help: "Seed of the generator.") var seed: UInt64 = 2026
    @Option(help: "The week the data is centred on (YYYY-Www).") var week = "2026-W53"
    @Option(help: "Folder to write (created).") var output: String

    func validate() throws {
        guard ISOWeek(iso: week) != nil else { throw ValidationError("--week \"\(week)\" is not an ISO week (YYYY-Www)") }
    }

    func run() throws {
        try ExportGenerator.write(employees: employees, seed: seed, week: ISOWeek(iso: week)!, to: output)
        print("export: \(employees) employees over \(max(1, employees / 100)) companies written to \(output)")
    }
}
