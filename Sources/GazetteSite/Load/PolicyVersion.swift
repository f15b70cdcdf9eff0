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
    /// The Markdown body below the front matter.
    public var body: String
    /// The file's line of the body's first line (for error messages).
    public var bodyLine: Int
    /// The source file, as the user names it.
    public var path: String

    public init(slug: String, language: String, effective: CivilDate, title: String, summary: String = "",
        announced: CivilDate? = nil, body: String, bodyLine: Int = 1, path: String)
    {
        self.slug = slug
        self.language = language
        self.effective = effective
        self.title = title
        self.summary = summary
        self.announced = announced
        self.body = body
        self.bodyLine = bodyLine
        self.path = path
    }
}
