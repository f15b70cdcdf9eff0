import Foundation
import GazetteCore

/// The policy site made one page at a time, on request, from inputs loaded once: what `gazette
/// preview` serves under `/site/` while an editor works. The pages are those `gazette site` writes
/// (the same layout, links and words), without the search index (no Pagefind run per edit: the box
/// is left out) and without PDFs (their links are there; `gazette site` makes them).
public struct SitePages: Sendable {
    let inputs: SiteInputs
    let today: CivilDate

    /// A page and its media type.
    public struct Page: Sendable, Equatable {
        public var bytes: [UInt8]
        public var type: String
    }

    /// Loads `content` (gazette.yml and policies/) and `templates` as `gazette site` does, with every
    /// input problem thrown together (`InputError`; `RunFailure` for a folder that cannot be read).
    /// `reusing`: pages loaded before from the same templates and locale files, whose renderings of
    /// unchanged documents are kept (an edit renders only the file that changed).
    public static func load(content: String, templates: String, today: CivilDate?, reusing previous: SitePages? = nil) throws -> SitePages {
        var timer = StepTimer("preview site")
        var inputs = try SiteInputs.load(content: content, templates: templates, reusing: previous?.inputs.rendered ?? [:], timer: &timer)
        inputs.settings.search = false
        let day = today ?? Today.date(in: TimeZone(identifier: inputs.settings.timeZone) ?? TimeZone(identifier: "UTC")!)
        return SitePages(inputs: inputs, today: day)
    }

    /// `warning:` problems of the inputs (and of their dates), as `gazette site` prints them.
    public var warnings: [InputProblem] {
        (inputs.warnings + VersionDateCheck.warnings(inputs.library, languages: inputs.settings.languages, today: today)).sorted()
    }

    /// The page at `path` below the site's root (`nl/privacy/`, `nl/privacy/2026-02-01/changes/`,
    /// `assets/site.css`), or nil when the site has none there.
    public func page(at path: String) throws(InputError) -> Page? {
        let layout = SiteLayout(
            settings: inputs.settings, templates: inputs.templates, locales: inputs.locales, library: inputs.library, today: today)
        return try layout.page(at: path, rendered: inputs.rendered).map { Page(bytes: $0.bytes, type: $0.type) }
    }

    /// Every file the pages are made from, for watching: gazette.yml and everything below
    /// `policies/`; and apart, everything below the templates (a change there is one of the words and
    /// the layout, after which no rendering is reused).
    public static func watchList(content: String, templates: String) -> (content: [String], templates: [String]) {
        let folder = content.hasSuffix("/") ? String(content.dropLast()) : content
        return ([folder + "/gazette.yml"] + FileTree.watchPaths(below: folder + "/policies"), FileTree.watchPaths(below: templates))
    }
}
