import GazetteCore

/// The pages that show a document's text: its current page and the permanent page of each version.
extension SiteLayout {
    /// `<lang>/<slug>/`: the version in force, with notices of upcoming versions and of a newer
    /// original, and the list of all versions. Before the first version takes effect: the notice and
    /// the list only.
    func currentPage(_ page: Published, published: [String: Published]) throws(InputError) -> [UInt8] {
        let root = "../../"
        let words = locales[page.language]
        let shown = page.shown
        var values = try documentValues(shown, of: page, root: root, isCurrentPage: true)
        if page.current == nil {
            values["has_body"] = false
            values["has_toc"] = false
            values["status_text"] = .string(try words.format("site.only_upcoming", ["date": try words.longDate(shown.version.effective)]))
            values["has_status"] = true
        }
        let paths = currentPaths(page.slug, published: published)
        values["translations"] = .list(translationLinks(paths, except: page.language, root: root))
        values["has_translations"] = .bool(paths.count > 1)
        let content = try templates.renderBytes("site/document", TemplateValue(values))
        let version = shown.version
        return try layout(
            language: page.language, title: "\(version.title) – \(settings.title(in: page.language))",
            description: version.summary.isEmpty ? version.title : version.summary,
            canonical: url(page.urlPath), alternates: alternates(paths), root: root, homeHref: root + "\(page.language)/",
            languageSwitch: languageSwitch(paths, language: page.language, root: root),
            footer: page.current == nil ? .version(version, inForce: nil) : .current, content: content)
    }

    /// `<lang>/<slug>/<effective>/`: one version, at an address that never changes, saying whether it
    /// is in force, no longer, or not yet.
    func versionPage(_ policy: RenderedPolicy, of page: Published, published: [String: Published]) throws(InputError) -> [UInt8] {
        let root = "../../../"
        let words = locales[page.language]
        let version = policy.version
        var values = try documentValues(policy, of: page, root: root, isCurrentPage: false)
        let date = try words.longDate(version.effective)
        switch library.status(of: version, on: today) {
        case .current:
            values["status_text"] = .string(try words.format("site.notice_current", ["date": date]))
        case .past:
            let until = library.next(after: version)!.effective.adding(days: -1)
            values["status_text"] = .string(try words.format("site.notice_past", ["from": date, "until": try words.longDate(until)]))
        case .upcoming:
            values["status_text"] = .string(try words.format("site.notice_upcoming", ["date": date]))
        }
        values["has_status"] = true
        values["status_class"] = .string(library.status(of: version, on: today).rawValue)
        let paths = translationPaths(of: version, published: published, Self.versionPath)
        values["translations"] = .list(translationLinks(paths, except: page.language, root: root))
        values["has_translations"] = .bool(paths.count > 1)
        let content = try templates.renderBytes("site/document", TemplateValue(values))
        let title = try words.format("site.version_of", ["date": date])
        return try layout(
            language: page.language, title: "\(version.title) (\(title)) – \(settings.title(in: page.language))",
            description: version.summary.isEmpty ? version.title : version.summary,
            canonical: url(Self.versionPath(version)), alternates: alternates(paths), root: root,
            homeHref: root + "\(page.language)/", languageSwitch: languageSwitch(paths, language: page.language, root: root),
            footer: .version(version, inForce: page.current == nil ? nil : page.urlPath), content: content)
    }

    /// The HTML a version's PDF is made from: the document as on its permanent page, in the print
    /// shell (`site/pdf`), without anything that depends on the day of the build (status, notices,
    /// list of versions) or on where the site is (links are absolute), so the PDF changes only when
    /// the version, the templates or the stylesheets do.
    func printPage(_ policy: RenderedPolicy, of page: Published) throws(InputError) -> String {
        let words = locales[page.language]
        let version = policy.version
        var values = try documentValues(policy, of: page, root: "", isCurrentPage: false)
        values["effective_text"] = .string(try words.format("site.effective_from", ["date": try words.longDate(version.effective)]))
        for key in [
            "has_status", "has_stale", "has_upcoming", "has_permanent", "has_read_current", "has_changes", "has_pdf", "show_versions",
        ] {
            values[key] = false
        }
        values["upcoming"] = []
        values["versions"] = []
        values["translations"] = []
        values["has_translations"] = false
        let content = try templates.renderBytes("site/document", TemplateValue(values))
        let label = try words.format("site.version_of", ["date": try words.longDate(version.effective)])
        return try templates.render(
            "site/pdf",
            [
                "lang": .string(page.language),
                "page_title": .string(version.title),
                "description": .string(version.summary.isEmpty ? version.title : version.summary),
                "site_title": .string(settings.title(in: page.language)),
                "version_label": .string(label),
                "permanent_url": .string(url(Self.versionPath(version))),
                "content": .bytes(content),
                "t": words.templateValue,
            ])
    }

    /// The values `site/document` needs for `policy`, shown on a page `root` below the site root.
    private func documentValues(_ policy: RenderedPolicy, of page: Published, root: String, isCurrentPage: Bool) throws(InputError)
        -> [String: TemplateValue]
    {
        let words = locales[page.language]
        let version = policy.version
        let status = library.status(of: version, on: today)
        var values: [String: TemplateValue] = [
            "lang": .string(page.language),
            "title": .string(version.title),
            "effective_iso": .string(version.effective.description),
            "effective_text": .string(
                try words.format(
                    status == .upcoming ? "site.notice_upcoming" : "site.effective_from", ["date": try words.longDate(version.effective)])),
            "summary": .string(version.summary),
            "has_summary": .bool(!version.summary.isEmpty),
            "toc": policy.tocValue,
            "has_toc": .bool(!policy.toc.isEmpty),
            "body": .bytes(policy.bodyHTML),
            "has_body": true,
            "status_text": "",
            "has_status": false,
            "status_class": .string(status.rawValue),
            "announced_text": .string(
                try version.announced.map { date throws(InputError) in
                    try words.format("site.announced_on", ["date": try words.longDate(date)])
                } ?? ""),
            "has_announced": .bool(version.announced != nil),
            "permanent_href": .string(root + Self.versionPath(version)),
            "has_permanent": .bool(isCurrentPage && page.current != nil),
            "read_current_href": .string(root + page.urlPath),
            "has_read_current": .bool(!isCurrentPage && status != .current && page.current != nil),
            "changes_href": .string(root + Self.changesPath(version)),
            "has_changes": .bool(library.previous(of: version) != nil),
            "pdf_href": .string(root + Self.pdfPath(version)),
            "has_pdf": .bool(SitePageKind.pdf.isPublished(with: settings)),
            "show_versions": true,
            // Only the text in force is searched (not every version of it).
            "is_indexed": .bool(SitePageKind.searchIndex.isPublished(with: settings) && isCurrentPage && page.current != nil),
            "t": words.templateValue,
        ]
        // Notices: upcoming versions (on the current page), a newer original (where this text is the
        // one in force in its language).
        var upcoming: [TemplateValue] = []
        if isCurrentPage {
            for next in library.upcoming(page.slug, in: page.language, on: today) where next.effective != page.shown.version.effective {
                upcoming.append(try notice(for: next, words: words, root: root, otherLanguage: false))
            }
            for next in library.untranslatedUpcoming(page.slug, in: page.language, prevailing: settings.prevailingLanguage, on: today) {
                upcoming.append(try notice(for: next, words: words, root: root, otherLanguage: true))
            }
        }
        values["upcoming"] = .list(upcoming)
        values["has_upcoming"] = .bool(!upcoming.isEmpty)
        var hasStale = false
        if status == .current,
            let original = library.staleness(page.slug, in: page.language, prevailing: settings.prevailingLanguage, on: today)
        {
            let language = languageName(original.language, in: words)
            values["stale_text"] = .string(
                try words.format("site.stale_notice", ["date": try words.longDate(original.effective), "language": language]))
            values["stale_link"] = .string(try words.format("site.stale_link", ["language": language]))
            values["stale_href"] = .string(root + "\(original.language)/\(original.slug)/")
            values["stale_lang"] = .string(original.language)
            hasStale = true
        }
        values["has_stale"] = .bool(hasStale)
        if !hasStale {
            values["stale_text"] = ""
            values["stale_link"] = ""
            values["stale_href"] = ""
            values["stale_lang"] = ""
        }
        values["versions"] = .list(try versionList(page, this: isCurrentPage ? nil : version, root: root))
        return values
    }

    /// "A new version takes effect on 1 January 2027: read it · what changes".
    private func notice(for next: PolicyVersion, words: LocaleWords, root: String, otherLanguage: Bool) throws(InputError) -> TemplateValue
    {
        let date = try words.longDate(next.effective)
        return [
            "text": .string(try words.format(otherLanguage ? "site.upcoming_other_language" : "site.upcoming_notice", ["date": date])),
            "effective_iso": .string(next.effective.description),
            "href": .string(root + Self.versionPath(next)),
            "link_lang": .string(next.language),
            "other_language": .bool(otherLanguage),
            "changes_href": .string(root + Self.changesPath(next)),
            "has_changes": .bool(library.previous(of: next) != nil),
            "summary": .string(next.summary),
            "has_summary": .bool(!next.summary.isEmpty),
        ]
    }

    /// Every version of the page's document, newest first, with its status, summary and links.
    private func versionList(_ page: Published, this: PolicyVersion?, root: String) throws(InputError) -> [TemplateValue] {
        let words = locales[page.language]
        var list: [TemplateValue] = []
        for policy in page.versions.reversed() {
            let version = policy.version
            let status = library.status(of: version, on: today)
            list.append([
                "href": .string(root + Self.versionPath(version)),
                "effective_iso": .string(version.effective.description),
                "label": .string(try words.format("site.version_of", ["date": try words.longDate(version.effective)])),
                "status_text": .string(try words.text("site.status_\(status.rawValue)")),
                "status_class": .string(status.rawValue),
                "is_this": .bool(this?.effective == version.effective),
                "summary": .string(version.summary),
                "has_summary": .bool(!version.summary.isEmpty),
                "changes_href": .string(root + Self.changesPath(version)),
                "has_changes": .bool(library.previous(of: version) != nil),
                "pdf_href": .string(root + Self.pdfPath(version)),
                "has_pdf": .bool(SitePageKind.pdf.isPublished(with: settings)),
            ])
        }
        return list
    }
}
