import Foundation
import GazetteCore

/// `gazette site`: policy documents → a static site, as a list of named steps.
///
/// load settings → load templates and words → load documents → render Markdown → lay out pages →
/// write into a folder next to the output → swap it into place. Input problems from any step are
/// collected and thrown before anything is written; the published site is then left as it was.
public enum SiteBuilder {
    public struct Options: Sendable {
        public var content: String
        public var templates: String
        public var output: String
        /// Pinned "today"; nil takes the system clock in site.time_zone.
        public var today: CivilDate?
        /// The PDF cache; nil: `.cache/pdf` in the output's parent folder (`Output/.cache/pdf`).
        public var pdfCache: String?
        /// Renders in place of the compiled renderer, given the loaded templates: tests only (they build
        /// with the swift-mustache reference to compare the two).
        public var substituteRenderer: (@Sendable (TemplateSet) throws -> any TemplateRenderer)?

        public init(
            content: String = "Content", templates: String = "Templates", output: String = "Output/site", today: CivilDate? = nil,
            pdfCache: String? = nil
        ) {
            self.content = content
            self.templates = templates
            self.output = output
            self.today = today
            self.pdfCache = pdfCache
        }

        /// Where the PDF cache is.
        public var pdfCacheDirectory: String {
            if let pdfCache { return pdfCache }
            let trimmed = output.hasSuffix("/") ? String(output.dropLast()) : output
            let parent = (trimmed as NSString).deletingLastPathComponent
            return (parent.isEmpty ? "" : parent + "/") + ".cache/pdf"
        }
    }

    /// What a build did, for the one-line summary.
    public struct Report: Sendable, Equatable {
        public var pages: Int
        public var documents: Int
        public var languages: Int
        /// Documents with no version in force yet, per language (`privacy/fr`): their current page
        /// announces the first version.
        public var notYetInForce: [String]
        public var today: CivilDate
        public var output: String
        /// PDFs in the site, and how many of them had to be rendered (the others came from the cache).
        public var pdfs = 0
        public var pdfsRendered = 0
        /// `warning: …` and `note: …` lines: notice periods, translations that lag.
        public var warnings: [String] = []
    }

    /// Templates every site build needs.
    public static let requiredTemplates = ["site/layout", "site/document", "site/index", "site/toc", "site/changes", "site/pdf"]

    public static func build(_ options: Options, progress: ProgressBar = .silent) throws -> Report {
        var timer = StepTimer("site")
        // Steps: load settings, templates, words and documents; render Markdown.
        let inputs = try SiteInputs.load(
            content: options.content, templates: options.templates, substituteRenderer: options.substituteRenderer, progress: progress,
            timer: &timer)
        let (settings, templates, locales, library, rendered) = (
            inputs.settings, inputs.templates, inputs.locales, inputs.library, inputs.rendered
        )
        let today = options.today ?? Today.date(in: TimeZone(identifier: settings.timeZone)!)

        // Step: lock the output, one build at a time (two would race for the swap), and remove what an
        // interrupted build left next to it: with the lock held, that belongs to no live build.
        let lock = try lockOutput(options.output)
        defer { lock.release() }
        try AtomicOutput.removeLeftovers(of: options.output)

        // Step: PDFs (from the cache where their source has not changed), before anything is written.
        let layout = SiteLayout(settings: settings, templates: templates, locales: locales, library: library, today: today)
        var pdf = PDFStep.Outcome(files: [:], rendered: 0, reused: 0)
        if SitePageKind.pdf.isPublished(with: settings) {
            let jobs = try layout.pdfJobs(rendered: rendered)
            let step = PDFStep(
                cacheDirectory: options.pdfCacheDirectory, assetsDirectory: options.templates + "/assets",
                renderer: try PDFStep.findRenderer())
            pdf = try step.run(jobs, progress: progress)
        }
        timer.lap("PDFs")

        // Pagefind is looked for before anything is written: missing, the published site stays as it was.
        let pagefind = SitePageKind.searchIndex.isPublished(with: settings) ? try SearchIndex.findPagefind() : nil
        // Step: lay out the pages, each written into a folder next to the output as soon as it is made
        // (no temporary names needed: the folder is swapped in whole, and removed if any page fails).
        var pages: [SitePage] = []
        try AtomicOutput.replaceDirectory(options.output) { staging in
            pages = try layout.pages(rendered: rendered, writingTo: staging)
            for (path, file) in pdf.files.sorted(by: { $0.key < $1.key }) {
                pages.append(SitePage(path: path, bytes: [], linkedFile: file))
            }
            let files = pages.filter { !$0.isWritten }
            _ = try Parallel.map(files.count) { index in try files[index].write(into: staging) }
            timer.lap("lay out and write pages")
            // Step: the search index, over the finished pages, before the folder is swapped in.
            if let pagefind {
                try SearchIndex.build(site: staging, pagefind: pagefind)
                timer.lap("search index")
            }
        }
        let published = Set(pages.compactMap { page in page.documentKey })
        var notYet: [String] = []
        for slug in library.slugs {
            for language in settings.languages where !library.versions(of: slug, in: language).isEmpty {
                if library.current(slug, in: language, on: today) == nil { notYet.append("\(slug)/\(language)") }
            }
        }
        var report = Report(
            pages: pages.filter { $0.path.hasSuffix(".html") }.count, documents: Set(published.map { $0.split(separator: "/")[0] }).count,
            languages: settings.languages.count, notYetInForce: notYet, today: today, output: options.output)
        report.pdfs = pdf.files.count
        report.pdfsRendered = pdf.rendered
        let dateWarnings = VersionDateCheck.warnings(library, languages: settings.languages, today: today)
        report.warnings =
            (inputs.warnings + dateWarnings).sorted().map { "warning: \($0)" }
            + NoticeCheck.warnings(library, settings: settings, today: today)
        return report
    }

    /// The lock of a site output folder, `.<name>.lock` next to it (`Output/.site.lock`); a failure
    /// (exit 1) when another build holds it.
    static func lockOutput(_ output: String) throws(RunFailure) -> FileLock {
        let target = output.hasSuffix("/") ? String(output.dropLast()) : output
        let parent = (target as NSString).deletingLastPathComponent
        if !parent.isEmpty { try AtomicOutput.makeDirectory(parent) }
        let path = (parent.isEmpty ? "" : parent + "/") + "." + (target as NSString).lastPathComponent + ".lock"
        guard let lock = try FileLock.take(path, .exclusive, wait: false) else {
            throw RunFailure("another gazette site is building \(target) (lock \(path)): let it finish, or stop it, then run again")
        }
        return lock
    }
}
