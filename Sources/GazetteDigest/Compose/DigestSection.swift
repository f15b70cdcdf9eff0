import GazetteCore

/// One section of the weekly digest (days off, colleagues out, birthdays, own shifts, the notice of
/// policy changes): what it
/// collects for a recipient, its words, its template values, its count in the subject and its rule in
/// the privacy panel. The composer, the checks before a run and the preview all derive what they
/// need from `DigestSection.all`, so a new section is one new value there plus its template part and
/// its locale words (docs/architecture.md, "How to add a digest section").
///
/// Its template values are `{{#<key>.has}}`, `{{<key>.more}}`, `{{#<key>.has_more}}` and the list
/// `{{#<key>.<listKey>}}`; its words `digest.<key>.more.one/other` ("and 3 more …") and, when the
/// subject counts it, `digest.count.<key>.one/other`, plus those in `words`.
///
/// A class, not a struct: every digest walks `all`, and a struct of seven closures would be copied
/// (each closure retained and released) for every section of every email.
public final class DigestSection: Sendable {
    /// What the items of a section are made from: the recipient's view, the week's words in their
    /// language, and what their company's digests share.
    struct Context {
        let view: DigestView
        let words: WeekWords
        let company: CompanyComposer
    }

    /// `days_off`: the name of its template values and of its words.
    public let key: String
    /// The name of its list in the template values (`items`, `groups`, `people`).
    let listKey: String
    /// Its place in the subject line's summary ("Week 53: 2 colleagues out, 1 day off"), lowest
    /// first; nil when the subject does not count it.
    let subjectRank: Int?
    /// Whether the section alone is reason enough to send a digest (a digest none of whose such
    /// sections has anything is not sent: skip reason `empty`).
    let countsAsContent: Bool
    /// Whether it lists at most `list_cap` items and counts the rest ("and 3 more": its `more` words).
    let isCapped: Bool
    /// How many things it reports about the recipient's company and colleagues, listed or not (the
    /// count of the subject; 0 leaves the section out unless it lists items about no one, as the
    /// policy notice does).
    let total: @Sendable (DigestView) -> Int
    /// How many of them it lists (the others are counted: "and 3 more").
    let listed: @Sendable (DigestView) -> Int
    /// The template values of the items it lists.
    let items: @Sendable (Context) throws(InputError) -> [TemplateValue]
    /// The privacy panel's rows for the items it lists: who or what is shown, and the rule that allows it.
    let privacy: @Sendable (DigestView) -> [PrivacyItem]
    /// How the privacy panel names those counted but not listed ("colleagues out are counted, not
    /// named"); nil when the section lists everything it has.
    let notNamed: String?
    /// Words its items use besides `more` and `count` (checked in every language before a run).
    let words: [String]

    init(
        key: String, listKey: String, subjectRank: Int?, countsAsContent: Bool, isCapped: Bool,
        total: @escaping @Sendable (DigestView) -> Int,
        listed: @escaping @Sendable (DigestView) -> Int, items: @escaping @Sendable (Context) throws(InputError) -> [TemplateValue],
        privacy: @escaping @Sendable (DigestView) -> [PrivacyItem], notNamed: String?, words: [String]
    ) {
        self.key = key
        self.listKey = listKey
        self.subjectRank = subjectRank
        self.countsAsContent = countsAsContent
        self.isCapped = isCapped
        self.total = total
        self.listed = listed
        self.items = items
        self.privacy = privacy
        self.notNamed = notNamed
        self.words = words
    }

    /// `digest.count.<key>`: its count in the subject (`.one`/`.other`).
    var countKey: String { "digest.count.\(key)" }
    /// `digest.<key>.more`: "and 3 more …" (`.one`/`.other`).
    var moreKey: String { "digest.\(key).more" }

    /// How many it counts but does not list.
    func more(_ view: DigestView) -> Int { total(view) - listed(view) }

    /// `{has, has_more, more, <listKey>}` for the recipient of `context`.
    func templateValue(_ context: Context) throws(InputError) -> TemplateValue {
        let total = total(context.view)
        let more = total - listed(context.view)
        let items = try items(context)
        return [
            "has": .bool(total > 0 || !items.isEmpty), "has_more": .bool(more > 0),
            "more": .string(more > 0 ? try context.words.count(moreKey, more) : ""), listKey: .list(items),
        ]
    }

    /// Every section, in the order the email shows them (and the privacy panel lists them).
    public static let all: [DigestSection] = [.daysOff, .out, .birthdays, .shifts, .policyNotice]

    /// The sections the subject counts, in the subject's order.
    static let inSubject: [DigestSection] = all.filter { $0.subjectRank != nil }.sorted { $0.subjectRank! < $1.subjectRank! }

    /// The words `WeekWords` reads once per week as counted patterns: each section's `more` and, where
    /// the subject counts it, its `count`.
    static let countedKeys: [String] = inSubject.map(\.countKey) + all.filter(\.isCapped).map(\.moreKey)
}
