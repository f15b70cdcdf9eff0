import Foundation
import GazetteCore
import GazetteHTML
import GazetteMarkdown

/// A file of the built site, relative to the output folder.
struct SitePage: Sendable {
    var path: String
    var bytes: [UInt8]
    /// `slug/lang` for a document's current page.
    var documentKey: String?
    /// A file to link (or copy) into place instead of `bytes`: a PDF from the cache.
    var linkedFile: String?

    /// Already written into the staging folder (its bytes are not kept).
    var isWritten: Bool

    init(path: String, bytes: [UInt8], documentKey: String? = nil, linkedFile: String? = nil, isWritten: Bool = false) {
        self.isWritten = isWritten
        self.path = path
        self.bytes = bytes
        self.documentKey = documentKey
        self.linkedFile = linkedFile
    }

    /// Writes the file into the staging folder `staging`, making its folder first (one that exists is
    /// fine, so pages can be written on every core in any order).
    func write(into staging: String) throws(RunFailure) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try AtomicOutput.makeDirectory(staging + "/" + folder) }
        if let linkedFile {
            try AtomicOutput.linkOrCopy(linkedFile, to: staging + "/" + path)
        } else {
            try AtomicOutput.writeStaged(bytes, to: staging + "/" + path)
        }
    }
}

/// Step "lay out": turns rendered policies into pages through the Mustache templates.
///
/// Per document and language: the current page (`<lang>/<slug>/`), a permanent page per version
/// (`<lang>/<slug>/<effective>/`), a changes page per version after the first
/// (`<lang>/<slug>/<effective>/changes/`); per language an index and an Atom feed; the root index,
/// sitemap.xml and robots.txt. Which files there are is `addresses(published:)`, by `SitePageKind`.
struct SiteLayout: Sendable {
    let settings: SiteSettings
    let templates: TemplateSet
    let locales: LocaleCatalog
    let library: PolicyLibrary
    let today: CivilDate

    /// One document in one language: all its versions, and the one in force (nil before the first
    /// takes effect: the current page then announces it).
    struct Published: Sendable {
        var slug: String
        var language: String
        /// Oldest first.
        var versions: [RenderedPolicy]
        var current: RenderedPolicy?
        var urlPath: String { "\(language)/\(slug)/" }
        /// What the current page and the indexes show: the version in force, else the first upcoming one.
        var shown: RenderedPolicy { current ?? versions[0] }
    }

    /// Every document in every language it has a version in, keyed `slug/lang`.
    func published(rendered: [String: RenderedPolicy]) -> [String: Published] {
        var published: [String: Published] = [:]
        for slug in library.slugs {
            for language in settings.languages {
                let versions = library.versions(of: slug, in: language).compactMap { rendered[$0.path] }
                guard !versions.isEmpty else { continue }
                let current = library.current(slug, in: language, on: today).flatMap { rendered[$0.path] }
                published["\(slug)/\(language)"] = Published(slug: slug, language: language, versions: versions, current: current)
            }
        }
        return published
    }

    /// Every address of the site but the sitemap, robots.txt and the assets, in the sitemap's order:
    /// the root, each language's index, then per language and document its current page and, per
    /// version, the version's page, its changes page and its PDF; then the feeds. The one list the
    /// page jobs, the sitemap and the PDF step read (`SitePageKind`).
    func addresses(published: [String: Published]) -> [SiteAddress] {
        var list: [SiteAddress] = []
        list.append(
            SiteAddress(kind: .root, file: "index.html", location: "") { () throws(InputError) in
                try indexPage(languages: settings.languages, depth: 0, published: published)
            })
        let languageAlternates = alternates(Dictionary(uniqueKeysWithValues: settings.languages.map { ($0, "\($0)/") }))
            .map { $0.hreflang == "x-default" ? Alternate(hreflang: "x-default", href: url("")) : $0 }
        for language in settings.languages {
            list.append(
                SiteAddress(kind: .languageIndex, file: "\(language)/index.html", location: "\(language)/", alternates: languageAlternates)
                {
                    () throws(InputError) in try indexPage(languages: [language], depth: 1, published: published)
                })
        }
        let pagesInOrder = published.values.sorted {
            (settings.languages.firstIndex(of: $0.language)!, $0.slug) < (settings.languages.firstIndex(of: $1.language)!, $1.slug)
        }
        let hasPDFs = SitePageKind.pdf.isPublished(with: settings)
        for page in pagesInOrder {
            list.append(
                SiteAddress(
                    kind: .current, file: page.urlPath + "index.html", location: page.urlPath, documentKey: "\(page.slug)/\(page.language)",
                    lastmod: page.shown.version.effective, alternates: alternates(currentPaths(page.slug, published: published))
                ) { () throws(InputError) in try currentPage(page, published: published) })
            for (index, policy) in page.versions.enumerated() {
                let version = policy.version
                list.append(
                    SiteAddress(
                        kind: .version, file: Self.versionPath(version) + "index.html", location: Self.versionPath(version),
                        lastmod: version.effective,
                        alternates: alternates(translationPaths(of: version, published: published, Self.versionPath))
                    ) { () throws(InputError) in try versionPage(policy, of: page, published: published) })
                if index > 0 {
                    let previous = page.versions[index - 1]
                    list.append(
                        SiteAddress(
                            kind: .changes, file: Self.changesPath(version) + "index.html", location: Self.changesPath(version),
                            lastmod: version.effective,
                            alternates: alternates(translationPaths(of: version, published: published, Self.changesPath))
                        ) { () throws(InputError) in try changesPage(from: previous, to: policy, published: published) })
                }
                if hasPDFs {
                    list.append(
                        SiteAddress(
                            kind: .pdf, file: Self.pdfPath(version), location: Self.pdfPath(version), version: (policy, page), make: nil))
                }
            }
        }
        for language in settings.languages {
            list.append(
                SiteAddress(kind: .feed, file: "\(language)/feed.xml", location: "\(language)/feed.xml") { () throws(InputError) in
                    Array(try feed(language: language, published: published).utf8)
                })
        }
        return list
    }

    /// Every page of the site. With `staging`, each page is written there as soon as it is made (in
    /// its folder, made then) and comes back without its bytes, so that a large site is never held in
    /// memory whole.
    func pages(rendered: [String: RenderedPolicy], writingTo staging: String? = nil) throws -> [SitePage] {
        let published = published(rendered: rendered)
        let addresses = addresses(published: published)
        // Every page the layout makes is a job; the jobs run on every core and their pages keep the jobs' order.
        let jobs = addresses.filter { $0.kind.isMadeByLayout && $0.make != nil }
        let results = try Parallel.map(jobs.count) { index -> Result<SitePage, InputError> in
            let job = jobs[index]
            let bytes: [UInt8]
            do throws(InputError) {
                let made = try job.make!()
                bytes = settings.fileLinks && job.file.hasSuffix(".html") ? FileLinks.rewrite(made) : made
            } catch {
                return .failure(error)
            }
            let page = SitePage(path: job.file, bytes: bytes, documentKey: job.documentKey)
            guard let staging else { return .success(page) }
            // Each page makes its own folder (on every core: on a slow disk, making thousands of
            // folders one after the other costs more than the pages).
            try page.write(into: staging)
            return .success(SitePage(path: job.file, bytes: [], documentKey: job.documentKey, isWritten: true))
        }
        var problems = ProblemList()
        var pages: [SitePage] = []
        for result in results {
            switch result {
            case .success(let page): pages.append(page)
            case .failure(let error): problems.add(contentsOf: error.problems)
            }
        }
        try problems.check()
        pages.append(SitePage(path: "sitemap.xml", bytes: Array(sitemap(addresses).utf8)))
        pages.append(SitePage(path: "robots.txt", bytes: Array("User-agent: *\nAllow: /\nSitemap: \(settings.baseURL)/sitemap.xml\n".utf8)))
        pages.append(contentsOf: try assets())
        return pages.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// The PDF of every version (the addresses of kind `.pdf`): its place in the site and the HTML it is made from.
    func pdfJobs(rendered: [String: RenderedPolicy]) throws(InputError) -> [PDFStep.Job] {
        var jobs: [PDFStep.Job] = []
        for address in addresses(published: published(rendered: rendered)) where address.kind == .pdf {
            guard let source = address.version else { continue }
            let version = source.policy.version
            jobs.append(
                PDFStep.Job(
                    sitePath: address.file, html: try printPage(source.policy, of: source.page),
                    label: "\(version.slug)/\(version.language) \(version.effective)"))
        }
        return jobs
    }

    // MARK: - Addresses

    /// `nl/privacy/2026-02-01/`: the permanent page of a version.
    static func versionPath(_ version: PolicyVersion) -> String { "\(version.language)/\(version.slug)/\(version.effective)/" }

    /// `nl/privacy/2026-02-01/changes/`: what changed in a version since the one before.
    static func changesPath(_ version: PolicyVersion) -> String { versionPath(version) + "changes/" }

    /// `nl/privacy/2026-02-01/privacy-2026-02-01-nl.pdf`: the storable copy, named so that a saved file says what it is.
    static func pdfPath(_ version: PolicyVersion) -> String {
        versionPath(version) + "\(version.slug)-\(version.effective)-\(version.language).pdf"
    }

    func url(_ path: String) -> String { settings.baseURL + "/" + path }

    // MARK: - Index pages

    /// The root index (every language, depth 0) or a language's index (depth 1).
    func indexPage(languages: [String], depth: Int, published: [String: Published]) throws(InputError) -> [UInt8] {
        let root = String(repeating: "../", count: depth)
        // The root index is in the prevailing language, whose documents come first; every other
        // language is one click away (its own index) and its documents are listed below.
        let language = languages.count == 1 ? languages[0] : settings.prevailingLanguage
        let words = locales[language]
        var sections: [TemplateValue] = []
        for code in languages.count == 1 ? languages : [language] + languages.filter({ $0 != language }) {
            let sectionWords = locales[code]
            var documents: [TemplateValue] = []
            let pagesOfLanguage = published.values.filter { $0.language == code }
                .sorted { ($0.shown.version.title, $0.slug) < ($1.shown.version.title, $1.slug) }
            for page in pagesOfLanguage {
                let version = page.shown.version
                let date = try sectionWords.longDate(version.effective)
                documents.append([
                    "title": .string(version.title),
                    "href": .string(root + page.urlPath),
                    "effective_iso": .string(version.effective.description),
                    "effective_text": .string(
                        page.current == nil
                            ? try sectionWords.format("site.notice_upcoming", ["date": date])
                            : try sectionWords.format("site.effective_from", ["date": date])),
                ])
            }
            sections.append([
                "code": .string(code),
                "name": .string(try sectionWords.text("language_name")),
                "heading": .string(try sectionWords.text("site.documents")),
                "documents": .list(documents),
                "has_documents": .bool(!documents.isEmpty),
                "none_yet": .string(try sectionWords.text("site.no_documents")),
                "feed_href": .string(root + "\(code)/feed.xml"),
                "feed_text": .string(try sectionWords.text("site.feed")),
            ])
        }
        let otherLanguages: [TemplateValue] =
            depth == 0
            ? settings.languages.filter { $0 != language }.map { code in
                [
                    "code": .string(code), "name": .string((try? locales[code].text("language_name")) ?? code),
                    "href": .string(root + "\(code)/"),
                ]
            } : []
        let content = try templates.renderBytes(
            "site/index",
            [
                "title": .string(settings.title(in: language)), "languages": .list(sections), "is_root": .bool(depth == 0),
                "t": words.templateValue, "other_languages": .list(otherLanguages), "has_other_languages": .bool(!otherLanguages.isEmpty),
            ])
        var alternates: [Alternate] = []
        if depth == 1 {
            alternates = settings.languages.map { Alternate(hreflang: $0, href: url("\($0)/")) }
            alternates.append(Alternate(hreflang: "x-default", href: url("")))
        }
        let switchLinks = settings.languages.map { code in
            languageLink(code, href: root + "\(code)/", current: depth == 1 && code == language)
        }
        return try layout(
            language: language, title: settings.title(in: language), description: settings.title(in: language),
            canonical: url(depth == 0 ? "" : "\(language)/"), alternates: alternates, root: root,
            homeHref: "./", languageSwitch: switchLinks, footer: .index, content: content)
    }

    // MARK: - Shell

    func layout(
        language: String, title: String, description: String, canonical: String, alternates: [Alternate], root: String,
        homeHref: String, languageSwitch: [TemplateValue], footer: Footer, content: [UInt8]
    ) throws(InputError) -> [UInt8] {
        var values: [String: TemplateValue] = [
            "lang": .string(language),
            "page_title": .string(title),
            "description": .string(description),
            "site_title": .string(settings.title(in: language)),
            "canonical": .string(canonical),
            "alternates": .list(alternates.map(\.templateValue)),
            "root": .string(root),
            "home_href": .string(homeHref),
            "language_switch": .list(languageSwitch),
            "feed_href": .string(root + "\(language)/feed.xml"),
            "feed_title": .string(try feedTitle(language)),
            "content": .bytes(content),
            "has_search": .bool(SitePageKind.searchIndex.isPublished(with: settings)),
            "t": locales[language].templateValue,
        ]
        values.merge(try footerValues(footer, language: language, root: root)) { _, footer in footer }
        return try templates.renderBytes("site/layout", TemplateValue(values))
    }

    func feedTitle(_ language: String) throws(InputError) -> String {
        try locales[language].format("site.feed_title", ["site": settings.title(in: language)])
    }

    func languageLink(_ language: String, href: String, current: Bool) -> TemplateValue {
        [
            "code": .string(language), "name": .string((try? locales[language].text("language_name")) ?? language), "href": .string(href),
            "current": .bool(current),
        ]
    }

    /// The name of `language` in the words of `words` ("Dutch" in English), else its own name.
    func languageName(_ language: String, in words: LocaleWords) -> String {
        (try? words.text("site.language_names.\(language)")) ?? (try? locales[language].text("language_name")) ?? language
    }

    /// hreflang alternates: one per language in `pathByLanguage` (absolute), and x-default on the
    /// prevailing language (else the first). None when there is only one language.
    func alternates(_ pathByLanguage: [String: String]) -> [Alternate] {
        guard pathByLanguage.count > 1 else { return [] }
        var links: [Alternate] = settings.languages.compactMap { language in
            pathByLanguage[language].map { Alternate(hreflang: language, href: url($0)) }
        }
        let fallback =
            pathByLanguage[settings.prevailingLanguage] != nil
            ? settings.prevailingLanguage : settings.languages.first { pathByLanguage[$0] != nil }
        if let fallback, let path = pathByLanguage[fallback] {
            links.append(Alternate(hreflang: "x-default", href: url(path)))
        }
        return links
    }

    /// Current pages of `slug` per language.
    func currentPaths(_ slug: String, published: [String: Published]) -> [String: String] {
        var paths: [String: String] = [:]
        for language in settings.languages where published["\(slug)/\(language)"] != nil { paths[language] = "\(language)/\(slug)/" }
        return paths
    }

    /// A page's translations: the same page in the other languages (`paths`, relative to the root).
    func translationLinks(_ paths: [String: String], except language: String, root: String) -> [TemplateValue] {
        settings.languages.compactMap { other in
            guard other != language, let path = paths[other] else { return nil }
            return languageLink(other, href: root + path, current: false)
        }
    }

    /// The language switch: each language's version of the page, else that language's index.
    func languageSwitch(_ paths: [String: String], language: String, root: String) -> [TemplateValue] {
        settings.languages.map { code in
            languageLink(code, href: root + (paths[code] ?? "\(code)/"), current: code == language)
        }
    }

    // MARK: - Sitemap and assets

    /// sitemap.xml: every address whose kind the sitemap lists, in order, with hreflang alternates for
    /// translations (Google's sitemap form). `lastmod` is the effective date of what a page shows, left
    /// out for versions not yet in force.
    func sitemap(_ addresses: [SiteAddress]) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">

            """
        for address in addresses where address.kind.isInSitemap {
            xml += "  <url>\n    <loc>\(XMLText.escape(url(address.location)))</loc>\n"
            if let lastmod = address.lastmod, lastmod <= today { xml += "    <lastmod>\(lastmod)</lastmod>\n" }
            for link in address.alternates {
                xml += "    <xhtml:link rel=\"alternate\" hreflang=\"\(link.hreflang)\" href=\"\(XMLText.escape(link.href))\"/>\n"
            }
            xml += "  </url>\n"
        }
        xml += "</urlset>\n"
        return xml
    }

    /// The pages of `version`'s translations (same document, same effective date), by language, as
    /// `path` makes them; a changes page exists only where that language has an earlier version.
    func translationPaths(of version: PolicyVersion, published: [String: Published], _ path: (PolicyVersion) -> String) -> [String: String]
    {
        var paths: [String: String] = [:]
        let isChanges = path(version).hasSuffix("changes/")
        for language in settings.languages {
            guard let translation = library.version(version.slug, in: language, effective: version.effective),
                published["\(version.slug)/\(language)"] != nil
            else { continue }
            if isChanges, library.previous(of: translation) == nil { continue }
            paths[language] = path(translation)
        }
        return paths
    }

    /// Templates/assets/* copied to assets/ (stylesheets).
    func assets() throws -> [SitePage] {
        let directory = templates.directory + "/assets"
        guard let files = FileTree.files(below: directory) else { return [] }
        return try files.map { relative in
            guard let data = FileManager.default.contents(atPath: directory + "/" + relative) else {
                throw RunFailure("cannot read \(directory)/\(relative)")
            }
            return SitePage(path: "assets/" + relative, bytes: [UInt8](data))
        }
    }
}

/// An hreflang alternate of a page: in the layout's `<link rel="alternate">` and in the sitemap.
struct Alternate: Sendable, Equatable {
    var hreflang: String
    /// Absolute.
    var href: String

    var templateValue: TemplateValue { ["hreflang": .string(hreflang), "href": .string(href)] }
}

/// Escaping text for XML content and attribute values.
enum XMLText {
    static func escape(_ text: String) -> String {
        HTMLEscaping.escape(text)  // the same four entities: & < > "
    }
}
