import GazetteCore

/// The Atom feed (RFC 4287) of policy changes in one language: `<lang>/feed.xml`.
extension SiteLayout {
    /// One entry per version, newest first: its document, version date, summary, and a link to what
    /// changed (the version itself for a first version). A language also gets the prevailing
    /// language's versions it has no translation of, in that language (`xml:lang`), so that its
    /// readers hear of every change.
    ///
    /// Nothing comes from the clock: an entry's `published` and `updated` are the day the version was
    /// announced (front matter `announced`), else its effective date, at midnight UTC; the feed's
    /// `updated` is the latest of those. Ids are the versions' permanent addresses, which never change.
    func feed(language: String, published: [String: Published]) throws(InputError) -> String {
        var entries: [(date: CivilDate, version: PolicyVersion)] = []
        for slug in library.slugs {
            for version in library.versions(of: slug, in: language) { entries.append((version.announced ?? version.effective, version)) }
            if language != settings.prevailingLanguage {
                for version in library.versions(of: slug, in: settings.prevailingLanguage)
                where library.version(slug, in: language, effective: version.effective) == nil {
                    entries.append((version.announced ?? version.effective, version))
                }
            }
        }
        entries.sort {
            ($1.date, $1.version.effective, $0.version.slug, $0.version.language) < (
                $0.date, $0.version.effective, $1.version.slug, $1.version.language
            )
        }
        let feedURL = url("\(language)/feed.xml")
        let updated = entries.map(\.date).max() ?? today
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(language)">
              <id>\(XMLText.escape(feedURL))</id>
              <title>\(XMLText.escape(try feedTitle(language)))</title>
              <updated>\(Self.timestamp(updated))</updated>
              <link rel="self" type="application/atom+xml" href="\(XMLText.escape(feedURL))"/>
              <link rel="alternate" type="text/html" href="\(XMLText.escape(url("\(language)/")))"/>
              <author><name>\(XMLText.escape(settings.title(in: language)))</name></author>
              <generator>Gazette</generator>

            """
        for (date, version) in entries {
            let entryWords = locales[version.language]
            let effective = try entryWords.longDate(version.effective)
            let title = try entryWords.format("site.feed_entry_title", ["title": version.title, "date": effective])
            let hasPrevious = library.previous(of: version) != nil
            let link = hasPrevious ? Self.changesPath(version) : Self.versionPath(version)
            let summary = version.summary.isEmpty ? (hasPrevious ? "" : try entryWords.text("site.feed_first")) : version.summary
            let status = try entryWords.format(
                version.effective > today ? "site.notice_upcoming" : "site.effective_from", ["date": effective])
            xml += "  <entry\(version.language == language ? "" : " xml:lang=\"\(version.language)\"")>\n"
            xml += "    <id>\(XMLText.escape(url(Self.versionPath(version))))</id>\n"
            xml += "    <title>\(XMLText.escape(title))</title>\n"
            xml += "    <published>\(Self.timestamp(date))</published>\n"
            xml += "    <updated>\(Self.timestamp(date))</updated>\n"
            xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(XMLText.escape(url(link)))\"/>\n"
            xml += "    <link rel=\"related\" type=\"text/html\" href=\"\(XMLText.escape(url(Self.versionPath(version))))\"/>\n"
            if SitePageKind.pdf.isPublished(with: settings) {
                xml += "    <link rel=\"enclosure\" type=\"application/pdf\" href=\"\(XMLText.escape(url(Self.pdfPath(version))))\"/>\n"
            }
            xml += "    <category term=\"\(XMLText.escape(version.slug))\" label=\"\(XMLText.escape(version.title))\"/>\n"
            xml += "    <summary>\(XMLText.escape(summary.isEmpty ? status : summary + " " + status))</summary>\n"
            xml += "  </entry>\n"
        }
        xml += "</feed>\n"
        return xml
    }

    /// `2027-01-01T00:00:00Z`: an Atom date (RFC 3339) for a calendar day.
    static func timestamp(_ date: CivilDate) -> String { "\(date)T00:00:00Z" }
}
