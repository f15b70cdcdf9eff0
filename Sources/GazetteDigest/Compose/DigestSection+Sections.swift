import GazetteCore

/// The five sections of the weekly digest. Each is one value: adding a section is adding one more
/// here, naming it in `DigestSection.all`, and giving it a template part and its locale words.
extension DigestSection {
    /// The company's days off this week (everyone's, so no one is named).
    static let daysOff = DigestSection(
        key: "days_off", listKey: "items", subjectRank: 1, countsAsContent: true, isCapped: true,
        total: { $0.week.daysOff.count }, listed: { $0.daysOff.count },
        items: { context throws(InputError) in
            let monday = context.view.week.week.monday
            return context.view.daysOff.map {
                ["date": .string(context.words.dates[monday.days(until: $0.date)]), "name": .string($0.name)]
            }
        },
        privacy: { view in
            view.daysOff.map {
                PrivacyItem(
                    section: "Day off", shown: $0.name, detail: "on \(PrivacyPanel.date($0.date))", rule: $0.because.sentence,
                    rows: $0.because.source)
            }
        },
        notNamed: "days off are counted, not named", words: [])

    /// Colleagues out of office: the recipient's team first, then the others.
    static let out = DigestSection(
        key: "out", listKey: "groups", subjectRank: 0, countsAsContent: true, isCapped: true,
        total: { $0.colleaguesOut }, listed: { $0.teamOut.count + $0.othersOut.count },
        items: { context throws(InputError) in
            let view = context.view
            let week = view.week
            let locale = context.words.words
            let rows = context.company.absenceRows[view.language]!
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
            return groups
        },
        privacy: { view in
            let employees = view.week.export.employees
            let recipient = view.employee
            return (view.teamOut + view.othersOut).map { absence in
                let colleague = employees[absence.employee]
                let relation: String
                if !recipient.team.isEmpty, colleague.team == recipient.team {
                    relation = "team colleague (\(colleague.team))"
                } else if colleague.team.isEmpty {
                    relation = "colleague without a team"
                } else {
                    relation = recipient.team.isEmpty ? "colleague (\(colleague.team))" : "colleague in another team (\(colleague.team))"
                }
                return PrivacyItem(
                    section: "Out of office", shown: colleague.fullName, detail: "\(relation), out \(PrivacyPanel.days(absence.parts))",
                    rule: absence.because.sentence, rows: absence.because.source)
            }
        },
        notNamed: "colleagues out are counted, not named",
        words: [
            "digest.out.your_team", "digest.out.others", "digest.out.colleagues", "digest.out.whole_week", "digest.out.range",
            "digest.out.half_day", "digest.out.separator", "digest.am", "digest.pm",
        ])

    /// Colleagues' birthdays (only of those who share theirs).
    static let birthdays = DigestSection(
        key: "birthdays", listKey: "people", subjectRank: 2, countsAsContent: true, isCapped: true,
        total: { $0.colleagueBirthdays }, listed: { $0.birthdays.count },
        items: { context throws(InputError) in
            let employees = context.view.week.export.employees
            let monday = context.view.week.week.monday
            return context.view.birthdays.map {
                ["name": .string(employees[$0.employee].fullName), "date": .string(context.words.dates[monday.days(until: $0.date)])]
            }
        },
        privacy: { view in
            let employees = view.week.export.employees
            return view.birthdays.map {
                PrivacyItem(
                    section: "Birthday", shown: employees[$0.employee].fullName, detail: "shared birthday on \(PrivacyPanel.date($0.date))",
                    rule: $0.because.sentence, rows: $0.because.source)
            }
        },
        notNamed: "birthdays are counted, not named", words: [])

    /// The recipient's own shifts.
    static let shifts = DigestSection(
        key: "shifts", listKey: "items", subjectRank: 3, countsAsContent: true, isCapped: true,
        total: { $0.shiftCount }, listed: { $0.shifts.count },
        items: { context throws(InputError) in
            let monday = context.view.week.week.monday
            var items: [TemplateValue] = []
            for item in context.view.shifts {
                let day = monday.days(until: item.shift.date)
                items.append([
                    "date": .string(context.words.dates[day]), "hours": .string(try context.words.hours(item.shift, dayIndex: day)),
                    "location": .string(item.shift.location), "has_location": .bool(!item.shift.location.isEmpty),
                ])
            }
            return items
        },
        privacy: { view in
            view.shifts.map { item in
                let shift = item.shift
                let location = shift.location.isEmpty ? "" : " at \(shift.location)"
                return PrivacyItem(
                    section: "Own shift", shown: PrivacyPanel.date(shift.date),
                    detail: "\(shift.start)–\(shift.end)\(shift.endsNextDay ? " (next day)" : "")\(location)", rule: item.because.sentence,
                    rows: item.because.source)
            }
        },
        notNamed: "own shifts are counted, not listed", words: ["digest.shifts.hours", "digest.shifts.overnight", "digest.time"])

    /// The policy changes announced to employees and not yet in effect (`notify: employees`): the
    /// same for everyone of a company and language, about no one, so it is not counted in the
    /// subject, has no rule in the privacy panel, and alone does not make a digest worth sending.
    /// Its items come from `PolicyNoticeSection`, once per company and language.
    static let policyNotice = DigestSection(
        key: "policy_notice", listKey: "items", subjectRank: nil, countsAsContent: false, isCapped: false,
        total: { _ in 0 }, listed: { _ in 0 },
        items: { context throws(InputError) in context.company.policyNoticeItems[context.view.language] ?? [] },
        privacy: { _ in [] }, notNamed: nil, words: ["digest.policy_notice.item"])
}
