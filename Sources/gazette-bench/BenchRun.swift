import ArgumentParser
import Foundation
import GazetteBench
import GazetteCore

/// `gazette-bench run` (`make bench`): every performance target of the project, measured on this
/// machine, in one table. Inputs are generated from a seed; nothing is timed inside the process being
/// measured: `/usr/bin/time -v` gives wall time and peak memory of each whole command.
struct BenchRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract:
            "Measure the digest batch, gazette send (beside smtp-source), the site build (beside Hugo and cmark-gfm) and the preview server."
    )

    @Option(help: "Folder for inputs and outputs (a new run folder each time).") var output = "Output/bench"
    @Option(help: "The release gazette binary.") var gazette = ".build/release/gazette"
    @Option(help: "Employees for the digest runs.") var employees: [Int] = [10_000, 100_000, 200_000]
    @Option(help: "Policy documents (each in 3 languages) for the site build.") var documents = 700
    @Option(help: "Runs of each digest size and each site build; the median is reported.") var repeats = 3
    @Option(help: "Seconds of load on the preview server.") var loadSeconds = 10
    @Flag(help: "Skip the side-by-side site builds with hugo and cmark-gfm.") var skipComparisons = false
    @Option(help: "Employees of the export whose week gazette send sends (about 77 in 100 get a message).") var sendEmployees = 130_000
    @Flag(help: "Skip gazette send beside smtp-source.") var skipSend = false

    /// A settings file with the digest section of a production batch.
    static func digestSettings(staticPreview: Bool) -> String {
        """
        # Written by gazette-bench: the digest settings of a production nightly batch.
        digest:
          from: "Bench HR <digest@bench.example>"
          unsubscribe_url: "https://ess.bench.example/digest/unsubscribe/{token}"
          unsubscribe_mailto: "unsubscribe@bench.example"
          static_preview: \(staticPreview)

        """
    }

    func run() throws {
        let run = output + "/run-" + String(Int(Date().timeIntervalSince1970))
        try AtomicOutput.makeDirectory(run)
        var table = BenchTable()
        let secret = String(repeating: "bench-secret-not-for-mail-", count: 2)

        // The digest batch at each size, as a production nightly batch runs it: an https unsubscribe
        // URL and no static preview (a page pair per email for reviewing a week on disk, on by default
        // for the sample). The first size runs once more with the preview, to show what it costs.
        // The run folder is also the digest's --content: it has no policies/ (the default, Content, is
        // the sample's, whose policy notices would need a site: section), so no week has notices.
        let productionConfig = run + "/gazette.yml"
        try AtomicOutput.write(Self.digestSettings(staticPreview: false), to: productionConfig)
        let previewConfig = run + "/gazette-with-preview.yml"
        try AtomicOutput.write(Self.digestSettings(staticPreview: true), to: previewConfig)
        // Then each size once more on tmpfs (/dev/shm), where no disk writes back: the cost of the
        // work itself, apart from the kernel's (a large batch writes gigabytes, more than the page
        // cache holds dirty before it throttles writers).
        struct DigestRun {
            var count: Int
            var config: String
            var label: String
            var folder: String
        }
        var seconds: [String: [Int: Double]] = [:]
        var runs = employees.map { DigestRun(count: $0, config: productionConfig, label: "", folder: run) }
        if let first = employees.first {
            runs.append(DigestRun(count: first, config: previewConfig, label: ", with static preview", folder: run))
        }
        let memory = "/dev/shm/gazette-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: memory) }
        if FileTree.isDirectory("/dev/shm") {
            runs += employees.map { DigestRun(count: $0, config: productionConfig, label: " (tmpfs)", folder: memory) }
        }
        for digest in runs {
            let data = run + "/export-\(digest.count)"
            if !FileManager.default.fileExists(atPath: data) {
                try ExportGenerator.write(employees: digest.count, seed: 2026, week: ISOWeek(iso: "2026-W53")!, to: data)
            }
            // Each size `repeats` times, each into a new folder: this machine's disk has minutes when
            // writing stalls, and one such minute should not be the figure. Folders on disk stay until
            // the run ends: removing gigabytes between measurements makes the disk (mounted with
            // `discard`) stall the next ones far more. On tmpfs they are removed at once.
            var results: [Measured.Result] = []
            for attempt in 0..<max(1, repeats) {
                let folder = digest.folder + "/mail-\(digest.count)" + (digest.config == previewConfig ? "-preview" : "") + "-\(attempt)"
                let result = try Measured.run(
                    gazette,
                    [
                        "digest", "--data", data, "--config", digest.config, "--content", run, "--week", "2026-W53", "--output",
                        folder + "/mail",
                    ],
                    // Unsigned, whatever the caller's environment (`make bench` sets GAZETTE_DKIM_KEYS for
                    // the preview): the targets are the batch's own work; docs/performance.md
                    // measures what signing adds.
                    environment: ["GAZETTE_SECRET": secret, "GAZETTE_DKIM_KEYS": ""])
                guard result.status == 0 else { throw RunFailure("gazette digest failed at \(digest.count) employees: \(result.error)") }
                if digest.folder == memory { try? FileManager.default.removeItem(atPath: folder) }
                results.append(result)
            }
            let result = Measured.median(results)
            let written = Measured.number(before: " written", in: result.output) ?? 0
            seconds[digest.label, default: [:]][digest.count] = result.seconds
            table.add(
                "digest, \(digest.count / 1000)k employees" + digest.label, wall: result.seconds, rss: result.peakKB,
                note: "\(written) emails, \(Int(Double(written) / result.seconds)) emails/s"
                    + (results.count > 1 ? ", median of \(results.count)" : ""))
        }
        for label in ["", " (tmpfs)"] {
            if let first = seconds[label]?[100_000], let second = seconds[label]?[200_000] {
                table.note(
                    "digest 200k / 100k time" + label + ": " + String(format: "%.2f", second / first)
                        + (label.isEmpty ? " (target ≤ 2.1)" : ""))
            }
        }

        // gazette send of a week of about 100,000 messages into smtp-sink, beside smtp-source.
        if !skipSend {
            let data = run + "/export-\(sendEmployees)"
            if !FileManager.default.fileExists(atPath: data) {
                try ExportGenerator.write(employees: sendEmployees, seed: 2026, week: ISOWeek(iso: "2026-W53")!, to: data)
            }
            let mail = run + "/send/mail"
            let digest = try ChildProcess.run(
                gazette,
                ["digest", "--data", data, "--config", productionConfig, "--content", run, "--week", "2026-W53", "--output", mail],
                environment: ["GAZETTE_SECRET": secret])
            guard digest.status == 0 else { throw RunFailure("gazette digest failed for the send measurement: \(digest.error)") }
            let figures = try SendLoad.measure(
                gazette: gazette, mail: mail, week: "2026-W53", connections: 4, repeats: repeats, folder: run)
            func rate(_ result: Measured.Result) -> Double { Double(figures.messages) / max(result.seconds, 0.001) }
            let size = "\(figures.averageSize / 1000).\(figures.averageSize % 1000 / 100) KB"
            table.add(
                "send, \(figures.messages / 1000)k messages into smtp-sink", wall: figures.gazette.seconds, rss: figures.gazette.peakKB,
                note: "\(Int(rate(figures.gazette))) msg/s, 4 connections, ledger on, \(size) each, median of \(repeats)")
            table.add(
                "smtp-source, the same sink", wall: figures.source.seconds, rss: figures.source.peakKB,
                note: "\(Int(rate(figures.source))) msg/s, -s 4 -l \(figures.averageSize), a new connection per message")
            table.add(
                "smtp-source -d, the same sink", wall: figures.sourceKeeping.seconds, rss: figures.sourceKeeping.peakKB,
                note: "\(Int(rate(figures.sourceKeeping))) msg/s, -s 4 -l \(figures.averageSize), connections kept")
            table.note(
                "send / smtp-source msg/s: " + String(format: "%.2f", rate(figures.gazette) / rate(figures.source)) + " (target ≥ 1)")
            table.note("send / smtp-source -d msg/s: " + String(format: "%.2f", rate(figures.gazette) / rate(figures.sourceKeeping)))
            table.note("send peak RSS: \(figures.gazette.peakKB / 1024) MB (target < 150 MB)")
        }

        // The site build, beside Hugo and the cmark-gfm CLI on the same corpus.
        let corpus = run + "/corpus"
        try PolicyCorpus.write(documents: documents, seed: 2026, to: corpus, pdf: false)
        // Gazette and Hugo take turns (gazette, hugo, gazette, hugo, …) so that both meet the file
        // system in the same state: on a virtual disk, creating thousands of folders costs a lot and
        // varies from minute to minute. Then the same pair on tmpfs (/dev/shm), where no disk is
        // involved, for the cost of the work itself.
        let hugo = skipComparisons ? nil : TestTools.which("hugo")
        let project = try hugo.map { _ in try HugoProject.make(from: corpus, at: run + "/hugo") }
        var siteSeconds: Double = 0
        var places: [(label: String, folder: String)] = [("", run)]
        if FileTree.isDirectory("/dev/shm") { places.append((" (tmpfs)", memory)) }
        for (label, folder) in places {
            var siteRuns: [Measured.Result] = []
            var hugoRuns: [Measured.Result] = []
            for index in 0..<repeats {
                let result = try Measured.run(
                    gazette, ["site", "--content", corpus, "--output", folder + "/site-\(index)", "--today", "2026-11-22"])
                guard result.status == 0 else { throw RunFailure("gazette site failed: \(result.error)") }
                siteRuns.append(result)
                if let hugo, let project {
                    let result = try Measured.run(hugo, ["--quiet", "--source", project, "--destination", folder + "/hugo-out-\(index)"])
                    guard result.status == 0 else { throw RunFailure("hugo failed: \(result.error)") }
                    hugoRuns.append(result)
                }
            }
            if !label.isEmpty { try? FileManager.default.removeItem(atPath: folder) }
            let site = Measured.median(siteRuns)
            let pages = Measured.number(before: " pages", in: site.output) ?? 0
            table.add(
                "site, \(documents) documents × 3 languages" + label, wall: site.seconds, rss: site.peakKB,
                note: "\(pages) pages, median of \(repeats)")
            if label.isEmpty { siteSeconds = site.seconds }
            if !hugoRuns.isEmpty {
                let median = Measured.median(hugoRuns)
                table.add("hugo, the same corpus" + label, wall: median.seconds, rss: median.peakKB, note: "median of \(repeats)")
                table.note(
                    "site / hugo" + label + ": " + String(format: "%.2f", site.seconds / median.seconds)
                        + (label.isEmpty ? " (target ≤ 0.5)" : ""))
            }
        }
        if !skipComparisons {
            if hugo == nil { table.note("hugo not installed (make deps): no comparison") }
            if TestTools.which("cmark-gfm") != nil {
                // The CLI turns each document into HTML, one process a file, as a site needs one page each.
                let script =
                    "mkdir -p '\(run)/cmark-out' && for f in '\(corpus)'/policies/*/*.md; do "
                    + "cmark-gfm -e table -e strikethrough -e autolink -e tagfilter \"$f\" > '\(run)/cmark-out/'$(basename $(dirname \"$f\"))-$(basename \"$f\").html; done"
                let result = try Measured.run("/bin/sh", ["-c", script])
                table.add("cmark-gfm CLI, the same corpus", wall: result.seconds, rss: result.peakKB, note: "one process a file")
                table.note("site / cmark-gfm: " + String(format: "%.2f", siteSeconds / result.seconds) + " (target ≤ 3)")
            }
        }

        // The preview server: one email under load.
        if TestTools.which("wrk") != nil {
            do {
                let latency = try PreviewLoad.measure(gazette: gazette, secret: secret, seconds: loadSeconds, folder: run)
                table.add(
                    "preview, one email under load", wall: nil, rss: latency.peakKB,
                    note: "p50 \(latency.p50) ms, p99 \(latency.p99) ms (target p99 ≤ 20 ms), \(latency.requests) requests")
            } catch {
                table.note("preview load test failed: \(error)")
            }
        } else {
            table.note("wrk not installed (make deps): no preview load test")
        }

        // The site in the preview: an editor's save to the refreshed page.
        do {
            let figures = try SitePreviewEdit.measure(gazette: gazette, secret: secret, folder: run)
            table.add(SitePreviewEdit.label, wall: nil, rss: 0, note: SitePreviewEdit.note(figures))
        } catch {
            table.note("site preview edit test failed: \(error)")
        }

        let text = table.render()
        print(text)
        try AtomicOutput.write(text, to: run + "/results.txt")
        // Outputs are removed only now, after every measurement: deleting many files right before a
        // measurement slows the file system's next allocations (ext4 avoids reusing inodes freed
        // seconds ago). Earlier runs keep only their results.
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? [] where entry.hasPrefix("run-") {
            let folder = output + "/" + entry
            for item in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where item != "results.txt" {
                try? FileManager.default.removeItem(atPath: folder + "/" + item)
            }
        }
        print("results: \(run)/results.txt")
    }
}
