import GazetteCore

/// One version of a document in all the languages it has (the files of one slug and one
/// `effective`), with the file that speaks for them: the prevailing language's, else the first of
/// `site.languages` that has one. What is announced of a change (`announced`, `notify`, the notice)
/// is read from that reference file.
public struct PolicyRelease: Sendable {
    public var slug: String
    public var effective: CivilDate
    public var reference: PolicyVersion
    /// The version in every language that has one, by language.
    public var translations: [String: PolicyVersion]
    /// The languages whose version has an earlier one in that language, so a page of changes.
    public var changesLanguages: Set<String>
    /// The document's first version (in the reference's language): it changes nothing.
    public var isFirst: Bool

    public init(
        slug: String, effective: CivilDate, reference: PolicyVersion, translations: [String: PolicyVersion],
        changesLanguages: Set<String>? = nil,
        isFirst: Bool = false
    ) {
        self.slug = slug
        self.effective = effective
        self.reference = reference
        self.translations = translations
        self.changesLanguages = changesLanguages ?? Set(translations.keys)
        self.isFirst = isFirst
    }

    /// The version a reader of `language` gets: their own, else the reference's (prevailing) text.
    public func version(for language: String) -> (version: PolicyVersion, isFallback: Bool) {
        if let own = translations[language] { return (own, false) }
        return (reference, true)
    }

    /// The version whose page of changes a reader of `version` is sent to: its own, else the reference's.
    public func changesVersion(for version: PolicyVersion) -> PolicyVersion {
        changesLanguages.contains(version.language) ? version : reference
    }
}

extension PolicyLibrary {
    /// Every release of every document, by slug then day.
    public func releases(settings: SiteSettings) -> [PolicyRelease] {
        var result: [PolicyRelease] = []
        for slug in slugs {
            var byDay: [CivilDate: [String: PolicyVersion]] = [:]
            for language in settings.languages {
                for version in versions(of: slug, in: language) { byDay[version.effective, default: [:]][language] = version }
            }
            for effective in byDay.keys.sorted() {
                let translations = byDay[effective]!
                guard let reference = ([settings.prevailingLanguage] + settings.languages).lazy.compactMap({ translations[$0] }).first
                else {
                    continue
                }
                result.append(
                    PolicyRelease(
                        slug: slug, effective: effective, reference: reference, translations: translations,
                        changesLanguages: Set(translations.filter { previous(of: $0.value) != nil }.keys),
                        isFirst: previous(of: reference) == nil))
            }
        }
        return result
    }
}
