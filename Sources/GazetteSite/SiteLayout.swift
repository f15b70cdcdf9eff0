import Foundation
import GazetteCore

/// A file of the built site, relative to the output folder.
struct SitePage {
    var path: String
    var bytes: [UInt8]
    /// `slug/lang` for a document page.
    var documentKey: String?
}

/// Step "lay out": turns rendered policies into pages through the Mustache templates.
struct SiteLayout {
    let settings: SiteSettings
    let templates: TemplateSet
    let locales: LocaleCatalog
    let library: PolicyLibrary
    let today: CivilDate

    /// A published document page: one document in one language, the version in force.
    struct Published {
        var slug: String
        var language: String
        var policy: RenderedPolicy
        var urlPath: String { "\(language)/\(slug)/" }
    }

    func pages(rendered: [String: RenderedPolicy]) throws -> [SitePage] {
        // What is published: per document and language, the version in force today.
        var published: [String: Published] = [:]
        for slug in library.slugs {
            for language in settings.languages {
                if let version = library.current(slug, in: language, on: today), let policy = rendered[version.path] {
                    published["\(slug)/\(language)"] = Published(slug: slug, language: language, policy: policy)
                }
            }
        }
        var problems = ProblemList()
        var pages: [SitePage] = []
        for key in published.keys.sorted() {
            let page = published[key]!
            if let html = problems.collect({ () throws(InputError) in try documentPage(page, published: published) }) {
                pages.append(SitePage(path: page.urlPath + "index.html", bytes: Array(html.utf8), documentKey: key))
            }
        }
        for language in settings.languages {
            if let html = problems.collect({ () throws(InputError) in try indexPage(languages: [language], depth: 1, published: published) }) {
                pages.append(SitePage(path: "\(language)/index.html", bytes: Array(html.utf8)))
            }
        }
        if let html = problems.collect({ () throws(InputError) in try indexPage(languages: settings.languages, depth: 0, published: published) }) {
            pages.append(SitePage(path: "index.html", bytes: Array(html.utf8)))
        }
        try problems.check()
        pages.append(SitePage(path: "sitemap.xml", bytes: Array(sitemap(published: published).utf8)))
        pages.append(SitePage(path: "robots.txt", bytes: Array("User-agent: *\nAllow: /\nSitemap: \(settings.baseURL)/sitemap.xml\n".utf8)))
        pages.append(contentsOf: try assets())
        return pages.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    // MARK: - Pages

    private func documentPage(_ page: Published, published: [String: Published]) throws(InputError) -> String {
        let words = locales[page.language]
        let version = page.policy.version
        let root = "../../"
        let translations = settings.languages.compactMap { language -> [String: Any]? in
            guard language != page.language, published["\(page.slug)/\(language)"] != nil else { return nil }
            return languageLink(language, href: root + "\(language)/\(page.slug)/", current: false)
        }
        let content = try templates.render(
            "site/document",
            [
                "lang": page.language,
                "title": version.title,
                "effective_iso": version.effective.description,
                "effective_text": try words.format("site.effective_from", ["date": try words.longDate(version.effective)]),
                "summary": version.summary,
                "has_summary": !version.summary.isEmpty,
                "toc": ["entries": page.policy.toc.map(\.templateValues)],
                "has_toc": !page.policy.toc.isEmpty,
                "body": page.policy.bodyHTML,
                "translations": translations,
                "has_translations": !translations.isEmpty,
                "t": words.templateValues,
            ])
        let alternates = alternateLinks(slug: page.slug, published: published)
        let switchLinks = settings.languages.map { language -> [String: Any] in
            let href = published["\(page.slug)/\(language)"] != nil ? root + "\(language)/\(page.slug)/" : root + "\(language)/"
            return languageLink(language, href: href, current: language == page.language)
        }
        return try layout(
            language: page.language, title: "\(version.title) – \(settings.title)", description: version.summary.isEmpty ? version.title : version.summary,
            canonical: url(page.urlPath), alternates: alternates, root: root, homeHref: root + "\(page.language)/",
            languageSwitch: switchLinks, content: content)
    }

    /// The root index (every language, depth 0) or a language's index (depth 1).
    private func indexPage(languages: [String], depth: Int, published: [String: Published]) throws(InputError) -> String {
        let root = String(repeating: "../", count: depth)
        let language = languages.count == 1 ? languages[0] : settings.languages[0]
        let words = locales[language]
        var sections: [[String: Any]] = []
        for code in languages {
            let sectionWords = locales[code]
            let documents = published.values.filter { $0.language == code }
                .sorted { ($0.policy.version.title, $0.slug) < ($1.policy.version.title, $1.slug) }
                .map { page -> [String: Any] in
                    [
                        "title": page.policy.version.title,
                        "href": root + page.urlPath,
                        "effective_iso": page.policy.version.effective.description,
                        "effective_text": (try? sectionWords.format(
                            "site.effective_from", ["date": (try? sectionWords.longDate(page.policy.version.effective)) ?? ""])) ?? "",
                    ]
                }
            sections.append([
                "code": code,
                "name": try sectionWords.text("language_name"),
                "heading": try sectionWords.text("site.documents"),
                "documents": documents,
                "has_documents": !documents.isEmpty,
                "none_yet": try sectionWords.text("site.no_documents"),
            ])
        }
        let content = try templates.render(
            "site/index",
            ["title": settings.title, "languages": sections, "is_root": depth == 0, "t": words.templateValues])
        var alternates: [[String: Any]] = []
        if depth == 1 {
            alternates = settings.languages.map { ["hreflang": $0, "href": url("\($0)/")] }
            alternates.append(["hreflang": "x-default", "href": url("")])
        }
        let switchLinks = settings.languages.map { code in
            languageLink(code, href: root + "\(code)/", current: depth == 1 && code == language)
        }
        return try layout(
            language: language, title: settings.title, description: settings.title,
            canonical: url(depth == 0 ? "" : "\(language)/"), alternates: alternates, root: root,
            homeHref: depth == 0 ? "./" : "./", languageSwitch: switchLinks, content: content)
    }

    private func layout(
        language: String, title: String, description: String, canonical: String, alternates: [[String: Any]], root: String,
        homeHref: String, languageSwitch: [[String: Any]], content: String
    ) throws(InputError) -> String {
        try templates.render(
            "site/layout",
            [
                "lang": language,
                "page_title": title,
                "description": description,
                "site_title": settings.title,
                "canonical": canonical,
                "alternates": alternates,
                "root": root,
                "home_href": homeHref,
                "language_switch": languageSwitch,
                "content": content,
                "t": locales[language].templateValues,
            ])
    }

    private func languageLink(_ language: String, href: String, current: Bool) -> [String: Any] {
        ["code": language, "name": (try? locales[language].text("language_name")) ?? language, "href": href, "current": current]
    }

    /// hreflang alternates for a document: each language it is published in, and x-default.
    private func alternateLinks(slug: String, published: [String: Published]) -> [[String: Any]] {
        var links: [[String: Any]] = settings.languages.compactMap { language in
            published["\(slug)/\(language)"] == nil ? nil : ["hreflang": language, "href": url("\(language)/\(slug)/")]
        }
        let fallback = published["\(slug)/\(settings.prevailingLanguage)"] != nil
            ? settings.prevailingLanguage : settings.languages.first { published["\(slug)/\($0)"] != nil }
        if let fallback, links.count > 1 {
            links.append(["hreflang": "x-default", "href": url("\(fallback)/\(slug)/")])
        }
        return links
    }

    private func url(_ path: String) -> String { settings.baseURL + "/" + path }

    // MARK: - Sitemap and assets

    /// sitemap.xml: every page, with hreflang alternates for translations (Google's sitemap form).
    func sitemap(published: [String: Published]) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">

            """
        func entry(_ path: String, lastmod: CivilDate?, alternates: [(String, String)]) {
            xml += "  <url>\n    <loc>\(xmlEscape(url(path)))</loc>\n"
            if let lastmod { xml += "    <lastmod>\(lastmod)</lastmod>\n" }
            for (language, href) in alternates {
                xml += "    <xhtml:link rel=\"alternate\" hreflang=\"\(language)\" href=\"\(xmlEscape(href))\"/>\n"
            }
            xml += "  </url>\n"
        }
        let languageAlternates = settings.languages.map { ($0, url("\($0)/")) } + [("x-default", url(""))]
        entry("", lastmod: nil, alternates: [])
        for language in settings.languages { entry("\(language)/", lastmod: nil, alternates: languageAlternates) }
        let pagesInOrder = published.values.sorted {
            (settings.languages.firstIndex(of: $0.language)!, $0.slug) < (settings.languages.firstIndex(of: $1.language)!, $1.slug)
        }
        for page in pagesInOrder {
            let alternates = alternateLinks(slug: page.slug, published: published).map { ($0["hreflang"] as! String, $0["href"] as! String) }
            entry(page.urlPath, lastmod: page.policy.version.effective, alternates: alternates.count > 1 ? alternates : [])
        }
        xml += "</urlset>\n"
        return xml
    }

    /// Templates/assets/* copied to assets/ (stylesheets).
    private func assets() throws -> [SitePage] {
        let directory = templates.directory + "/assets"
        guard let files = FileTree.files(below: directory) else { return [] }
        return try files.map { relative in
            guard let data = FileManager.default.contents(atPath: directory + "/" + relative) else {
                throw RunFailure("cannot read \(directory)/\(relative)")
            }
            return SitePage(path: "assets/" + relative, bytes: [UInt8](data))
        }
    }

    private func xmlEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
