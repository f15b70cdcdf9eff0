import GazetteCore
import GazetteMail

/// Why an employee gets no digest this week (the manifest's `reason`). When several apply, the
/// first in this order is given.
public enum SkipReason: String, Sendable, CaseIterable, Comparable {
    case inactive
    case notOnboarded = "not_onboarded"
    case optedOut = "opted_out"
    case noEmail = "no_email"
    case invalidEmail = "invalid_email"
    case empty

    public static func < (lhs: SkipReason, rhs: SkipReason) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The reason `employee` gets no digest in `week` before looking at its content, or nil for a recipient.
    public static func before(content employee: Employee, in week: ISOWeek) -> SkipReason? {
        if !employee.isEmployed(during: week) { return .inactive }
        if !employee.onboarded { return .notOnboarded }
        if employee.optedOut { return .optedOut }
        if employee.email.isEmpty { return .noEmail }
        if !MailAddress.isValid(employee.email) { return .invalidEmail }
        return nil
    }
}

/// What one recipient's digest shows: the company's week seen by one colleague, with the recipient
/// left out of the lists about colleagues, their team first, and long lists capped.
public struct DigestView: Sendable {
    public let week: CompanyWeek
    /// Position of the recipient in `week.export.employees`.
    public let recipient: Int
    public let daysOff: [CompanyWeek.DayOffItem]
    /// Colleagues of the recipient's team who are out, then the others; together at most the cap.
    public let teamOut: [CompanyWeek.Absence]
    public let othersOut: [CompanyWeek.Absence]
    /// Colleagues out in all (without the recipient), shown or not.
    public let colleaguesOut: Int
    public let birthdays: [CompanyWeek.BirthdayItem]
    public let colleagueBirthdays: Int
    public let shifts: [CompanyWeek.ShiftItem]
    /// Own shifts in all.
    public let shiftCount: Int

    /// Takes at most `week.cap` items per section, walking no more of the company's lists than that.
    public init(_ week: CompanyWeek, recipient: Int) {
        self.week = week
        self.recipient = recipient
        let cap = week.cap
        let team = week.export.employees[recipient].team
        daysOff = Array(week.daysOff.prefix(cap))
        let colleague = { (absence: CompanyWeek.Absence) in absence.employee != recipient }
        let teamOut =
            team.isEmpty ? [] : Array((week.absencesByTeam[team] ?? []).lazy.map { week.absences[$0] }.filter(colleague).prefix(cap))
        self.teamOut = teamOut
        othersOut = Array((week.othersByTeam[team] ?? []).lazy.map { week.absences[$0] }.filter(colleague).prefix(cap - teamOut.count))
        colleaguesOut = week.absences.count - (week.absenceOf[recipient] != nil ? 1 : 0)
        birthdays = Array(week.birthdays.lazy.filter { $0.employee != recipient }.prefix(cap))
        colleagueBirthdays = week.birthdays.count - (week.celebrating.contains(recipient) ? 1 : 0)
        let shifts = week.shifts[recipient] ?? []
        self.shifts = Array(shifts.prefix(cap))
        shiftCount = shifts.count
    }

    public var employee: Employee { week.export.employees[recipient] }
    public var company: Company { week.export.companies[week.company] }

    /// The recipient's language: their own, else the company's.
    public var language: String { employee.locale ?? company.locale }

    /// Nothing to report: no email is sent (reason `empty`).
    public var isEmpty: Bool { DigestSection.all.allSatisfy { !$0.countsAsContent || $0.total(self) == 0 } }

    /// Colleagues out that the cap left out.
    public var moreOut: Int { colleaguesOut - teamOut.count - othersOut.count }
    public var moreBirthdays: Int { colleagueBirthdays - birthdays.count }
    public var moreShifts: Int { shiftCount - shifts.count }
}
