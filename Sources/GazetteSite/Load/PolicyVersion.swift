import GazetteCore

/// One version of one policy document in one language: `Content/policies/<slug>/<name>.<lang>.md`.
public struct PolicyVersion: Sendable {
    /// The document's folder name, the same in every language (`privacy`).
    public var slug: String
    public var language: String
    /// The day this version takes effect (front matter `effective`).
    public var effective: CivilDate
    public var title: String
    /// What changed in this version (front matter `summary`), or "".
    public var summary: String
    /// The day customers were told of this version (front matter `announced`), if the editor gave it.
    public var announced: CivilDate?
    /// The line of `announced` in the file (for the announcement checks' messages).
    public var announcedLine: Int?
    /// Who is told of this version (front matter `notify`; default: customers).
    public var notify: Set<PolicyAudience>
    /// Why this version is announced with less notice than `site.notice_days` (front matter
    /// `notice: short` with `notice_reason`); nil: the full notice period applies.
    public var shortNoticeReason: String?
    /// The Markdown body below the front matter.
    public var body: String
    /// The file's line of the body's first line (for error messages).
    public var bodyLine: Int
    /// The source file, as the user names it.
    public var path: String
    /// The file's line of `effective:` (for messages about the date).
    public var effectiveLine: Int

    public init(
        slug: String, language: String, effective: CivilDate, title: String, summary: String = "",
        announced: CivilDate? = nil, announcedLine: Int? = nil, notify: Set<PolicyAudience> = [.customers],
        shortNoticeReason: String? = nil,
        body: String, bodyLine: Int = 1, path: String, effectiveLine: Int = 3
    ) {
        self.announcedLine = announcedLine
        self.notify = notify
        self.shortNoticeReason = shortNoticeReason
        self.slug = slug
        self.language = language
        self.effective = effective
        self.title = title
        self.summary = summary
        self.announced = announced
        self.body = body
        self.bodyLine = bodyLine
        self.path = path
        self.effectiveLine = effectiveLine
    }
}

/// Who is told of a document's changes (front matter `notify:`): the customers' contacts by
/// `gazette announce`, the employees by a notice in their weekly digest.
public enum PolicyAudience: String, Sendable, CaseIterable, Hashable, Comparable {
    case customers, employees

    public static func < (lhs: PolicyAudience, rhs: PolicyAudience) -> Bool { lhs.rawValue < rhs.rawValue }
}
