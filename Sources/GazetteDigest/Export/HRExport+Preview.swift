/// For the preview: one company's part of the export with every employee speaking one language, so
/// that the preview can show "the same recipient in each locale" through the ordinary composer.
extension HRExport {
    /// The rows of company `company` only (it is company 0 of the result), each employee's locale
    /// set to `language`. Lines and everything else are kept, so `ShownBecause` rows stay right.
    /// - Returns: the export and, per employee position in `self`, the position in the result.
    public func company(_ company: Int, speaking language: String) -> (export: HRExport, positions: [Int: Int]) {
        var positions: [Int: Int] = [:]
        var employees: [Employee] = []
        for position in employeesByCompany[company] {
            positions[position] = employees.count
            var employee = self.employees[position]
            employee.locale = language
            employees.append(employee)
        }
        let leave = leaveByCompany[company].map { position in
            var row = self.leave[position]
            row.employee = positions[row.employee]!
            return row
        }
        let daysOff = daysOffByCompany[company].map { position in
            var row = self.daysOff[position]
            row.company = 0
            return row
        }
        let shifts = shiftsByCompany[company].map { position in
            var row = self.shifts[position]
            row.employee = positions[row.employee]!
            return row
        }
        let export = HRExport(
            companies: [companies[company]], employees: employees, leave: leave, daysOff: daysOff, shifts: shifts, invalidRows: [])
        return (export, positions)
    }
}
