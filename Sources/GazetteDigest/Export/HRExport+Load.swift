import Foundation
import GazetteCore
import GazetteMail

extension HRExport {
    /// The files of the export, in the order they are checked (later files refer to earlier ones).
    public static let files = ["companies.csv", "employees.csv", "leave.csv", "days_off.csv", "shifts.csv", "optouts.csv", "contacts.csv"]

    /// Loads and checks the export in `directory`.
    ///
    /// A problem with a whole file (missing, no header, a required column missing) is thrown. A
    /// problem with a row leaves that row out and is recorded in `invalidRows`, so that the caller
    /// chooses: stop (`requireValid()`, the default) or go on without those rows (`--skip-invalid`).
    /// A row that refers to a row left out is left out too, saying so.
    /// - Parameter languages: the locales there are words for (`digest.languages`).
    public static func load(from directory: String, languages: [String]) throws(InputError) -> HRExport {
        try load(from: directory, languages: languages, files: nil)
    }

    /// `load(from:languages:)` on the files' bytes already in memory (a file not in `files` is
    /// missing), named as if they were in `directory`: the same checks, for tests and fuzzing.
    public static func load(files: [String: [UInt8]], in directory: String, languages: [String]) throws(InputError) -> HRExport {
        try load(from: directory, languages: languages, files: files)
    }

    private static func load(from directory: String, languages: [String], files: [String: [UInt8]]?) throws(InputError) -> HRExport {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        @Sendable func path(_ name: String) -> String { base + "/" + name }
        // The files are read and split into rows on every core; their rows are then checked in order.
        // The contract's columns: required, then optional (a header close to one of these is a typo).
        let specs: [(name: String, required: [String], known: [String], optional: Bool)] = [
            ("companies.csv", ["id", "name", "locale", "time_zone"], [], false),
            (
                "employees.csv", ["id", "company_id", "first_name", "last_name"],
                ["email", "locale", "team", "birth_date", "share_birthday", "ess_onboarded", "digest_opt_out", "start_date", "end_date"],
                false
            ),
            ("leave.csv", ["employee_id", "start_date", "end_date"], ["part", "kind", "status"], false),
            ("days_off.csv", ["company_id", "date", "name"], [], false),
            ("shifts.csv", ["employee_id", "date", "start", "end"], ["location"], false),
            ("optouts.csv", ["employee_id"], ["at"], true),
            ("contacts.csv", ["company_id", "email"], ["name", "locale", "notices"], true),
        ]
        let loaded = Parallel.map(specs.count) { index -> (table: CSVTable?, rows: [InputProblem], file: [InputProblem]) in
            let spec = specs[index]
            var rows = ProblemList()
            do throws(InputError) {
                let table: CSVTable
                if let files {
                    table = try CSVTable.parse(
                        files[spec.name], exists: files[spec.name] != nil, path: path(spec.name), required: spec.required,
                        known: spec.known,
                        isOptional: spec.optional, problems: &rows)
                } else {
                    table = try CSVTable.load(
                        path(spec.name), required: spec.required, known: spec.known, isOptional: spec.optional, problems: &rows)
                }
                return (table, rows.problems, [])
            } catch {
                return (nil, rows.problems, error.problems)
            }
        }
        var rowProblems = ProblemList()
        var fileProblems = ProblemList()
        for file in loaded {
            rowProblems.add(contentsOf: file.rows)
            fileProblems.add(contentsOf: file.file)
        }
        let (companyTable, employeeTable, leaveTable) = (loaded[0].table, loaded[1].table, loaded[2].table)
        let (dayOffTable, shiftTable, optOutTable) = (loaded[3].table, loaded[4].table, loaded[5].table)
        let contactTable = loaded[6].table
        try fileProblems.check()

        var loader = Loader(languages: languages)
        loader.readCompanies(companyTable!)
        loader.readEmployees(employeeTable!, companiesPath: path("companies.csv"))
        loader.readOptOuts(optOutTable!, employeesPath: path("employees.csv"))
        loader.readContacts(contactTable!, companiesPath: path("companies.csv"))
        // Leave, days off and shifts only read the companies and employees: checked on every core,
        // each from a copy of the loader, their problems then taken in file order.
        let checked = loader
        let parts = Parallel.map(3) { index -> Loader in
            var part = checked
            part.problems = []
            switch index {
            case 0: part.readLeave(leaveTable!, employeesPath: path("employees.csv"))
            case 1: part.readDaysOff(dayOffTable!, companiesPath: path("companies.csv"))
            default: part.readShifts(shiftTable!, employeesPath: path("employees.csv"))
            }
            return part
        }
        rowProblems.add(contentsOf: loader.problems)
        for part in parts { rowProblems.add(contentsOf: part.problems) }
        return HRExport(
            companies: loader.companies, employees: loader.employees, leave: parts[0].leave, daysOff: parts[1].daysOff,
            shifts: parts[2].shifts, contacts: loader.contacts, invalidRows: rowProblems.problems)
    }
}

/// Checks the rows of each file in turn, keeping the valid ones.
private struct Loader: Sendable {
    let languages: [String]
    var problems: [InputProblem] = []
    var companies: [Company] = []
    var employees: [Employee] = []
    var leave: [Leave] = []
    var daysOff: [DayOff] = []
    var shifts: [Shift] = []
    var contacts: [Contact] = []
    var companyIndex: [String: Int] = [:]
    var employeeIndex: [String: Int] = [:]
    /// Ids of rows that were left out, with their line: a reference to one is reported as such.
    var invalidCompanies: [String: Int] = [:]
    var invalidEmployees: [String: Int] = [:]
    var seenCompanies: [String: Int] = [:]
    var seenEmployees: [String: Int] = [:]
    var timeZones: [String: TimeZone?] = [:]

    init(languages: [String]) {
        self.languages = languages
    }

    mutating func keep(_ check: FieldCheck) -> Bool {
        problems.append(contentsOf: check.problems)
        return check.isValid
    }

    mutating func locale(_ check: inout FieldCheck, _ column: String, required isRequired: Bool) -> String? {
        let value = isRequired ? check.required(column) : check.row[column]
        guard !value.isEmpty else { return nil }
        guard languages.contains(value.lowercased()) else {
            check.fail(
                "\(column) \(FieldCheck.quoted(value)) is not one of \(languages.joined(separator: ", ")): "
                    + "use one of them, or add Templates/locales/\(value.lowercased()).yml and list it in digest.languages")
            return nil
        }
        return value.lowercased()
    }

    /// The position of the company `column` names, or nil with a problem.
    func company(_ check: inout FieldCheck, _ column: String, companiesPath: String) -> Int? {
        reference(&check, column, to: companyIndex, invalid: invalidCompanies, in: companiesPath, kind: "company")
    }

    func employee(_ check: inout FieldCheck, _ column: String, employeesPath: String) -> Int? {
        reference(&check, column, to: employeeIndex, invalid: invalidEmployees, in: employeesPath, kind: "employee")
    }

    /// The position `column`'s id has in `index`; else a problem that says whether the row it names
    /// is missing or was left out as invalid.
    func reference(
        _ check: inout FieldCheck, _ column: String, to index: [String: Int], invalid: [String: Int], in path: String, kind: String
    ) -> Int? {
        let id = check.required(column)
        guard !id.isEmpty else { return nil }
        if let position = index[id] { return position }
        if let line = invalid[id] {
            check.fail("\(column) \(FieldCheck.quoted(id)) refers to \(path):\(line), which is invalid")
        } else {
            check.fail("\(column) \(FieldCheck.quoted(id)) is not in \(path): add the \(kind) or fix the id")
        }
        return nil
    }

    mutating func readCompanies(_ table: CSVTable) {
        for row in table.rows {
            var check = FieldCheck(path: table.path, row: row)
            let id = check.id("id")
            if let first = seenCompanies[id], !id.isEmpty {
                check.fail("id \(FieldCheck.quoted(id)) is already used on line \(first): company ids must be unique")
            }
            let name = check.singleLine("name", required: true, limit: FieldCheck.nameLimit)
            let locale = self.locale(&check, "locale", required: true)
            let zoneID = check.required("time_zone")
            var zone: TimeZone?
            if !zoneID.isEmpty {
                if timeZones[zoneID] == nil { timeZones[zoneID] = TimeZone(identifier: zoneID) }
                zone = timeZones[zoneID]!
                if zone == nil {
                    check.fail("time_zone \(FieldCheck.quoted(zoneID)) is not an IANA time zone: write it like Europe/Brussels")
                }
            }
            if !id.isEmpty, seenCompanies[id] == nil { seenCompanies[id] = row.line }
            guard keep(check), let locale, let zone else {
                if !id.isEmpty, companyIndex[id] == nil, invalidCompanies[id] == nil { invalidCompanies[id] = row.line }
                continue
            }
            companyIndex[id] = companies.count
            companies.append(Company(id: id, name: name, locale: locale, timeZoneID: zoneID, timeZone: zone, line: row.line))
        }
    }

    mutating func readEmployees(_ table: CSVTable, companiesPath: String) {
        for row in table.rows {
            var check = FieldCheck(path: table.path, row: row)
            let id = check.id("id")
            if let first = seenEmployees[id], !id.isEmpty {
                check.fail("id \(FieldCheck.quoted(id)) is already used on line \(first): employee ids must be unique across the export")
            }
            let company = self.company(&check, "company_id", companiesPath: companiesPath)
            let firstName = check.singleLine("first_name", required: true, limit: FieldCheck.nameLimit)
            let lastName = check.singleLine("last_name", required: true, limit: FieldCheck.nameLimit)
            let email = check.singleLine("email", limit: FieldCheck.emailLimit)
            let locale = self.locale(&check, "locale", required: false)
            let team = check.singleLine("team", limit: FieldCheck.teamLimit)
            let birthday = check.birthday("birth_date")
            let shares = check.boolean("share_birthday")
            let onboarded = check.boolean("ess_onboarded")
            let optedOut = check.boolean("digest_opt_out")
            let start = check.date("start_date")
            let end = check.date("end_date")
            check.endNotBeforeStart(start, end)
            if !id.isEmpty, seenEmployees[id] == nil { seenEmployees[id] = row.line }
            guard keep(check), let company else {
                if !id.isEmpty, employeeIndex[id] == nil, invalidEmployees[id] == nil { invalidEmployees[id] = row.line }
                continue
            }
            employeeIndex[id] = employees.count
            employees.append(
                Employee(
                    id: id, companyID: companies[company].id, firstName: firstName, lastName: lastName, email: email,
                    locale: locale, team: team, birthday: birthday, sharesBirthday: shares, onboarded: onboarded,
                    optedOut: optedOut, startDate: start, endDate: end, line: row.line))
        }
    }

    mutating func readOptOuts(_ table: CSVTable, employeesPath: String) {
        for row in table.rows {
            var check = FieldCheck(path: table.path, row: row)
            let employee = self.employee(&check, "employee_id", employeesPath: employeesPath)
            check.timestamp("at")
            guard keep(check), let employee else { continue }
            employees[employee].optedOut = true
        }
    }

    /// contacts.csv: every address valid (it goes into a header as it is) and listed once per company.
    mutating func readContacts(_ table: CSVTable, companiesPath: String) {
        var seen: [String: Int] = [:]
        var numbers = Array(repeating: 0, count: companies.count)
        for row in table.rows {
            var check = FieldCheck(path: table.path, row: row)
            let company = self.company(&check, "company_id", companiesPath: companiesPath)
            let email = check.singleLine("email", required: true, limit: FieldCheck.emailLimit)
            if !email.isEmpty, !MailAddress.isValid(email) {
                check.fail("email \(FieldCheck.quoted(email)) is not a valid address: write it like name@example.com (ASCII, no spaces)")
            }
            let name = check.singleLine("name", limit: FieldCheck.nameLimit)
            let locale = self.locale(&check, "locale", required: false)
            let notices = check.boolean("notices", default: true)
            if let company, !email.isEmpty {
                let key = companies[company].id + "\u{0}" + email.lowercased()
                if let first = seen[key] {
                    check.fail(
                        "email \(FieldCheck.quoted(email)) is already a contact of \(companies[company].id) on line \(first): list each contact once"
                    )
                } else {
                    seen[key] = row.line
                }
            }
            guard keep(check), let company else { continue }
            numbers[company] += 1
            contacts.append(
                Contact(
                    company: company, email: email, name: name, locale: locale, notices: notices, number: numbers[company], line: row.line))
        }
    }

    mutating func readLeave(_ table: CSVTable, employeesPath: String) {
        for row in table.rows {
            var check = FieldCheck(path: table.path, row: row)
            let employee = self.employee(&check, "employee_id", employeesPath: employeesPath)
            let start = check.date("start_date", required: true)
            let end = check.date("end_date", required: true)
            check.endNotBeforeStart(start, end)
            let part = check.choice("part", default: DayPart.full)
            let status = check.choice("status", default: LeaveStatus.approved)
            // `kind` is confidential: it is neither read nor kept.
            guard keep(check), let employee, let start, let end else { continue }
            leave.append(Leave(employee: employee, startDate: start, endDate: end, part: part, status: status, line: row.line))
        }
    }

    mutating func readDaysOff(_ table: CSVTable, companiesPath: String) {
        for row in table.rows {
            var check = FieldCheck(path: table.path, row: row)
            let company = self.company(&check, "company_id", companiesPath: companiesPath)
            let date = check.date("date", required: true)
            let name = check.singleLine("name", required: true, limit: FieldCheck.nameLimit)
            guard keep(check), let company, let date else { continue }
            daysOff.append(DayOff(company: company, date: date, name: name, line: row.line))
        }
    }

    mutating func readShifts(_ table: CSVTable, employeesPath: String) {
        for row in table.rows {
            var check = FieldCheck(path: table.path, row: row)
            let employee = self.employee(&check, "employee_id", employeesPath: employeesPath)
            let date = check.date("date", required: true)
            let start = check.time("start")
            let end = check.time("end")
            if let start, let end, start == end {
                check.fail("end \(end) is the same as start: a shift needs a length (an end earlier than the start is the next day)")
            }
            let location = check.singleLine("location", limit: FieldCheck.locationLimit)
            guard keep(check), let employee, let date, let start, let end else { continue }
            shifts.append(Shift(employee: employee, date: date, start: start, end: end, location: location, line: row.line))
        }
    }
}
