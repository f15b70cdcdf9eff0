import Foundation

/// Content/gazette.yml, parsed once; each flow reads its own section (`site:`, `digest:`).
public struct SettingsFile: Sendable {
    public let path: String
    public let root: YAMLMap

    /// Top-level sections Gazette knows; anything else is reported as a typo.
    public static let sections = ["site", "digest", "preview", "delivery"]

    public static func load(_ path: String) throws(InputError) -> SettingsFile {
        let text = try TextFile.read(path)
        let root = try YAMLMap.parse(text, path: path)
        var problems = ProblemList()
        root.checkKeys(sections, in: &problems)
        try problems.check()
        return SettingsFile(path: path, root: root)
    }
}

/// The `site:` section of gazette.yml.
public struct SiteSettings: Sendable, Equatable {
    public var title: String
    /// Absolute http(s) URL without a trailing slash.
    public var baseURL: String
    /// Site languages; the first is the default (root index, x-default alternate).
    public var languages: [String]
    /// The language that prevails when translations differ: a translation older than its newest
    /// version says so and links it.
    public var prevailingLanguage: String
    /// The time zone in which "today" is taken when `--today` is not given.
    public var timeZone: String
    /// Whether every version gets a PDF (the storable copy); off for fast builds of large sites.
    public var pdf: Bool
    /// Days of notice a new version should get before it takes effect; fewer is a build warning (0: no check).
    public var noticeDays: Int
    /// Days after an announcement during which a customer may object to the new version (default 14):
    /// the deadline an announcement states is `announced` plus this.
    public var objectionDays: Int

    /// The title per language when `site.title` is a mapping (`nl: …`, `en: …`); empty when it is one
    /// text for every language (`title`).
    public var titles: [String: String] = [:]
    /// Who publishes the site (`site.publisher`), named in every page's footer.
    public var publisher: SitePublisher?
    /// Links to folders end in `index.html`, for a site opened from disk (`site.file_links`, default off).
    public var fileLinks = false
    /// A Pagefind search index and a search box on every page (`site.search`, default on).
    public var search = true

    public static let keys = [
        "title", "base_url", "languages", "prevailing_language", "time_zone", "pdf", "notice_days", "objection_days", "publisher",
        "file_links",
        "search",
    ]

    /// The site's title in `language`: its own from a `site.title` mapping, else the one title.
    public func title(in language: String) -> String { titles[language] ?? title }

    public init(
        title: String, baseURL: String, languages: [String], prevailingLanguage: String? = nil, timeZone: String = "UTC",
        pdf: Bool = true, noticeDays: Int = 30, objectionDays: Int = 14
    ) {
        self.objectionDays = objectionDays
        self.title = title
        self.baseURL = baseURL
        self.languages = languages
        self.prevailingLanguage = prevailingLanguage ?? languages.first ?? "en"
        self.timeZone = timeZone
        self.pdf = pdf
        self.noticeDays = noticeDays
    }

    public init(from file: SettingsFile) throws(InputError) {
        var problems = ProblemList()
        guard let map = file.root.map("site", required: true, in: &problems) else {
            throw InputError(problems.problems)
        }
        map.checkKeys(Self.keys, in: &problems, context: "site")
        var title = ""
        var titles: [String: String] = [:]
        if let titleMap = map.mappingIfAny("title") {
            titles = SitePublisher.texts(of: titleMap, in: &problems)
        } else {
            title = map.string("title", required: true, in: &problems) ?? ""
        }
        var baseURL = map.string("base_url", required: true, in: &problems) ?? ""
        while baseURL.hasSuffix("/") { baseURL.removeLast() }
        if !baseURL.isEmpty, !Self.isAbsoluteHTTPURL(baseURL) {
            problems.add(
                file.path, line: map.line(of: "base_url"),
                "site.base_url \"\(baseURL)\" is not an absolute URL: write it like https://legal.example.com")
        }
        let languages = map.strings("languages", required: true, in: &problems) ?? []
        if map.contains("languages"), languages.isEmpty {
            problems.add(file.path, line: map.line(of: "languages"), "site.languages is empty: list at least one language, like [en]")
        }
        var seen: Set<String> = []
        for language in languages {
            if !Self.isLanguageCode(language) {
                problems.add(
                    file.path, line: map.line(of: "languages"),
                    "site.languages has \"\(language)\": expected a lowercase language code like nl, en or fr")
            } else if !seen.insert(language).inserted {
                problems.add(file.path, line: map.line(of: "languages"), "site.languages lists \"\(language)\" twice")
            }
        }
        let prevailing = map.string("prevailing_language", in: &problems) ?? languages.first ?? ""
        if map.contains("prevailing_language"), !languages.contains(prevailing) {
            problems.add(
                file.path, line: map.line(of: "prevailing_language"),
                "site.prevailing_language \"\(prevailing)\" is not one of site.languages (\(languages.joined(separator: ", ")))")
        }
        let timeZone = map.string("time_zone", in: &problems) ?? "UTC"
        if TimeZone(identifier: timeZone) == nil {
            problems.add(
                file.path, line: map.line(of: "time_zone"),
                "site.time_zone \"\(timeZone)\" is not an IANA time zone: write it like Europe/Brussels")
        }
        let pdf = map.boolean("pdf", in: &problems) ?? true
        let noticeDays = map.integer("notice_days", in: 0...3650, problems: &problems) ?? 30
        let objectionDays = map.integer("objection_days", in: 0...3650, problems: &problems) ?? 14
        if !titles.isEmpty {
            for language in languages where titles[language] == nil {
                problems.add(
                    file.path, line: map.line(of: "title"),
                    "site.title has no title for \"\(language)\": add a line \(language): \"…\" below title:")
            }
            for language in titles.keys.sorted() where !languages.contains(language) {
                problems.add(
                    file.path, line: map.line(of: "title"),
                    "site.title has a title for \"\(language)\", which is not one of site.languages (\(languages.joined(separator: ", ")))")
            }
            title = titles[prevailing] ?? languages.lazy.compactMap { titles[$0] }.first ?? ""
        }
        let publisher = map.map("publisher", in: &problems).flatMap { SitePublisher(from: $0, in: &problems) }
        let fileLinks = map.boolean("file_links", in: &problems) ?? false
        let search = map.boolean("search", in: &problems) ?? true
        try problems.check()
        self.init(
            title: title, baseURL: baseURL, languages: languages, prevailingLanguage: prevailing, timeZone: timeZone, pdf: pdf,
            noticeDays: noticeDays, objectionDays: objectionDays)
        self.titles = titles
        self.publisher = publisher
        self.fileLinks = fileLinks
        self.search = search
    }

    static func isAbsoluteHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = url.host, !host.isEmpty
        else { return false }
        return !text.contains(" ")
    }

    static func isLanguageCode(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLowercase }) else {
            return false
        }
        return parts.dropFirst().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }
}

/// "Today" for a run: pinned with `--today`, else the system clock in a time zone.
public enum Today {
    /// The calendar date of `instant` in `timeZone`.
    public static func date(at instant: Date = Date(), in timeZone: TimeZone) -> CivilDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
