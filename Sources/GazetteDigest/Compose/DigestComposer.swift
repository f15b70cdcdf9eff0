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
    /// Each language's words as template values (`{{t.digest.…}}`), converted once per run.
    let localeValues: [String: TemplateValue]
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
        self.localeValues = locales.words.mapValues { TemplateValue(plain: $0.templateValues) }
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
    /// Per language: the week's notice of policy changes (`policy_notice`), the same for everyone.
    let policyNotice: [String: TemplateValue]

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
        var policyNotice: [String: TemplateValue] = [:]
        for language in used.sorted() {
            let locale = composer.locales[language]
            policyNotice[language] = try composer.policyNotices?.value(on: week.week.monday, words: locale) ?? PolicyNoticeSection.none
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
        self.policyNotice = policyNotice
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
        if view.colleaguesOut > 0 { counts.append(try words.count("digest.count.out", view.colleaguesOut)) }
        if !week.daysOff.isEmpty { counts.append(try words.count("digest.count.days_off", week.daysOff.count)) }
        if view.colleagueBirthdays > 0 { counts.append(try words.count("digest.count.birthdays", view.colleagueBirthdays)) }
        if view.shiftCount > 0 { counts.append(try words.count("digest.count.shifts", view.shiftCount)) }
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
        let messageID = MailMessage.messageID(for: ["digest", company.id, employee.id, week.week.description], domain: settings.from.domain)
        // The batch only composes for recipients; a preview may ask for anyone, so say why not.
        guard let to = MailAddress(displayName: employee.fullName, address: employee.email) else {
            throw InputError(InputProblem(path: "employees.csv", line: employee.line,
                "email \(FieldCheck.quoted(employee.email)) of \(employee.id) is not a usable address: this employee gets no digest"))
        }
        var message = MailMessage(
            date: date, from: sender, to: to,
            subject: subject, messageID: messageID, language: language, list: (name: company.name, id: settings.listID),
            unsubscribe: (https: link, mailto: settings.unsubscribeMailtoLink(token: token)), textBody: text, htmlBody: html)
        message.shared = sharedHeaders
        var bytes: [UInt8]
        if let signer = composer.signer {
            do {
                bytes = try signer.sign(message)
            } catch {
                // A key that read but cannot sign is a broken key file (the trial digests of
                // `check()` meet it before anything is written).
                throw InputError(InputProblem(path: error.source, error.message))
            }
        } else {
            bytes = message.bytes()
        }
        return ComposedDigest(view: view, subject: subject, message: message, encoded: bytes)
    }

    private func templateValues(_ view: DigestView, words: WeekWords, subject: String, summary: String, link: String) throws(InputError)
        -> TemplateValue
    {
        let locale = words.words
        let employees = week.export.employees
        let monday = week.week.monday
        let texts = companyTexts[view.language]!

        let rows = absenceRows[view.language]!
        func person(_ absence: CompanyWeek.Absence, showTeam: Bool) -> TemplateValue {
            let row = rows[week.absenceOf[absence.employee]!]
            return showTeam ? row.withTeam : row.withoutTeam
        }
        var groups: [TemplateValue] = []
        let team = view.employee.team
        if !view.teamOut.isEmpty {
            groups.append([
                "title": .string(try locale.format("digest.out.your_team", ["team": team])),
                "people": .list(view.teamOut.map { person($0, showTeam: false) }),
            ])
        }
        if !view.othersOut.isEmpty {
            let title = try locale.text(team.isEmpty ? "digest.out.colleagues" : "digest.out.others")
            groups.append(["title": .string(title), "people": .list(view.othersOut.map { person($0, showTeam: true) })])
        }
        func section(has: Bool, more: Int, key: String, _ listKey: String, _ list: [TemplateValue]) throws(InputError) -> TemplateValue {
            [
                "has": .bool(has), "has_more": .bool(more > 0), "more": .string(more > 0 ? try words.count(key, more) : ""),
                listKey: .list(list),
            ]
        }
        let daysOff = try section(
            has: !view.daysOff.isEmpty, more: week.daysOff.count - view.daysOff.count, key: "digest.days_off.more", "items",
            view.daysOff.map { ["date": .string(words.dates[monday.days(until: $0.date)]), "name": .string($0.name)] })
        let out = try section(has: view.colleaguesOut > 0, more: view.moreOut, key: "digest.out.more", "groups", groups)
        let birthdays = try section(
            has: view.colleagueBirthdays > 0, more: view.moreBirthdays, key: "digest.birthdays.more", "people",
            view.birthdays.map {
                ["name": .string(employees[$0.employee].fullName), "date": .string(words.dates[monday.days(until: $0.date)])]
            })
        var shiftItems: [TemplateValue] = []
        for item in view.shifts {
            let day = monday.days(until: item.shift.date)
            shiftItems.append([
                "date": .string(words.dates[day]), "hours": .string(try words.hours(item.shift, dayIndex: day)),
                "location": .string(item.shift.location), "has_location": .bool(!item.shift.location.isEmpty),
            ])
        }
        let shifts = try section(has: view.shiftCount > 0, more: view.moreShifts, key: "digest.shifts.more", "items", shiftItems)
        return [
            "lang": .string(view.language),
            "subject": .string(subject),
            "preheader": .string(summary),
            "title": .string(texts.title),
            "week_title": .string(words.weekTitle),
            "greeting": .string(words.greeting.fill(view.employee.firstName)),
            "intro": .string(texts.intro),
            "days_off": daysOff,
            "out": out,
            "birthdays": birthdays,
            "shifts": shifts,
            "policy_notice": policyNotice[view.language]!,
            "unsubscribe_url": .string(link),
            "has_app_url": .bool(composer.settings.appURL != nil),
            "app_url": .string(composer.settings.appURL ?? ""),
            "footer": ["why": .string(texts.why)],
            "t": composer.localeValues[view.language]!,
        ]
    }
}
