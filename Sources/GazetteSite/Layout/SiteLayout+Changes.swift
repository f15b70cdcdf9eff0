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
                "lang": .string(version.language),
                "heading": .string(heading),
                "from_to": .string(
                    try words.format(
                        "site.changes.from_to",
                        ["from": try words.longDate(old.version.effective), "to": try words.longDate(version.effective)])),
                "old_href": .string(root + Self.versionPath(old.version)),
                "old_label": .string(try words.format("site.version_of", ["date": try words.longDate(old.version.effective)])),
                "new_href": .string(root + Self.versionPath(version)),
                "new_label": .string(try words.format("site.version_of", ["date": try words.longDate(version.effective)])),
                "new_status": .string(try words.text("site.status_\(library.status(of: version, on: today).rawValue)")),
                "current_href": .string(root + page.urlPath),
                "summary": .string(version.summary),
                "has_summary": .bool(!version.summary.isEmpty),
                "counts": .string(
                    try words.format(
                        "site.changes.counts",
                        ["changed": String(counts.changed), "added": String(counts.added), "removed": String(counts.removed)])),
                "has_changes": .bool(counts != ChangesHTML.Counts()),
                "rows": .string(html),
                "translations": .list(translationLinks(paths, except: version.language, root: root)),
                "has_translations": .bool(paths.count > 1),
                "t": words.templateValue,
            ])
        return try layout(
            language: version.language, title: "\(heading) – \(settings.title(in: version.language))",
            description: version.summary.isEmpty ? heading : version.summary,
            canonical: url(Self.changesPath(version)), alternates: alternates(paths), root: root,
            homeHref: root + "\(version.language)/", languageSwitch: languageSwitch(paths, language: version.language, root: root),
            footer: .changes(version, inForce: page.current == nil ? nil : page.urlPath), content: content)
    }
}
