import GazetteCore
import GazetteMail
import GazetteSite

/// Lays out digests: a recipient's `DigestView` → subject, plain text, HTML (Mustache templates in
/// Templates/digest/), and the whole message. Holds what every digest of a run shares.
public struct DigestComposer: Sendable {
    public let settings: DigestSettings
    public let templates: TemplateSet
    public let locales: LocaleCatalog
    let secret: UnsubscribeSecret
    /// Signs every digest (`digest.dkim`); nil: digests are not signed.
    public let signer: DKIMSigner?
    /// Each language's words per week, shared by the companies of the week.
    let weekWords = WeekWordsCache()
    /// The policy changes employees are told of (`notify: employees`); nil: the digest has none.
    public var policyNotices: PolicyNoticeSection?

    /// Templates every digest run needs.
    public static let requiredTemplates = ["digest/email.html", "digest/email.txt"]

    public init(
        settings: DigestSettings, templates: TemplateSet, locales: LocaleCatalog, secret: UnsubscribeSecret, signer: DKIMSigner? = nil,
        policyNotices: PolicyNoticeSection? = nil
    ) {
        self.policyNotices = policyNotices
        self.settings = settings
        self.templates = templates
        self.locales = locales
        self.secret = secret
        self.signer = signer
    }

    /// What the digests of one company in one week share, formatted once: the send date, the list
    /// name, and per language the dates and how each absence reads.
    public func company(_ week: CompanyWeek) throws(InputError) -> CompanyComposer {
        try CompanyComposer(composer: self, week: week)
    }
}

/// One recipient's digest, laid out: everything the batch writes and the preview shows.
public struct ComposedDigest: Sendable {
    public var view: DigestView
    public var subject: String
    /// The message as composed, before signing.
    public var message: MailMessage
    /// The whole .eml, DKIM signatures first when the run signs: what the batch writes.
    let encoded: [UInt8]
    /// The plain-text part.
    public var text: String { message.text }
    /// The HTML part.
    public var html: String { message.html }
    /// The whole .eml.
    public func bytes() -> [UInt8] { encoded }
}

/// Composes the digests of one company in one week.
public struct CompanyComposer: Sendable {
    let composer: DigestComposer
    public let week: CompanyWeek
    public let date: MailDate
    /// Per language used in this company: the week's words, and per absence how it reads.
    let languages: [String: WeekWords]
    let absenceTexts: [String: [String]]
    /// Per language, per absence: the template values of its row, with and without the team (every
    /// recipient's list is made of the same rows).
    let absenceRows: [String: [(withTeam: TemplateValue, withoutTeam: TemplateValue)]]
    /// Per language: what every recipient's digest says the same way (title, intro, footer).
    let companyTexts: [String: (title: String, intro: String, why: String)]
    /// Header fields every message of the company shares.
    let sharedHeaders: MailMessage.Shared
    /// `From:`: the company's name in the display name (`digest.from_name`), the platform's address.
    let sender: MailAddress
    /// Per language: the items of the week's notice of policy changes (`DigestSection.policyNotice`),
    /// the same for everyone.
    let policyNoticeItems: [String: [TemplateValue]]

    init(composer: DigestComposer, week: CompanyWeek) throws(InputError) {
        self.composer = composer
        self.week = week
        let company = week.export.companies[week.company]
        date = SendMoment.date(on: week.week.monday, at: composer.settings.sendTime, in: company.timeZone)
        var used: Set<String> = [company.locale]
        for position in week.export.employeesByCompany[week.company] {
            if let locale = week.export.employees[position].locale { used.insert(locale) }
        }
        var languages: [String: WeekWords] = [:]
        var absenceTexts: [String: [String]] = [:]
        var companyTexts: [String: (title: String, intro: String, why: String)] = [:]
        var policyNoticeItems: [String: [TemplateValue]] = [:]
        for language in used.sorted() {
            let locale = composer.locales[language]
            policyNoticeItems[language] = try composer.policyNotices?.items(on: week.week.monday, words: locale) ?? []
            companyTexts[language] = (
                try locale.format("digest.title", ["company": company.name]),
                try locale.format("digest.intro", ["company": company.name, "week": String(week.week.week)]),
                try locale.format("digest.footer.why", ["company": company.name])
            )
            let words = try composer.weekWords.words(composer.locales[language], language: language, week: week.week)
            languages[language] = words
            // Absences of the same days read the same: each pattern of days is worded once.
            var worded: [[UInt8]: String] = [:]
            var texts: [String] = []
            texts.reserveCapacity(week.absences.count)
            for absence in week.absences {
                if let text = worded[absence.parts] {
                    texts.append(text)
                } else {
                    let text = try words.when(absence.parts)
                    worded[absence.parts] = text
                    texts.append(text)
                }
            }
            absenceTexts[language] = texts
        }
        self.languages = languages
        self.absenceTexts = absenceTexts
        let employees = week.export.employees
        absenceRows = absenceTexts.mapValues { texts in
            week.absences.enumerated().map { index, absence in
                let colleague = employees[absence.employee]
                let row: [String: TemplateValue] = [
                    "name": .string(colleague.fullName), "when": .string(texts[index]), "team": .string(colleague.team),
                    "has_team": .bool(!colleague.team.isEmpty),
                ]
                var withoutTeam = row
                withoutTeam["has_team"] = .bool(false)
                return (.map(TemplateMap(row)), .map(TemplateMap(withoutTeam)))
            }
        }
        self.companyTexts = companyTexts
        self.policyNoticeItems = policyNoticeItems
        sender = composer.settings.sender(company: company.name)
        sharedHeaders = MailMessage.Shared(date: date, from: sender, list: (name: company.name, id: composer.settings.listID))
    }

    /// The digest of `recipient` (a position in the export's employees, of this company).
    public func compose(_ recipient: Int) throws(InputError) -> ComposedDigest {
        try compose(DigestView(week, recipient: recipient))
    }

    public func compose(_ view: DigestView) throws(InputError) -> ComposedDigest {
        try compose(view, lastValues: nil)
    }

    /// Composes, handing the template values to `lastValues` (tests render them with swift-mustache too).
    func compose(_ view: DigestView, lastValues: ((TemplateValue) -> Void)?) throws(InputError) -> ComposedDigest {
        let settings = composer.settings
        let employee = view.employee
        let company = view.company
        let language = view.language
        let words = languages[language]!
        let weekNumber = String(week.week.week)

        // The summary: the subject line after "Week 53:" and the preview text.
        var counts: [String] = []
        for section in DigestSection.inSubject {
            let total = section.total(view)
            if total > 0 { counts.append(try words.count(section.countKey, total)) }
        }
        let summary = counts.joined(separator: words.summarySeparator)
        let subject = words.subject.fill(weekNumber, summary)

        let token = UnsubscribeToken(keyID: settings.tokenKeyID, company: company.id, employee: employee.id).signed(with: composer.secret)
        let link = settings.unsubscribeLink(token: token)
        let values = try templateValues(view, words: words, subject: subject, summary: summary, link: link)
        lastValues?(values)
        var html: [UInt8] = []
        html.reserveCapacity(16_384)
        try composer.templates.render("digest/email.html", values, into: &html)
        var text: [UInt8] = []
        text.reserveCapacity(4096)
        try composer.templates.render("digest/email.txt", values, into: &text)
        let messageID = MailMessage.messageID(
            for: ["digest", company.id, employee.id, week.week.description], domain: settings.from.domain)
        // The batch only composes for recipients; a preview may ask for anyone, so say why not.
        guard let to = MailAddress(displayName: employee.fullName, address: employee.email) else {
            throw InputError(
                InputProblem(
                    path: "employees.csv", line: employee.line,
                    "email \(FieldCheck.quoted(employee.email)) of \(employee.id) is not a usable address: this employee gets no digest"))
        }
        var message = MailMessage(
            date: date, from: sender, to: to,
            subject: subject, messageID: messageID, language: language, list: (name: company.name, id: settings.listID),
            unsubscribe: (https: link, mailto: settings.unsubscribeMailtoLink(token: token)), textBody: text, htmlBody: html)
        message.shared = sharedHeaders
        let bytes = try message.bytes(signedBy: composer.signer)
        return ComposedDigest(view: view, subject: subject, message: message, encoded: bytes)
    }

    private func templateValues(_ view: DigestView, words: WeekWords, subject: String, summary: String, link: String) throws(InputError)
        -> TemplateValue
    {
        let locale = words.words
        let texts = companyTexts[view.language]!
        let context = DigestSection.Context(view: view, words: words, company: self)
        var values: [(String, TemplateValue)] = []
        for section in DigestSection.all { values.append((section.key, try section.templateValue(context))) }
        values += [
            ("lang", .string(view.language)),
            ("subject", .string(subject)),
            ("preheader", .string(summary)),
            ("title", .string(texts.title)),
            ("week_title", .string(words.weekTitle)),
            ("greeting", .string(words.greeting.fill(view.employee.firstName))),
            ("intro", .string(texts.intro)),
            ("unsubscribe_url", .string(link)),
            ("has_app_url", .bool(composer.settings.appURL != nil)),
            ("app_url", .string(composer.settings.appURL ?? "")),
            ("footer", ["why": .string(texts.why)]),
            ("t", locale.templateValue),
        ]
        return .map(TemplateMap(pairs: values))
    }
}
