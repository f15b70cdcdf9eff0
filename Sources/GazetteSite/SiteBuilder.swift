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

        public init(content: String = "Content", templates: String = "Templates", output: String = "Output/site", today: CivilDate? = nil) {
            self.content = content
            self.templates = templates
            self.output = output
            self.today = today
        }
    }

    /// What a build did, for the one-line summary.
    public struct Report: Sendable, Equatable {
        public var pages: Int
        public var documents: Int
        public var languages: Int
        /// Documents with no version in force yet, per language (`privacy/fr`).
        public var notYetInForce: [String]
        public var today: CivilDate
        public var output: String
    }

    /// Templates every site build needs.
    public static let requiredTemplates = ["site/layout", "site/document", "site/index", "site/toc"]

    public static func build(_ options: Options, progress: ProgressBar = .silent) throws -> Report {
        // Step: load settings, templates and words.
        let settingsFile = try SettingsFile.load(options.content + "/gazette.yml")
        let settings = try SiteSettings(from: settingsFile)
        var problems = ProblemList()
        let templates = problems.collect { () throws(InputError) in
            try TemplateSet.load(from: options.templates, required: requiredTemplates)
        }
        let locales = problems.collect { () throws(InputError) in
            try LocaleCatalog.load(from: options.templates + "/locales", languages: settings.languages)
        }
        // Step: load documents.
        let library = PolicyLibrary(
            PolicyLoader.load(from: options.content + "/policies", languages: settings.languages, problems: &problems))
        let today = options.today ?? Today.date(in: TimeZone(identifier: settings.timeZone)!)

        // Step: render Markdown (every version is checked, the published ones are kept).
        var rendered: [String: RenderedPolicy] = [:]
        if let locales {
            progress.start("render", total: library.versions.count)
            for version in library.versions {
                if let policy = problems.collect({ () throws(InputError) in
                    try RenderedPolicy.render(version, words: locales[version.language])
                }) {
                    rendered[version.path] = policy
                }
                progress.advance()
            }
            progress.finish()
        }
        try problems.check()

        // Step: lay out pages.
        let layout = SiteLayout(settings: settings, templates: templates!, locales: locales!, library: library, today: today)
        let pages = try layout.pages(rendered: rendered)

        // Step: write, then swap into place.
        try AtomicOutput.replaceDirectory(options.output) { staging in
            for page in pages {
                let path = staging + "/" + page.path
                try AtomicOutput.makeDirectory((path as NSString).deletingLastPathComponent)
                try AtomicOutput.write(page.bytes, to: path)
            }
        }
        let published = Set(pages.compactMap { page in page.documentKey })
        var notYet: [String] = []
        for slug in library.slugs {
            for language in settings.languages where !library.versions(of: slug, in: language).isEmpty {
                if !published.contains("\(slug)/\(language)") { notYet.append("\(slug)/\(language)") }
            }
        }
        return Report(pages: pages.filter { $0.path.hasSuffix(".html") }.count, documents: Set(published.map { $0.split(separator: "/")[0] }).count,
            languages: settings.languages.count, notYetInForce: notYet, today: today, output: options.output)
    }
}
