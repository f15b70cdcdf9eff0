import Foundation
import GazetteCore
import GazetteSite

extension DigestComposer {
    /// Renders a made-up digest in every language with every section, list, "more" line, half day,
    /// range and overnight shift, so that a template or locale mistake stops the run before anything
    /// is written (a strict template only fails on the tags it actually reaches).
    public func check() throws(InputError) {
        // Every section's own words, in every language, whether or not the made-up digest reaches them.
        var problems = ProblemList()
        for language in settings.languages {
            for section in DigestSection.all {
                for key in section.words {
                    _ = problems.collect { () throws(InputError) in try locales[language].text(key) }
                }
            }
        }
        try problems.check()
        let week = ISOWeek(year: 2026, week: 53)!
        let day = { (offset: Int) in week.monday.adding(days: offset) }
        var companies: [Company] = []
        var employees: [Employee] = []
        var leave: [Leave] = []
        var daysOff: [DayOff] = []
        var shifts: [Shift] = []
        for (position, language) in settings.languages.enumerated() {
            let id = "check-\(language)"
            companies.append(
                Company(id: id, name: "Check", locale: language, timeZoneID: "UTC", timeZone: TimeZone(identifier: "UTC")!, line: 1))
            func person(_ name: String, team: String) -> Int {
                employees.append(
                    Employee(
                        id: "\(id)-\(name)", companyID: id, firstName: name, lastName: "Check", email: "\(name)@check.example",
                        locale: nil, team: team, birthday: Birthday(month: 12, day: 29), sharesBirthday: true, onboarded: true,
                        optedOut: false, startDate: nil, endDate: nil, line: 1))
                return employees.count - 1
            }
            let recipient = person("r", team: "A")
            let loner = person("l", team: "")
            let teammate = person("t", team: "A")
            let other = person("o", team: "B")
            leave.append(Leave(employee: teammate, startDate: day(0), endDate: day(2), part: .full, status: .approved, line: 1))
            leave.append(Leave(employee: teammate, startDate: day(4), endDate: day(4), part: .am, status: .approved, line: 1))
            leave.append(Leave(employee: other, startDate: day(0), endDate: day(6), part: .full, status: .approved, line: 1))
            leave.append(Leave(employee: loner, startDate: day(3), endDate: day(3), part: .pm, status: .approved, line: 1))
            daysOff.append(DayOff(company: position, date: day(3), name: "Check", line: 1))
            daysOff.append(DayOff(company: position, date: day(4), name: "Check", line: 1))
            for person in [recipient, loner] {
                shifts.append(
                    Shift(employee: person, date: day(1), start: TimeOfDay("06:00")!, end: TimeOfDay("14:00")!, location: "Check", line: 1))
                shifts.append(
                    Shift(employee: person, date: day(6), start: TimeOfDay("22:00")!, end: TimeOfDay("06:00")!, location: "", line: 1))
            }
        }
        let export = HRExport(companies: companies, employees: employees, leave: leave, daysOff: daysOff, shifts: shifts, invalidRows: [])
        // A made-up change announced before the week and in effect after it, in every language
        // (its own text and the prevailing one), so the notice's words and template are tried too.
        var trial = self
        let site =
            policyNotices.map(\.site) ?? SiteSettings(title: "Check", baseURL: "https://check.example", languages: settings.languages)
        let reference = PolicyVersion(
            slug: "check", language: site.prevailingLanguage, effective: day(10), title: "Check", summary: "Check",
            announced: day(-10), notify: [.employees], body: "", path: "check.md")
        trial.policyNotices = PolicyNoticeSection(
            changes: [
                PolicyRelease(
                    slug: "check", effective: reference.effective, reference: reference, translations: [reference.language: reference])
            ],
            site: site)
        for company in companies.indices {
            for cap in [1, 10] {
                let composer = try trial.company(CompanyWeek(export: export, company: company, week: week, cap: cap))
                for recipient in export.employeesByCompany[company].prefix(2) {
                    _ = try composer.compose(recipient)
                }
            }
        }
    }
}
