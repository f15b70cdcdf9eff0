import Foundation
import GazetteCore

/// A company of the export (companies.csv).
public struct Company: Sendable {
    public var id: String
    public var name: String
    /// The company's language (a locale file), used when an employee gives none.
    public var locale: String
    /// IANA name, checked when loaded.
    public var timeZoneID: String
    public var timeZone: TimeZone
    public var line: Int
}

/// A person of the export (employees.csv). There is deliberately no place for what the digest must
/// never show: the birth year is checked when loaded and then dropped.
public struct Employee: Sendable {
    public var id: String
    public var companyID: String
    public var firstName: String
    public var lastName: String
    /// As exported; may be empty or not a valid address (a skip, not an error).
    public var email: String
    /// The employee's own language, if given.
    public var locale: String?
    /// Empty when none.
    public var team: String
    public var birthday: Birthday?
    public var sharesBirthday: Bool
    public var onboarded: Bool
    /// `digest_opt_out` or a row in optouts.csv.
    public var optedOut: Bool
    /// First and last day employed, inclusive; nil for open.
    public var startDate: CivilDate?
    public var endDate: CivilDate?
    public var line: Int

    /// "first_name last_name", as the digest names people.
    public var fullName: String { firstName + " " + lastName }

    public func isEmployed(on day: CivilDate) -> Bool {
        (startDate.map { day >= $0 } ?? true) && (endDate.map { day <= $0 } ?? true)
    }

    /// Employed on at least one day of the week.
    public func isEmployed(during week: ISOWeek) -> Bool {
        (startDate.map { week.sunday >= $0 } ?? true) && (endDate.map { week.monday <= $0 } ?? true)
    }
}

/// A birthday: month and day, with the year only when the export gave one.
public struct Birthday: Sendable, Equatable {
    public var month: Int
    public var day: Int

    public init(month: Int, day: Int) {
        self.month = month
        self.day = day
    }

    /// The day it is celebrated in `year`: 29 February is 28 February in a year that has no 29th.
    public func celebrated(in year: Int) -> CivilDate {
        CivilDate(year: year, month: month, day: day) ?? CivilDate(year: year, month: 2, day: 28)!
    }
}

/// Morning, afternoon or the whole day, as a two-bit mask (am = 1, pm = 2, full = 3), so that
/// overlapping rows combine with `|`: am and pm on one day make a full day.
public enum DayPart: String, Sendable, CaseIterable {
    case full, am, pm

    public var mask: UInt8 {
        switch self {
        case .full: return 3
        case .am: return 1
        case .pm: return 2
        }
    }
}

public enum LeaveStatus: String, Sendable, CaseIterable {
    case approved, requested, rejected
}

/// A leave row (leave.csv). The kind of leave is confidential and is not even read.
public struct Leave: Sendable {
    public var employee: Int
    public var startDate: CivilDate
    public var endDate: CivilDate
    public var part: DayPart
    public var status: LeaveStatus
    public var line: Int
}

/// A company day off (days_off.csv).
public struct DayOff: Sendable {
    public var company: Int
    public var date: CivilDate
    public var name: String
    public var line: Int
}

/// A time of day, minutes since midnight.
public struct TimeOfDay: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var minutes: Int

    /// Parses `HH:MM` (also `H:MM`), 00:00 to 23:59.
    public init?(_ text: String) {
        // H:MM or HH:MM, read from the bytes.
        let bytes = Array(text.utf8)
        guard bytes.count == 4 || bytes.count == 5, bytes[bytes.count - 3] == UInt8(ascii: ":") else { return nil }
        var values: [Int] = []
        for part in [bytes[..<(bytes.count - 3)], bytes[(bytes.count - 2)...]] {
            var value = 0
            for byte in part {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            values.append(value)
        }
        guard values[0] < 24, values[1] < 60 else { return nil }
        minutes = values[0] * 60 + values[1]
    }

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }

    public var description: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }
}

/// A shift (shifts.csv): it belongs to the day it starts on; an end before the start is the next day.
public struct Shift: Sendable {
    public var employee: Int
    public var date: CivilDate
    public var start: TimeOfDay
    public var end: TimeOfDay
    /// Empty when none.
    public var location: String
    public var line: Int

    public var endsNextDay: Bool { end < start }
}

/// A customer's contact for policy-change announcements (contacts.csv).
public struct Contact: Sendable, Equatable {
    /// The company's position in the export.
    public var company: Int
    /// A valid plain address (checked when loaded).
    public var email: String
    /// Empty when none.
    public var name: String
    /// The contact's own language, if given; else the company's.
    public var locale: String?
    /// Whether the contact receives announcements (`notices`, default true).
    public var notices: Bool
    /// 1-based among the company's contacts in file order: names the file `<n>.eml`.
    public var number: Int
    public var line: Int
}

/// The HR export, loaded and checked: every reference resolves, every value has its type.
///
/// Rows are kept in file order and grouped per company once, so a week is planned from a company's
/// own rows only. Rows that failed the checks are not here; their problems are in `invalidRows`.
public struct HRExport: Sendable {
    public var companies: [Company]
    public var employees: [Employee]
    public var leave: [Leave]
    public var daysOff: [DayOff]
    public var shifts: [Shift]
    /// The customers' contacts for announcements (contacts.csv, optional), in file order.
    public var contacts: [Contact]
    /// Every row problem, sorted by file and line (empty for a clean export).
    public var invalidRows: [InputProblem]

    /// Company position by id; employee position by id.
    public let companyIndex: [String: Int]
    public let employeeIndex: [String: Int]
    /// Per company position: positions of its employees, leave, days off and shifts, in file order.
    public let employeesByCompany: [[Int]]
    public let leaveByCompany: [[Int]]
    public let daysOffByCompany: [[Int]]
    public let shiftsByCompany: [[Int]]
    public let contactsByCompany: [[Int]]
    /// Per employee position: the position of their company.
    public let companyOfEmployee: [Int]

    init(
        companies: [Company], employees: [Employee], leave: [Leave], daysOff: [DayOff], shifts: [Shift], contacts: [Contact] = [],
        invalidRows: [InputProblem]
    ) {
        self.companies = companies
        self.contacts = contacts
        self.employees = employees
        self.leave = leave
        self.daysOff = daysOff
        self.shifts = shifts
        self.invalidRows = invalidRows.sorted()
        var companyIndex: [String: Int] = [:]
        for (position, company) in companies.enumerated() { companyIndex[company.id] = position }
        var employeeIndex: [String: Int] = [:]
        var employeesByCompany = Array(repeating: [Int](), count: companies.count)
        var companyOfEmployee: [Int] = []
        companyOfEmployee.reserveCapacity(employees.count)
        for (position, employee) in employees.enumerated() {
            employeeIndex[employee.id] = position
            let company = companyIndex[employee.companyID]!
            employeesByCompany[company].append(position)
            companyOfEmployee.append(company)
        }
        var leaveByCompany = Array(repeating: [Int](), count: companies.count)
        for (position, row) in leave.enumerated() { leaveByCompany[companyOfEmployee[row.employee]].append(position) }
        var daysOffByCompany = Array(repeating: [Int](), count: companies.count)
        for (position, row) in daysOff.enumerated() { daysOffByCompany[row.company].append(position) }
        var shiftsByCompany = Array(repeating: [Int](), count: companies.count)
        for (position, row) in shifts.enumerated() { shiftsByCompany[companyOfEmployee[row.employee]].append(position) }
        var contactsByCompany = Array(repeating: [Int](), count: companies.count)
        for (position, row) in contacts.enumerated() { contactsByCompany[row.company].append(position) }
        self.contactsByCompany = contactsByCompany
        self.companyIndex = companyIndex
        self.employeeIndex = employeeIndex
        self.employeesByCompany = employeesByCompany
        self.leaveByCompany = leaveByCompany
        self.daysOffByCompany = daysOffByCompany
        self.shiftsByCompany = shiftsByCompany
        self.companyOfEmployee = companyOfEmployee
    }

    /// Throws every row problem (the default: bad input stops the run before anything is written).
    public func requireValid() throws(InputError) {
        if !invalidRows.isEmpty { throw InputError(invalidRows) }
    }
}
