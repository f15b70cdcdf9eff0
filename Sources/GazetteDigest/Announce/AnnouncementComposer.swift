import Foundation
import GazetteCore
import GazetteMail
import GazetteSite

/// Lays out announcements: one contact's email about one version → subject, plain text, HTML
/// (Templates/announce/), the version's PDF attached, signed like a digest when `digest.dkim` is set.
public struct AnnouncementComposer: Sendable {
    public let digest: DigestSettings
    public let site: SiteSettings
    public let templates: TemplateSet
    public let locales: LocaleCatalog
    public let signer: DKIMSigner?

    /// Templates every announcement run needs.
    public static let requiredTemplates = ["announce/email.html", "announce/email.txt"]

    public init(digest: DigestSettings, site: SiteSettings, templates: TemplateSet, locales: LocaleCatalog, signer: DKIMSigner?) {
        self.digest = digest
        self.site = site
        self.templates = templates
        self.locales = locales
        self.signer = signer
    }

    /// One contact's announcement, laid out.
    public struct Composed: Sendable {
        public var message: NoticeMessage
        /// The document's language shown (the contact's, or the prevailing one with the fallback sentence).
        public var documentLanguage: String
        public var isFallback: Bool
        /// The whole .eml, DKIM signatures first when the run signs.
        public var bytes: [UInt8]
    }

    /// The language a contact reads: their own, else their company's.
    public static func language(of contact: Contact, in export: HRExport) -> String {
        contact.locale ?? export.companies[contact.company].locale
    }

    /// The email to `contact` about `announcement`; `pdf` gives a version's PDF bytes (by its path).
    public func compose(_ announcement: Announcement, for contact: Contact, in export: HRExport, pdf: (PolicyVersion) -> [UInt8])
        throws(InputError) -> Composed
    {
        let company = export.companies[contact.company]
        let language = Self.language(of: contact, in: export)
        let words = locales[language]
        let (version, isFallback) = announcement.release.version(for: language)
        let effective = try words.longDate(announcement.effective)
        let subject = try words.format("announce.subject", ["title": version.title, "date": effective])
        let sender = digest.from.displayName.isEmpty ? digest.from.domain : digest.from.displayName
        // The changes page exists where the shown language has an earlier version; else the reference's.
        let changesVersion = announcement.release.changesVersion(for: version)
        let greeting =
            try contact.name.isEmpty
            ? words.text("announce.greeting_no_name") : words.format("announce.greeting", ["name": contact.name])
        var fallback = ""
        if isFallback {
            fallback = try words.format("announce.fallback", ["language": try words.text("site.language_names." + version.language)])
        }
        let summary = try version.summary.isEmpty ? words.text("announce.no_summary") : version.summary
        let deadline = try words.longDate(announcement.objectionDeadline)
        let objection = try words.format("announce.objection", ["company": company.name, "date": deadline])
        let intro = try words.format("announce.intro", ["title": version.title, "company": company.name, "date": effective])
        let footer = try words.format("announce.footer", ["company": company.name, "sender": sender])
        let values: TemplateValue = [
            "lang": .string(language),
            "document_lang": .string(version.language),
            "subject": .string(subject),
            "preheader": .string(version.summary.isEmpty ? subject : version.summary),
            "title": .string(version.title),
            "greeting": .string(greeting),
            "intro": .string(intro),
            "has_fallback": .bool(isFallback),
            "fallback": .string(fallback),
            "summary": .string(summary),
            "objection": .string(objection),
            "version_url": .string(PolicyLinks.versionURL(version, settings: site)),
            "has_changes": .bool(true),
            "changes_url": .string(PolicyLinks.changesURL(changesVersion, settings: site)),
            "pdf_url": .string(PolicyLinks.pdfURL(version, settings: site)),
            "footer": .string(footer),
            "t": locales[language].templateValue,
        ]
        var html: [UInt8] = []
        try templates.render("announce/email.html", values, into: &html)
        var text: [UInt8] = []
        try templates.render("announce/email.txt", values, into: &text)
        guard let to = MailAddress(displayName: contact.name, address: contact.email) else {
            throw InputError(
                InputProblem(path: "contacts.csv", line: contact.line, "email \(FieldCheck.quoted(contact.email)) is not a valid address"))
        }
        let messageID = MailMessage.messageID(
            for: ["announce", announcement.slug, announcement.effective.description, company.id, contact.email.lowercased()],
            domain: digest.from.domain)
        let message = NoticeMessage(
            date: SendMoment.date(on: announcement.announced, at: digest.sendTime, in: company.timeZone), from: digest.from, to: to,
            subject: subject, messageID: messageID, language: language, textBody: text, htmlBody: html,
            attachments: [
                NoticeMessage.Attachment(fileName: PolicyLinks.pdfFileName(version), contentType: "application/pdf", bytes: pdf(version))
            ])
        let bytes = try message.bytes(signedBy: signer)
        return Composed(message: message, documentLanguage: version.language, isFallback: isFallback, bytes: bytes)
    }

    /// Composes a made-up announcement in every language, with and without a name, a summary and a
    /// translation, so that a template or locale mistake stops the run before anything is written.
    public func check() throws(InputError) {
        let prevailing = site.prevailingLanguage
        for language in locales.words.keys.sorted() {
            let companies = [
                Company(id: "check", name: "Check", locale: language, timeZoneID: "UTC", timeZone: TimeZone(identifier: "UTC")!, line: 1)
            ]
            let contacts = [
                Contact(company: 0, email: "a@check.example", name: "Check", locale: nil, notices: true, number: 1, line: 1),
                Contact(company: 0, email: "b@check.example", name: "", locale: nil, notices: true, number: 2, line: 1),
            ]
            let export = HRExport(
                companies: companies, employees: [], leave: [], daysOff: [], shifts: [], contacts: contacts, invalidRows: [])
            let day = CivilDate(year: 2026, month: 12, day: 1)!
            for (summary, own) in [("Check", true), ("", false)] {
                let reference = PolicyVersion(
                    slug: "check", language: prevailing, effective: day.adding(days: 60), title: "Check", summary: summary,
                    announced: day, body: "", path: "check.md")
                var translations = [prevailing: reference]
                if own {
                    var translation = reference
                    translation.language = language
                    translations[language] = translation
                }
                let announcement = Announcement(
                    release: PolicyRelease(slug: "check", effective: reference.effective, reference: reference, translations: translations),
                    objectionDeadline: day.adding(days: site.objectionDays))
                for contact in contacts {
                    _ = try compose(announcement, for: contact, in: export, pdf: { _ in Array("%PDF-1.7 check".utf8) })
                }
            }
        }
    }
}
