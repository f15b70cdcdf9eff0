import GazetteCore

/// Every version of every policy document, grouped for the questions a site build asks.
public struct PolicyLibrary: Sendable {
    public let versions: [PolicyVersion]
    /// Slugs in order.
    public let slugs: [String]
    private let bySlugAndLanguage: [String: [PolicyVersion]]

    public init(_ versions: [PolicyVersion]) {
        self.versions = versions.sorted { ($0.slug, $0.language, $0.effective) < ($1.slug, $1.language, $1.effective) }
        self.slugs = Array(Set(versions.map(\.slug))).sorted()
        self.bySlugAndLanguage = Dictionary(grouping: self.versions) { "\($0.slug)\u{0}\($0.language)" }
    }

    /// The versions of one document in one language, oldest first.
    public func versions(of slug: String, in language: String) -> [PolicyVersion] {
        bySlugAndLanguage["\(slug)\u{0}\(language)"] ?? []
    }

    /// The version in force on `today`: the newest whose effective date is not after it.
    public func current(_ slug: String, in language: String, on today: CivilDate) -> PolicyVersion? {
        versions(of: slug, in: language).last { $0.effective <= today }
    }
}
