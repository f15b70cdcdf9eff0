import Foundation
import GazetteCore
import GazetteDigest
import GazetteSite
import GazetteTestSupport
import Testing

/// The planner's rules: when an announcement is due, until when customers may object, and the
/// notice-period checks that stop `gazette announce` before anything is written.
@Suite struct AnnouncementPlanTests {
    /// A document of two versions (the second announced on `announced`), in Dutch and English.
    static func library(announced: String, effective: String, notify: Set<PolicyAudience> = [.customers], shortNotice: String? = nil)
        -> PolicyLibrary
    {
        var versions: [PolicyVersion] = []
        for language in ["nl", "en"] {
            versions.append(
                PolicyVersion(
                    slug: "terms", language: language, effective: CivilDate(iso: "2025-01-01")!, title: "Terms", body: "x",
                    path: "terms/1.\(language).md"))
            versions.append(
                PolicyVersion(
                    slug: "terms", language: language, effective: CivilDate(iso: effective)!, title: "Terms", summary: "Changed.",
                    announced: CivilDate(iso: announced)!, announcedLine: 4, notify: notify, shortNoticeReason: shortNotice, body: "x",
                    path: "terms/2.\(language).md"))
        }
        return PolicyLibrary(versions)
    }

    static func site(objectionDays: Int = 14, noticeDays: Int = 30) -> SiteSettings {
        SiteSettings(
            title: "Koraal HR", baseURL: "https://legal.koraal-hr.example", languages: ["nl", "en", "fr"], prevailingLanguage: "nl",
            noticeDays: noticeDays, objectionDays: objectionDays)
    }

    static func plan(_ library: PolicyLibrary, site: SiteSettings = site(), today: String, complete: Bool = false) throws(InputError)
        -> AnnouncementPlan
    {
        try AnnouncementPlan.make(library: library, settings: site, export: Sample.export, today: CivilDate(iso: today)!) { _ in complete }
    }

    struct Deadline: Sendable, CustomTestStringConvertible {
        var announced: String
        var days: Int
        var expected: String
        var english: String
        var testDescription: String { "\(announced) + \(days) = \(expected)" }
    }

    static let deadlines = [
        Deadline(announced: "2026-11-20", days: 14, expected: "2026-12-04", english: "4 December 2026"),
        Deadline(announced: "2026-11-30", days: 1, expected: "2026-12-01", english: "1 December 2026"),
        Deadline(announced: "2026-12-25", days: 14, expected: "2027-01-08", english: "8 January 2027"),
        Deadline(announced: "2027-02-20", days: 14, expected: "2027-03-06", english: "6 March 2027"),
        Deadline(announced: "2028-02-20", days: 14, expected: "2028-03-05", english: "5 March 2028"),
        Deadline(announced: "2028-02-15", days: 14, expected: "2028-02-29", english: "29 February 2028"),
        Deadline(announced: "2026-01-31", days: 30, expected: "2026-03-02", english: "2 March 2026"),
        Deadline(announced: "2026-10-31", days: 0, expected: "2026-10-31", english: "31 October 2026"),
    ]

    /// The deadline is `announced` plus `site.objection_days`, counted in calendar days across month
    /// and year ends and 29 February, and the email says that day.
    @Test(arguments: deadlines) func objectionDeadline(_ deadline: Deadline) throws {
        let announced = CivilDate(iso: deadline.announced)!
        let library = Self.library(announced: deadline.announced, effective: announced.adding(days: 60).description)
        let site = Self.site(objectionDays: deadline.days)
        let plan = try Self.plan(library, site: site, today: deadline.announced)
        let announcement = try #require(plan.due.first)
        #expect(announcement.objectionDeadline.description == deadline.expected)
        let composer = AnnouncementComposer(
            digest: Sample.inputs.settings, site: site, templates: try TemplateSet.load(from: TestSupport.path("Templates"), required: []),
            locales: Sample.inputs.composer.locales, signer: nil)
        let export = Sample.export
        let jeroen = try #require(export.contacts.first { $0.email.hasPrefix("jeroen") })
        let composed = try composer.compose(announcement, for: jeroen, in: export) { _ in Array("%PDF-1.7".utf8) }
        #expect(composed.message.text.contains("you may object until \(deadline.english) by replying"))
    }

    @Test func dueFromTheAnnouncedDayUntilTheDayBeforeItTakesEffect() throws {
        let library = Self.library(announced: "2026-11-20", effective: "2027-01-01")
        for (today, state) in [
            ("2026-11-19", "later"), ("2026-11-20", "due"), ("2026-12-31", "due"), ("2027-01-01", "missed"), ("2027-06-01", "missed"),
        ] {
            let plan = try Self.plan(library, today: today)
            let found = [("later", plan.later), ("due", plan.due), ("missed", plan.missed), ("complete", plan.complete)]
                .filter { !$0.1.isEmpty }.map(\.0)
            #expect(found == [state], "\(today)")
        }
        #expect(try Self.plan(library, today: "2026-11-25", complete: true).complete.map(\.name) == ["terms-2027-01-01"])
    }

    /// Too late: announced fewer than `site.notice_days` before it takes effect is bad input for
    /// `gazette announce`, unless the version says `notice: short` with a reason. Early is fine.
    @Test func tooLateAnnouncementsStopTheRun() throws {
        let late = Self.library(announced: "2026-12-10", effective: "2027-01-01")
        #expect(
            throws: InputError(
                InputProblem(
                    path: "terms/2.nl.md", line: 4,
                    "announced 2026-12-10 is 22 days before it takes effect on 2027-01-01, fewer than site.notice_days (30): announce on 2026-12-02 "
                        + "or earlier, take effect later, or write notice: short with notice_reason: why it cannot wait"))
        ) {
            try Self.plan(late, today: "2026-11-01")
        }
        // Exactly the notice period, or more (announced early, long before the day): fine.
        #expect(try Self.plan(Self.library(announced: "2026-12-02", effective: "2027-01-01"), today: "2026-12-02").due.count == 1)
        #expect(try Self.plan(Self.library(announced: "2026-06-01", effective: "2027-01-01"), today: "2026-11-01").due.count == 1)
        // With a reason for the short notice.
        let short = Self.library(announced: "2026-12-10", effective: "2027-01-01", shortNotice: "The law changes on 1 January.")
        #expect(try Self.plan(short, today: "2026-12-10").due.count == 1)
        // notice_days 0 turns the check off; a version already in effect is history, not checked.
        #expect(try Self.plan(late, site: Self.site(noticeDays: 0), today: "2026-12-10").due.count == 1)
        #expect(try Self.plan(late, today: "2027-02-01").missed.count == 1)
    }

    @Test func onlyCustomerDocumentsAfterTheirFirstVersionAreAnnounced() throws {
        let employeesOnly = Self.library(announced: "2026-11-20", effective: "2027-01-01", notify: [.employees])
        #expect(try Self.plan(employeesOnly, today: "2026-11-20").due.isEmpty)
        let both = Self.library(announced: "2026-11-20", effective: "2027-01-01", notify: [.customers, .employees])
        #expect(try Self.plan(both, today: "2026-11-20").due.count == 1)
        let first = PolicyLibrary([
            PolicyVersion(
                slug: "new", language: "nl", effective: CivilDate(iso: "2027-01-01")!, title: "New",
                announced: CivilDate(iso: "2026-11-20")!,
                body: "x", path: "new/1.nl.md")
        ])
        #expect(try Self.plan(first, today: "2026-11-20").due.isEmpty)
    }

    @Test func translationsMustAgreeOnAnnouncedAndNotify() {
        var versions = Self.library(announced: "2026-11-20", effective: "2027-01-01").versions
        let index = versions.firstIndex { $0.language == "en" && $0.announced != nil }!
        versions[index].announced = CivilDate(iso: "2026-11-21")!
        #expect(
            throws: InputError(
                InputProblem(
                    path: "terms/2.en.md", line: 4,
                    "announced and notify must be the same as in terms/2.nl.md (its translation): announced 2026-11-21 and 2026-11-20, "
                        + "notify [\"customers\"] and [\"customers\"]"))
        ) {
            try Self.plan(PolicyLibrary(versions), today: "2026-11-20")
        }
    }

    /// The sample's companies: thames has no contact, so it is named once for every run with
    /// something due; nothing is said when nothing is due.
    @Test func companiesWithoutContactsAreReported() throws {
        let library = Self.library(announced: "2026-11-20", effective: "2027-01-01")
        #expect(
            try Self.plan(library, today: "2026-11-20").warnings == [
                "warning: contacts.csv: company thames (Thames Lantern Bakery Ltd) has no contact with notices: terms-2027-01-01 reaches nobody there; "
                    + "add a row for it to contacts.csv"
            ])
        #expect(try Self.plan(library, today: "2026-11-19").warnings.isEmpty)
    }
}
