import Foundation
import GazetteCore

/// Step "search index": Pagefind (PyPI `pagefind[bin]`) indexes the finished pages in the staging
/// folder before it is swapped in, writing `pagefind/` next to them: one index per language (from
/// each page's `<html lang>`), searched in the browser by `assets/search.js`, with no search service.
///
/// Only current pages are indexed (they carry `data-pagefind-body`): a search finds the text in
/// force, not every old version of it.
enum SearchIndex {
    /// The folder below the site root that holds the index and Pagefind's scripts.
    static let folder = "pagefind"

    /// Pagefind's program: `pagefind` (or `pagefind_extended`) on PATH, else the binary that PyPI's
    /// `pagefind_bin` package ships, as its Python module says.
    static func findPagefind() throws(RunFailure) -> String {
        if let program = ChildProcess.find("pagefind", "pagefind_extended") { return program }
        if let python = ChildProcess.find("python3") {
            let script = "import pagefind_bin; print(pagefind_bin.get_executable())"
            if let result = try? ChildProcess.run(python, ["-c", script]), result.status == 0 {
                let path = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        throw RunFailure(
            "pagefind is not installed, and search is on: run `make deps` (it installs PyPI's pagefind[bin]), or set `search: false` under site: in gazette.yml"
        )
    }

    /// Indexes the site in `directory`.
    static func build(site directory: String, pagefind: String) throws(RunFailure) {
        // The bundle is written in a private temporary folder, then copied in: Pagefind is a child
        // process that outlives a killed build, and writing into the staging folder it would make that
        // folder again after the next build removed it as a leftover.
        // (A folder of its own per build: builds in one process, like the tests', may run at once.)
        let work = try ProcessScratch.folder("pagefind") + "/" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: work) }
        let bundle = work + "/" + folder
        let result = try ChildProcess.run(pagefind, ["--site", directory, "--output-path", bundle, "--silent"])
        guard result.status == 0, !result.stoppedBySignal else {
            let reason = (result.error + result.output).trimmingCharacters(in: .whitespacesAndNewlines)
            throw RunFailure("pagefind could not index the site (status \(result.status)): \(OneLine.escaped(reason))")
        }
        try sortEntry(bundle + "/pagefind-entry.json")
        // Pagefind's ready-made interfaces are not used (assets/search.js talks to pagefind.js): left
        // out, they cost nothing to publish and bring no foreign stylesheet into the site.
        for file in FileTree.files(below: bundle) ?? [] where isUnusedInterface(file) {
            try? FileManager.default.removeItem(atPath: bundle + "/" + file)
        }
        do {
            try FileManager.default.copyItem(atPath: bundle, toPath: directory + "/" + folder)
        } catch {
            throw RunFailure("cannot copy the search index into \(directory): \(error.localizedDescription)")
        }
    }

    /// `pagefind-ui.js`, `pagefind-component-ui.css`, `pagefind-highlight.js`…: everything but the
    /// search API (`pagefind.js`, its worker, the WebAssembly, the index and fragments, the entry file).
    static func isUnusedInterface(_ file: String) -> Bool {
        !file.contains("/") && file.hasPrefix("pagefind-") && (file.contains("ui.") || file == "pagefind-highlight.js")
    }

    /// Pagefind writes the languages of its entry file in hash-map order, which changes from run to
    /// run; every other file it writes is the same for the same pages. With the keys sorted (the
    /// browser reads it as JSON, in any order) the whole site is byte-identical across builds.
    static func sortEntry(_ path: String) throws(RunFailure) {
        guard let data = FileManager.default.contents(atPath: path),
            let entry = try? JSONSerialization.jsonObject(with: data),
            let sorted = try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes])
        else { throw RunFailure("pagefind wrote no readable \(path): is it Pagefind 1.x?") }
        try AtomicOutput.write([UInt8](sorted), to: path)
    }
}
