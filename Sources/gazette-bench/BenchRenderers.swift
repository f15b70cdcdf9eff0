import ArgumentParser
import Foundation
import GazetteBench
import GazetteCore
import GazetteDigest
import GazetteSite
import GazetteTestSupport

/// The compiled Mustache renderer (`CompiledTemplate`, production's only renderer) against
/// swift-mustache made strict (`SwiftMustacheReference`, the tests' reference) on the same values: a
/// seeded digest week and a seeded site, each built in this process with one renderer and then the
/// other, several times. Everything but the renderer is the same work, so the difference of the two
/// times is the renderer's (the typed values converted for swift-mustache included, as a
/// `[String: Any]` renderer needs them). The two outputs must be byte-identical, or the run fails.
struct BenchRenderers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renderers",
        abstract: "Compare the compiled Mustache renderer with swift-mustache on a digest week and a site.")

    @Option(help: ArgumentHelp("Folder for inputs and outputs (removed at the end).", valueName: "folder"))
    var output = "Output/bench"

    @Option(help: "Employees of the digest's export.")
    var employees = 10_000

    @Option(help: "Policy documents (each in 3 languages) of the site.")
    var documents = 100

    @Option(help: "Builds with each renderer; the median is reported.")
    var repeats = 3

    func run() throws {
        let folder = output + "/renderers-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let week = ISOWeek(iso: "2026-W53")!
        try ExportGenerator.write(employees: employees, seed: 2026, week: week, to: folder + "/export")
        try AtomicOutput.write(BenchRun.digestSettings(staticPreview: false), to: folder + "/gazette.yml")
        try PolicyCorpus.write(documents: documents, seed: 2026, to: folder + "/corpus", pdf: false)
        // The site without its search index: Pagefind's run is not the renderer's.
        let corpusSettings = try String(contentsOfFile: folder + "/corpus/gazette.yml", encoding: .utf8)
        try AtomicOutput.write(corpusSettings + "  search: false\n", to: folder + "/corpus/gazette.yml")
        let reference: @Sendable (TemplateSet) throws -> any TemplateRenderer = { try SwiftMustacheReference($0) }

        func digest(_ renderer: (@Sendable (TemplateSet) throws -> any TemplateRenderer)?, into mail: String) throws -> Double {
            var sources = DigestInputs.Sources(
                data: folder + "/export", config: folder + "/gazette.yml",
                environment: ["GAZETTE_SECRET": String(repeating: "bench-secret-", count: 4)])
            sources.substituteRenderer = renderer
            let start = ContinuousClock.now
            _ = try DigestBatch.run(DigestBatch.Options(sources: sources, output: mail, week: week))
            return Self.seconds(ContinuousClock.now - start)
        }
        func site(_ renderer: (@Sendable (TemplateSet) throws -> any TemplateRenderer)?, into site: String) throws -> Double {
            var options = SiteBuilder.Options(
                content: folder + "/corpus", output: site, today: CivilDate(iso: "2026-11-22")!, pdfCache: folder + "/pdf-cache")
            options.substituteRenderer = renderer
            let start = ContinuousClock.now
            _ = try SiteBuilder.build(options)
            return Self.seconds(ContinuousClock.now - start)
        }

        var times: [String: [Double]] = [:]
        for attempt in 0..<max(1, repeats) {
            // Alternately, so that a slow minute of the disk falls on both.
            for (name, renderer) in [("compiled", nil), ("swift-mustache", reference)]
                as [(String, (@Sendable (TemplateSet) throws -> any TemplateRenderer)?)]
            {
                let mail = folder + "/mail-\(name)-\(attempt)"
                times["digest " + name, default: []].append(try digest(renderer, into: mail))
                times["site " + name, default: []].append(try site(renderer, into: folder + "/site-\(name)-\(attempt)"))
            }
            for part in ["mail", "site"] {
                let compiled = folder + "/\(part)-compiled-\(attempt)", swiftMustache = folder + "/\(part)-swift-mustache-\(attempt)"
                guard Self.snapshot(compiled) == Self.snapshot(swiftMustache) else {
                    throw RunFailure(
                        "the \(part) written with swift-mustache differs from the compiled renderer's (\(compiled), \(swiftMustache))")
                }
                try? FileManager.default.removeItem(atPath: compiled)
                try? FileManager.default.removeItem(atPath: swiftMustache)
            }
        }
        func median(_ key: String) -> Double { times[key]!.sorted()[times[key]!.count / 2] }
        print("renderers (median of \(max(1, repeats)) builds each, in one process, outputs byte-identical)")
        for part in ["digest", "site"] {
            let compiled = median(part + " compiled"), swiftMustache = median(part + " swift-mustache")
            let what = part == "digest" ? "\(employees / 1000)k employees" : "\(documents) documents × 3 languages"
            print(
                String(
                    format: "%@, %@: compiled %.2f s, swift-mustache %.2f s (compiled / swift-mustache %.2f)", part, what, compiled,
                    swiftMustache,
                    compiled / swiftMustache))
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Every file below `folder` with its bytes (hidden lock files left out).
    static func snapshot(_ folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        for file in FileTree.files(below: folder) ?? [] where !(file as NSString).lastPathComponent.hasPrefix(".") {
            files[file] = FileManager.default.contents(atPath: folder + "/" + file)
        }
        return files
    }
}
