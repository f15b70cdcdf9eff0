import Foundation
import GazetteCore

/// The PDFs of a few versions, as the site publishes them: made from the same print page with the
/// same stylesheets, so they have the same cache key and bytes. Taken from the site's PDF cache, and
/// rendered into it when missing (an announcement may be written before the site is built).
public struct VersionPDFs: Sendable {
    let layout: SiteLayout
    let templatesDirectory: String

    /// Loads the site's templates and words (`templates`) for the PDFs of `library`'s versions.
    public init(settings: SiteSettings, library: PolicyLibrary, templates: String) throws(InputError) {
        var problems = ProblemList()
        let set = problems.collect { () throws(InputError) in try TemplateSet.load(from: templates, required: SiteBuilder.requiredTemplates)
        }
        let locales = problems.collect { () throws(InputError) in
            try LocaleCatalog.load(from: templates + "/locales", languages: settings.languages)
        }
        try problems.check()
        // The print page does not depend on the day of the build; any day will do.
        layout = SiteLayout(
            settings: settings, templates: set!, locales: locales!, library: library, today: CivilDate(year: 2000, month: 1, day: 1)!)
        templatesDirectory = templates
    }

    /// The PDF bytes of every version in `versions`, keyed by the version's `path`; `cache` is the
    /// site's PDF cache folder (`Output/.cache/pdf`). Nothing else in the cache is touched.
    public func pdfs(of versions: [PolicyVersion], cache: String, progress: ProgressBar = .silent) throws -> [String: [UInt8]] {
        guard !versions.isEmpty else { return [:] }
        var rendered: [String: RenderedPolicy] = [:]
        for version in versions {
            rendered[version.path] = try RenderedPolicy.render(version, words: layout.locales[version.language], forComparison: false)
        }
        let wanted = Dictionary(versions.map { (SiteLayout.pdfPath($0), $0.path) }, uniquingKeysWith: { first, _ in first })
        let jobs = try layout.pdfJobs(rendered: rendered).filter { wanted[$0.sitePath] != nil }
        let step = PDFStep(cacheDirectory: cache, assetsDirectory: templatesDirectory + "/assets", renderer: try PDFStep.findRenderer())
        let outcome = try step.run(jobs, progress: progress, prune: false)
        var result: [String: [UInt8]] = [:]
        for (sitePath, file) in outcome.files {
            guard let data = FileManager.default.contents(atPath: file) else { throw RunFailure("cannot read the PDF \(file)") }
            result[wanted[sitePath]!] = [UInt8](data)
        }
        return result
    }
}
