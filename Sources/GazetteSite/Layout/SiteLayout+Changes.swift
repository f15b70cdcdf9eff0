import GazetteCore

/// The changes page of a version: what changed since the version before it, word by word.
extension SiteLayout {
    /// `<lang>/<slug>/<effective>/changes/`: the summary, counts, and the text with its changes.
    func changesPage(from old: RenderedPolicy, to new: RenderedPolicy, published: [String: Published]) throws(InputError) -> [UInt8] {
        let root = "../../../../"
        let version = new.version
        let words = locales[version.language]
        let rows = BlockAlignment.rows(from: old.blocks, to: new.blocks)
        let counts = ChangesHTML.counts(rows)
        let html = ChangesHTML(words: try .init(words)).render(rows)
        let page = published["\(version.slug)/\(version.language)"]!
        let paths = translationPaths(of: version, published: published, Self.changesPath)
        let heading = try words.format("site.changes.title", ["title": version.title])
        let content = try templates.renderBytes(
            "site/changes",
            [
                "lang": version.language,
                "heading": heading,
                "from_to": try words.format(
                    "site.changes.from_to",
                    ["from": try words.longDate(old.version.effective), "to": try words.longDate(version.effective)]),
                "old_href": root + Self.versionPath(old.version),
                "old_label": try words.format("site.version_of", ["date": try words.longDate(old.version.effective)]),
                "new_href": root + Self.versionPath(version),
                "new_label": try words.format("site.version_of", ["date": try words.longDate(version.effective)]),
                "new_status": try words.text("site.status_\(library.status(of: version, on: today).rawValue)"),
                "current_href": root + page.urlPath,
                "summary": version.summary,
                "has_summary": !version.summary.isEmpty,
                "counts": try words.format(
                    "site.changes.counts",
                    ["changed": String(counts.changed), "added": String(counts.added), "removed": String(counts.removed)]),
                "has_changes": counts != ChangesHTML.Counts(),
                "rows": html,
                "translations": translationLinks(paths, except: version.language, root: root),
                "has_translations": paths.count > 1,
                "t": words.templateValue,
            ])
        return try layout(
            language: version.language, title: "\(heading) – \(settings.title)",
            description: version.summary.isEmpty ? heading : version.summary,
            canonical: url(Self.changesPath(version)), alternates: alternates(paths), root: root,
            homeHref: root + "\(version.language)/", languageSwitch: languageSwitch(paths, language: version.language, root: root),
            content: content)
    }
}
