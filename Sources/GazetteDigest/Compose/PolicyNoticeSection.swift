import GazetteCore
import GazetteSite

/// The digest's notice of policy changes for employees: a document whose `notify:` includes
/// `employees` is listed in every digest dated (Monday) on or after its `announced` day and before
/// its `effective` day: the document, the day, its summary on one line, a link to its page of changes.
///
/// It says nothing about anyone (the same for every employee of a language), so the privacy panel
/// and the subject do not change; a digest with nothing else to report is still not sent. The
/// section itself is `DigestSection.policyNotice` (template values `policy_notice.has` and
/// `policy_notice.items`: `text`, `summary`, `has_summary`, `lang`, `changes_url`); this type says
/// which releases a week lists, and their items, once per company and language.
public struct PolicyNoticeSection: Sendable {
    /// A release to tell employees of.
    public typealias Change = PolicyRelease

    public let changes: [Change]
    let site: SiteSettings
    /// The summary is cut to this many characters (one line in a mail client).
    static let summaryLimit = 180

    public init(changes: [Change], site: SiteSettings) {
        self.changes = changes
        self.site = site
    }

    /// The releases of `library` that tell employees: `announced` set, `notify` with employees, not
    /// a document's first version.
    public init(library: PolicyLibrary, site: SiteSettings) {
        let changes = library.releases(settings: site).filter { release in
            release.reference.announced != nil && release.reference.notify.contains(.employees) && !release.isFirst
        }
        self.init(changes: changes, site: site)
    }

    /// The changes a digest dated `monday` lists: announced on or before it, not yet in effect.
    public func changes(on monday: CivilDate) -> [Change] {
        changes.filter { $0.reference.announced! <= monday && monday < $0.effective }
            .sorted { ($0.effective, $0.slug) < ($1.effective, $1.slug) }
    }

    /// The items of `policy_notice` for a digest dated `monday` in `words`' language.
    func items(on monday: CivilDate, words: LocaleWords) throws(InputError) -> [TemplateValue] {
        var items: [TemplateValue] = []
        for change in changes(on: monday) {
            let version = change.version(for: words.language).version
            let changesVersion = change.changesVersion(for: version)
            let text = try words.format(
                "digest.policy_notice.item", ["title": version.title, "date": try words.longDate(change.effective)])
            items.append([
                "text": .string(text),
                "summary": .string(Self.oneLine(version.summary)),
                "has_summary": .bool(!version.summary.isEmpty),
                "lang": .string(version.language),
                "changes_url": .string(PolicyLinks.changesURL(changesVersion, settings: site)),
            ])
        }
        return items
    }

    /// `text` on one line (line breaks and runs of spaces as one space), cut at a word after
    /// `summaryLimit` characters with "…".
    static func oneLine(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        var line = ""
        for word in words {
            let next = line.isEmpty ? String(word) : line + " " + word
            if next.count > summaryLimit {
                return line.isEmpty ? String(next.prefix(summaryLimit)) + "…" : line + " …"
            }
            line = next
        }
        return line
    }
}
