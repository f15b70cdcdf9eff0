import Foundation
import GazetteCore

/// Step "PDF": the storable copy of every version, rendered by WeasyPrint from the version's print
/// HTML (`SiteLayout.printPage`) with the site's stylesheets, through a content-addressed cache.
///
/// A PDF is keyed on the SHA-256 of the renderer's version, the print HTML and every file in
/// `Templates/assets/`; it is rendered only when no PDF with its key is in the cache
/// (`<output's parent>/.cache/pdf/`, outside the site folder, so it survives the folder swap).
/// WeasyPrint writes no dates, and with `PYTHONHASHSEED=0` its font subsets come out the same on
/// every run: the same key gives the same bytes.
struct PDFStep {
    /// A version's PDF: where it goes in the site, and what it is made from.
    struct Job {
        var sitePath: String
        var html: String
        /// `privacy/nl 2026-02-01`, for messages.
        var label: String
    }

    /// What the step did.
    struct Outcome: Equatable {
        /// Site path → cached PDF, for every job.
        var files: [String: String]
        var rendered: Int
        var reused: Int
    }

    let cacheDirectory: String
    let assetsDirectory: String
    let renderer: String

    /// The renderer on PATH (`weasyprint`), or a failure that says how to get it or turn PDFs off.
    static func findRenderer(searchPath: String? = nil) throws(RunFailure) -> String {
        let path = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/weasyprint"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw RunFailure("weasyprint is not installed, and PDFs are on: run `make deps`, or set `pdf: false` under site: in gazette.yml")
    }

    /// Renders what the cache lacks. `prune`: remove the cached PDFs these jobs do not use (the site
    /// build, which makes every PDF; an announcement asks for a few and leaves the others alone).
    func run(_ jobs: [Job], progress: ProgressBar, prune: Bool = true) throws(RunFailure) -> Outcome {
        try AtomicOutput.makeDirectory(cacheDirectory)
        // Builds of two outputs in one folder share the cache: one at a time (the other waits). With
        // the lock held, work folders and temporary files in the cache are an interrupted build's.
        guard let lock = try FileLock.take(cacheDirectory + "/.lock", .exclusive, wait: true) else {
            throw RunFailure("cannot lock the PDF cache \(cacheDirectory)")
        }
        defer { lock.release() }
        try removeLeftovers()
        let version = try rendererVersion()
        var assets = ContentHash()
        for relative in FileTree.files(below: assetsDirectory) ?? [] {
            assets.update(relative)
            assets.update(FileManager.default.contents(atPath: assetsDirectory + "/" + relative).map { [UInt8]($0) } ?? [])
        }
        let assetsKey = assets.finish()
        var files: [String: String] = [:]
        var missing: [(job: Job, key: String)] = []
        for job in jobs {
            let key = ContentHash.hex(version + "\u{0}" + assetsKey + "\u{0}" + job.html)
            files[job.sitePath] = cacheDirectory + "/" + key + ".pdf"
            if !FileManager.default.fileExists(atPath: cacheDirectory + "/" + key + ".pdf"), !missing.contains(where: { $0.key == key }) {
                missing.append((job, key))
            }
        }
        if !missing.isEmpty { try render(missing, progress: progress) }
        if prune { self.prune(keeping: Set(files.values)) }
        return Outcome(files: files, rendered: missing.count, reused: jobs.count - missing.count)
    }

    /// Removes what an interrupted build left in the cache: its work folder (`work-<pid>`: a WeasyPrint
    /// it started may still be writing there; its output then goes nowhere) and temporary files.
    private func removeLeftovers() throws(RunFailure) {
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: cacheDirectory)) ?? []).sorted() where name.hasPrefix("work-") {
            try AtomicOutput.remove(cacheDirectory + "/" + name)
        }
        try AtomicOutput.removeLeftovers(in: cacheDirectory)
    }

    /// Renders the missing PDFs, as many at a time as `Parallel.map` runs pieces of work.
    private func render(_ missing: [(job: Job, key: String)], progress: ProgressBar) throws(RunFailure) {
        let work = cacheDirectory + "/work-\(getpid())"
        try? FileManager.default.removeItem(atPath: work)
        try AtomicOutput.makeDirectory(work + "/assets")
        defer { try? FileManager.default.removeItem(atPath: work) }
        for relative in FileTree.files(below: assetsDirectory) ?? [] {
            try AtomicOutput.makeDirectory(((work + "/assets/" + relative) as NSString).deletingLastPathComponent)
            try AtomicOutput.linkOrCopy(assetsDirectory + "/" + relative, to: work + "/assets/" + relative)
        }
        progress.start("pdf", total: missing.count)
        // As many at a time as `Parallel` runs (the cores, or GAZETTE_JOBS); the renderer is a separate
        // process. Every PDF is tried; the first failure in job order is reported.
        let failures = Parallel.map(missing.count) { index -> String? in
            let (job, key) = missing[index]
            defer { progress.advance() }
            do throws(RunFailure) {
                try renderOne(job, key: key, work: work)
                return nil
            } catch {
                return error.message
            }
        }
        progress.finish()
        if let first = failures.lazy.compactMap({ $0 }).first { throw RunFailure(first) }
    }

    private func renderOne(_ job: Job, key: String, work: String) throws(RunFailure) {
        let html = work + "/\(key).html"
        // Written in the work folder, then moved into the cache whole: a killed build's WeasyPrint
        // writes only into a folder that the next build removes.
        let temporary = work + "/\(key).pdf"
        try AtomicOutput.write(job.html, to: html)
        let result = try Self.run(renderer, ["-q", "--base-url", work + "/", html, temporary])
        guard result.status == 0, let data = FileManager.default.contents(atPath: temporary), data.starts(with: Array("%PDF-".utf8)) else {
            unlink(temporary)
            throw RunFailure("weasyprint could not make the PDF of \(job.label) (exit \(result.status)): \(result.error.suffix(400))")
        }
        guard rename(temporary, cacheDirectory + "/\(key).pdf") == 0 else {
            unlink(temporary)
            throw RunFailure("cannot move the PDF of \(job.label) into \(cacheDirectory)")
        }
    }

    /// `WeasyPrint version 57.2`, remembered in the cache next to the executable's identity (inode,
    /// size, modification time): asking WeasyPrint costs most of a second, and an upgrade replaces the file.
    private func rendererVersion() throws(RunFailure) -> String {
        let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: renderer)) ?? renderer
        var info = stat()
        let identity = stat(resolved, &info) == 0 ? "\(resolved) \(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec)" : resolved
        let record = cacheDirectory + "/renderer.txt"
        if let text = try? String(contentsOfFile: record, encoding: .utf8) {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count >= 2, lines[0] == identity { return String(lines[1]) }
        }
        let result = try Self.run(renderer, ["--version"])
        let version = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, !version.isEmpty else {
            throw RunFailure("\(renderer) --version failed (exit \(result.status)): \(result.error.suffix(400))")
        }
        try AtomicOutput.write(identity + "\n" + version + "\n", to: record)
        return version
    }

    /// Removes cached PDFs this build did not use, so the cache holds one site's PDFs.
    private func prune(keeping used: Set<String>) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: cacheDirectory)) ?? [] where name.hasSuffix(".pdf") {
            let path = cacheDirectory + "/" + name
            if !used.contains(path) { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    /// Runs the renderer with a fixed hash seed (reproducible font subsets) and no input.
    static func run(_ executable: String, _ arguments: [String]) throws(RunFailure) -> (status: Int32, output: String, error: String) {
        let result = try ChildProcess.run(executable, arguments, environment: ["PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "0"])
        return (result.status, result.output, result.error)
    }
}
