import GazetteCore

/// What one company has to tell in one week, indexed once for all its recipients: its days off, who
/// is out (approved leave only, clipped to the week and to each person's employment), shared birthdays,
/// and every employee's own shifts. Each item carries why it may be shown.
///
/// Built from the company's own rows only, so its cost is linear in them, and one company never sees
/// another's people.
public struct CompanyWeek: Sendable {
    public let export: HRExport
    /// Position of the company in `export.companies`.
    public let company: Int
    public let week: ISOWeek
    /// Sorted by date, then file order.
    public let daysOff: [DayOffItem]
    /// People of the company out on at least one day of the week; sorted by first day out, then name.
    public let absences: [Absence]
    /// Sorted by date, then name.
    public let birthdays: [BirthdayItem]
    /// Per employee position: their shifts in the week, by date and start time.
    public let shifts: [Int: [ShiftItem]]
    /// Per team name: positions in `absences`, in the same order.
    let absencesByTeam: [String: [Int]]
    /// Per team name of the company (and "" for no team): the first `cap + 1` positions in `absences`
    /// of people outside that team, so that a recipient's list is taken without walking all absences.
    let othersByTeam: [String: [Int]]
    /// Per employee who is out: their position in `absences`.
    let absenceOf: [Int: Int]
    /// Employees whose birthday is shown this week.
    let celebrating: Set<Int>
    /// Most people per list, as `digest.list_cap`.
    public let cap: Int

    public struct DayOffItem: Sendable {
        public var date: CivilDate
        public var name: String
        public var because: ShownBecause
    }

    /// One person out: per day of the week (Monday first) a mask, am = 1, pm = 2, whole day = 3.
    public struct Absence: Sendable {
        public var employee: Int
        public var parts: [UInt8]
        public var because: ShownBecause
    }

    public struct BirthdayItem: Sendable {
        public var employee: Int
        /// The day it is celebrated this week (28 February for 29 February in a common year).
        public var date: CivilDate
        public var because: ShownBecause
    }

    public struct ShiftItem: Sendable {
        public var shift: Shift
        public var because: ShownBecause
    }

    public init(export: HRExport, company: Int, week: ISOWeek, cap: Int) {
        self.export = export
        self.company = company
        self.week = week
        self.cap = cap
        let monday = week.monday
        let employees = export.employees

        daysOff = export.daysOffByCompany[company].lazy.map { export.daysOff[$0] }.filter { week.contains($0.date) }
            .map {
                DayOffItem(
                    date: $0.date, name: $0.name,
                    because: ShownBecause(rule: .companyDayOff, rows: [.init(file: "days_off.csv", line: $0.line)]))
            }
            .sorted { $0.date < $1.date }

        // Leave: only approved rows, only days in the week on which the person is employed.
        var parts: [Int: [UInt8]] = [:]
        var rows: [Int: [ShownBecause.Row]] = [:]
        for position in export.leaveByCompany[company] {
            let leave = export.leave[position]
            guard leave.status == .approved, leave.endDate >= monday, leave.startDate <= week.sunday else { continue }
            let employee = employees[leave.employee]
            var touched = false
            for offset in max(0, monday.days(until: leave.startDate))...min(6, monday.days(until: leave.endDate)) {
                let day = monday.adding(days: offset)
                guard employee.isEmployed(on: day) else { continue }
                parts[leave.employee, default: Array(repeating: 0, count: 7)][offset] |= leave.part.mask
                touched = true
            }
            if touched { rows[leave.employee, default: []].append(.init(file: "leave.csv", line: leave.line)) }
        }
        absences = parts.map { employee, mask in
            Absence(employee: employee, parts: mask, because: ShownBecause(rule: .approvedLeave, rows: rows[employee]!))
        }.sorted { lhs, rhs in
            let left = lhs.parts.firstIndex { $0 != 0 }!, right = rhs.parts.firstIndex { $0 != 0 }!
            if left != right { return left < right }
            return CompanyWeek.byName(employees[lhs.employee], employees[rhs.employee])
        }
        var byTeam: [String: [Int]] = [:]
        for (position, absence) in absences.enumerated() { byTeam[employees[absence.employee].team, default: []].append(position) }
        absencesByTeam = byTeam
        absenceOf = Dictionary(uniqueKeysWithValues: absences.enumerated().map { ($0.element.employee, $0.offset) })
        var othersByTeam: [String: [Int]] = [:]
        for position in export.employeesByCompany[company] {
            let team = employees[position].team
            guard othersByTeam[team] == nil else { continue }
            var others: [Int] = []
            for (index, absence) in absences.enumerated() where team.isEmpty || employees[absence.employee].team != team {
                others.append(index)
                if others.count > cap { break }
            }
            othersByTeam[team] = others
        }
        self.othersByTeam = othersByTeam

        // Birthdays: shared ones, on a day of the week the person is employed. Never the year.
        var birthdays: [BirthdayItem] = []
        let years = Set([monday.year, week.sunday.year])
        for position in export.employeesByCompany[company] {
            let employee = employees[position]
            guard employee.sharesBirthday, let birthday = employee.birthday else { continue }
            for year in years.sorted() {
                let date = birthday.celebrated(in: year)
                if week.contains(date), employee.isEmployed(on: date) {
                    birthdays.append(
                        BirthdayItem(
                            employee: position, date: date,
                            because: ShownBecause(rule: .sharedBirthday, rows: [.init(file: "employees.csv", line: employee.line)])))
                }
            }
        }
        celebrating = Set(birthdays.map(\.employee))
        self.birthdays = birthdays.sorted {
            $0.date != $1.date ? $0.date < $1.date : CompanyWeek.byName(employees[$0.employee], employees[$1.employee])
        }

        // Shifts: a shift belongs to the day it starts, even when it ends the next day.
        var shifts: [Int: [ShiftItem]] = [:]
        for position in export.shiftsByCompany[company] {
            let shift = export.shifts[position]
            guard week.contains(shift.date), employees[shift.employee].isEmployed(on: shift.date) else { continue }
            shifts[shift.employee, default: []].append(
                ShiftItem(shift: shift, because: ShownBecause(rule: .ownShift, rows: [.init(file: "shifts.csv", line: shift.line)])))
        }
        for key in shifts.keys {
            shifts[key]!.sort {
                ($0.shift.date, $0.shift.start.minutes, $0.shift.line) < ($1.shift.date, $1.shift.start.minutes, $1.shift.line)
            }
        }
        self.shifts = shifts
    }

    static func byName(_ lhs: Employee, _ rhs: Employee) -> Bool {
        if lhs.fullName != rhs.fullName { return lhs.fullName < rhs.fullName }
        return lhs.id < rhs.id
    }
}
