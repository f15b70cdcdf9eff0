import GazetteCore

/// Every person and day one digest shows, and why it may: the privacy panel of the preview's email
/// page, so a reviewer sees at a glance that nothing leaks. Built from the view's items and their
/// `ShownBecause`, by each `DigestSection`'s rule.
public struct PrivacyItem: Sendable, Equatable {
    /// The section of the email: "Recipient", "Day off", "Out of office", "Birthday", "Own shift".
    public var section: String
    /// The person or day off shown.
    public var shown: String
    /// What is shown about it: "team colleague (Brouwzaal), out Tuesday afternoon".
    public var detail: String
    /// The rule that allows it, in a sentence (the same for every item of the rule).
    public var rule: String
    /// The rows of the export it comes from (`leave.csv:12`).
    public var rows: String

    public init(section: String, shown: String, detail: String, rule: String, rows: String) {
        self.section = section
        self.shown = shown
        self.detail = detail
        self.rule = rule
        self.rows = rows
    }
}

/// The items of one section shown under one rule: the panel says the rule once, then lists them.
public struct PrivacyGroup: Sendable, Equatable {
    public var section: String
    public var rule: String
    public var items: [PrivacyItem]
}

/// The privacy panel of one digest: the recipient, then each section's rows (`DigestSection.privacy`).
public enum PrivacyPanel {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    public static func items(for view: DigestView) -> [PrivacyItem] {
        let recipient = view.employee
        let items = [
            PrivacyItem(
                section: "Recipient", shown: recipient.fullName, detail: "greeted by first name; their own shifts are listed",
                rule: "the recipient of this email", rows: "employees.csv:\(recipient.line)")
        ]
        return items + DigestSection.all.flatMap { $0.privacy(view) }
    }

    /// The items grouped by section and rule, in the email's order: a rule's long sentence is said
    /// once for all the people and days it allows, not on every row.
    public static func groups(for view: DigestView) -> [PrivacyGroup] {
        var groups: [PrivacyGroup] = []
        for item in items(for: view) {
            if let index = groups.firstIndex(where: { $0.section == item.section && $0.rule == item.rule }) {
                groups[index].items.append(item)
            } else {
                groups.append(PrivacyGroup(section: item.section, rule: item.rule, items: [item]))
            }
        }
        return groups
    }

    /// What the caps left out: counted in the email ("and 3 more"), never named.
    public static func notNamed(in view: DigestView) -> [String] {
        let cap = view.week.cap
        return DigestSection.all.compactMap { section in
            let more = section.more(view)
            guard more > 0, let notNamed = section.notNamed else { return nil }
            return "\(more) more \(notNamed) (list_cap \(cap))"
        }
    }

    /// "Tuesday 29 December".
    public static func date(_ date: CivilDate) -> String {
        "\(weekdays[date.weekday - 1]) \(date.day) \(months[date.month - 1])"
    }

    /// The days of an absence, Monday first, one mask per day (am 1, pm 2, whole day 3):
    /// "the whole week", "Monday to Wednesday, Friday morning".
    public static func days(_ parts: [UInt8]) -> String {
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
