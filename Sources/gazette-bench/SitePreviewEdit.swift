import ArgumentParser
import Foundation
import GazetteBench
import GazetteCore
import GazetteMail

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An editor's loop in `gazette preview`: a 30 KB document saved, to its page refreshed in the
/// browser. The page waits on `/generation/site` (a long poll); the clock runs from the save to the
/// new page received: the server noticing the change, loading and rendering again, and the page.
enum SitePreviewEdit {
    struct Figures {
        var median: Double
        var worst: Double
        var edits: Int
        var bytes: Int
    }

    static func measure(gazette: String, secret: String, folder: String, edits: Int = 30) throws -> Figures {
        // 20 documents in three languages (about 30 KB each) and the sample's export for the emails.
        let content = folder + "/site-preview/Content"
        try PolicyCorpus.write(documents: 20, seed: 2026, to: content)
        let settings = try String(contentsOfFile: content + "/gazette.yml", encoding: .utf8)
        try AtomicOutput.write(settings + BenchRun.digestSettings(staticPreview: false), to: content + "/gazette.yml")
        let document = content + "/policies/" + PolicyCorpus.generate(index: 0, language: "nl", seed: 2026).slug + "/2026-01-01.nl.md"
        let original = try String(contentsOfFile: document, encoding: .utf8)
        let port = 29_000 + Int(getpid() % 1000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: gazette)
        server.arguments = [
            "preview", "--port", String(port), "--week", "2026-W53", "--no-spamassassin", "--config", content + "/gazette.yml",
            "--data", "Content/data", "--templates", "Templates",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["GAZETTE_SECRET"] = secret
        environment["GAZETTE_DKIM_KEYS"] = ""
        server.environment = environment
        server.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        server.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        guard LoopbackPort.waitUntilAccepting(port, tries: 300, every: 0.1) else {
            throw RunFailure("gazette preview did not answer on port \(port)")
        }
        let base = "http://127.0.0.1:\(port)"
        let page = base + "/site/nl/" + PolicyCorpus.generate(index: 0, language: "nl", seed: 2026).slug + "/"
        // Warm: the first request loads and renders every document.
        guard try get(page).status == 200 else { throw RunFailure("the preview has no page \(page)") }
        var times: [Double] = []
        for edit in 0..<edits {
            let generation = try get(base + "/generation/site").body.trimmingCharacters(in: .whitespacesAndNewlines)
            // The page's long poll, waiting while the editor types.
            let answered = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var seen = ""
            Thread.detachNewThread {
                seen = (try? get(base + "/generation/site?seen=\(generation)").body) ?? ""
                answered.signal()
            }
            Thread.sleep(forTimeInterval: 0.1)
            let marker = "bewerking\(edit)"
            let start = DispatchTime.now()
            try AtomicOutput.write(original + "\n\(marker)\n", to: document)
            answered.wait()
            let refreshed = try get(page)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000
            guard seen.trimmingCharacters(in: .whitespacesAndNewlines) != generation, refreshed.body.contains(marker) else {
                throw RunFailure("edit \(edit): the refreshed page does not show the edit")
            }
            times.append(elapsed)
        }
        try AtomicOutput.write(original, to: document)
        let sorted = times.sorted()
        return Figures(median: sorted[sorted.count / 2], worst: sorted.last ?? 0, edits: edits, bytes: original.utf8.count)
    }

    /// A GET on loopback: status and body.
    static func get(_ url: String) throws -> (status: Int, body: String) {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Int, String)?
        nonisolated(unsafe) var failure: Error?
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 30
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                failure = error
            } else {
                result = ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data ?? Data(), as: UTF8.self))
            }
            done.signal()
        }.resume()
        done.wait()
        if let failure { throw RunFailure("GET \(url): \(failure)") }
        return result!
    }
}

/// `gazette-bench site-preview`: only the editor's loop of `make bench` (see `SitePreviewEdit`).
struct BenchSitePreview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site-preview", abstract: "Measure an edit of a 30 KB document to its refreshed page in gazette preview.")

    @Option(help: "Folder for inputs (a new run folder each time).") var output = "Output/bench"
    @Option(help: "The release gazette binary.") var gazette = ".build/release/gazette"
    @Option(help: "Edits measured; the median and the slowest are reported.") var edits = 30

    func run() throws {
        let run = output + "/site-preview-" + String(Int(Date().timeIntervalSince1970))
        try AtomicOutput.makeDirectory(run)
        defer { try? FileManager.default.removeItem(atPath: run) }
        let figures = try SitePreviewEdit.measure(
            gazette: gazette, secret: String(repeating: "bench-secret-not-for-mail-", count: 2), folder: run, edits: edits)
        var table = BenchTable()
        table.add(SitePreviewEdit.label, wall: nil, rss: 0, note: SitePreviewEdit.note(figures))
        print(table.render())
    }
}

extension SitePreviewEdit {
    static let label = "preview, a 30 KB document edited to its refreshed page"

    static func note(_ figures: Figures) -> String {
        String(
            format: "median %.1f ms, slowest %.1f ms (target < 100 ms), %d edits of %d bytes", figures.median, figures.worst, figures.edits,
            figures.bytes)
    }
}
