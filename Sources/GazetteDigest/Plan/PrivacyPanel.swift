import GazetteCore
import GazetteDigest

/// Every person and day one digest shows, and why it may: the privacy panel of the email page, so a
/// reviewer sees at a glance that nothing leaks. Built from the view's items and their `ShownBecause`.
struct PrivacyItem: Sendable, Equatable {
    /// The section of the email: "Recipient", "Day off", "Out of office", "Birthday", "Own shift".
    var section: String
    /// The person or day off shown.
    var shown: String
    /// What is shown about it: "team colleague (Brouwzaal), out Tuesday afternoon".
    var detail: String
    /// The rule that allows it and the rows it comes from.
    var why: String
}

enum PrivacyPanel {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    static func items(for view: DigestView) -> [PrivacyItem] {
        let employees = view.week.export.employees
        let recipient = view.employee
        var items = [
            PrivacyItem(
                section: "Recipient", shown: recipient.fullName, detail: "greeted by first name; their own shifts are listed",
                why: "the recipient of this email (employees.csv:\(recipient.line))")
        ]
        for day in view.daysOff {
            items.append(PrivacyItem(section: "Day off", shown: day.name, detail: "on \(date(day.date))", why: day.because.explanation))
        }
        for absence in view.teamOut + view.othersOut {
            let colleague = employees[absence.employee]
            let relation: String
            if !recipient.team.isEmpty, colleague.team == recipient.team {
                relation = "team colleague (\(colleague.team))"
            } else if colleague.team.isEmpty {
                relation = "colleague without a team"
            } else {
                relation = recipient.team.isEmpty ? "colleague (\(colleague.team))" : "colleague in another team (\(colleague.team))"
            }
            items.append(
                PrivacyItem(section: "Out of office", shown: colleague.fullName, detail: "\(relation), out \(days(absence.parts))", why: absence.because.explanation))
        }
        for birthday in view.birthdays {
            items.append(
                PrivacyItem(
                    section: "Birthday", shown: employees[birthday.employee].fullName, detail: "shared birthday on \(date(birthday.date))",
                    why: birthday.because.explanation))
        }
        for item in view.shifts {
            let shift = item.shift
            let location = shift.location.isEmpty ? "" : " at \(shift.location)"
            items.append(
                PrivacyItem(
                    section: "Own shift", shown: date(shift.date), detail: "\(shift.start)–\(shift.end)\(shift.endsNextDay ? " (next day)" : "")\(location)",
                    why: item.because.explanation))
        }
        return items
    }

    /// What the caps left out: counted in the email ("and 3 more"), never named.
    static func notNamed(in view: DigestView) -> [String] {
        var lines: [String] = []
        let cap = view.week.cap
        if view.moreOut > 0 { lines.append("\(view.moreOut) more colleagues out are counted, not named (list_cap \(cap))") }
        if view.moreBirthdays > 0 { lines.append("\(view.moreBirthdays) more birthdays are counted, not named (list_cap \(cap))") }
        if view.moreShifts > 0 { lines.append("\(view.moreShifts) more own shifts are counted, not listed (list_cap \(cap))") }
        let moreDaysOff = view.week.daysOff.count - view.daysOff.count
        if moreDaysOff > 0 { lines.append("\(moreDaysOff) more days off are counted, not named (list_cap \(cap))") }
        return lines
    }

    /// "Tuesday 29 December".
    static func date(_ date: CivilDate) -> String {
        "\(weekdays[date.weekday - 1]) \(date.day) \(months[date.month - 1])"
    }

    /// The days of an absence, Monday first, one mask per day (am 1, pm 2, whole day 3):
    /// "the whole week", "Monday to Wednesday, Friday morning".
    static func days(_ parts: [UInt8]) -> String {
        if parts.allSatisfy({ $0 == 3 }) { return "the whole week" }
        var pieces: [String] = []
        var day = 0
        while day < parts.count {
            switch parts[day] {
            case 3:
                var last = day
                while last + 1 < parts.count, parts[last + 1] == 3 { last += 1 }
                pieces.append(last == day ? weekdays[day] : "\(weekdays[day]) to \(weekdays[last])")
                day = last + 1
            case 1, 2:
                pieces.append("\(weekdays[day]) \(parts[day] == 1 ? "morning" : "afternoon")")
                day += 1
            default:
                day += 1
            }
        }
        return pieces.joined(separator: ", ")
    }
}
