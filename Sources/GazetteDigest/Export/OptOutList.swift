import GazetteCore

/// Who has opted out of the digest as the export says now (the `digest_opt_out` column of
/// employees.csv, and every employee of optouts.csv), read with the export's own CSV reader and field
/// checks. `gazette send` reads it at send time: an opt-out recorded after the week was written must
/// still stop the message.
///
/// Only the columns it needs are read, but strictly: a row that cannot be read, or a `digest_opt_out`
/// that is not true or false, could hide an opt-out, so it is an input problem (the send stops before
/// anything is sent) rather than a guess. An opt-out for an employee the export no longer has counts.
public enum OptOutList {
    /// The ids of the employees who opted out.
    public static func load(from directory: String) throws(InputError) -> Set<String> {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var problems = ProblemList()
        // Rows that cannot be read at all (broken quoting, a wrong number of fields).
        var unreadable = ProblemList()
        var optedOut: Set<String> = []
        let employees = problems.collect { () throws(InputError) in
            try CSVTable.load(base + "/employees.csv", required: ["id"], problems: &unreadable)
        }
        for row in employees?.rows ?? [] {
            var check = FieldCheck(path: base + "/employees.csv", row: row)
            let id = check.id("id")
            if check.boolean("digest_opt_out"), !id.isEmpty { optedOut.insert(id) }
            problems.add(contentsOf: check.problems)
        }
        let optOuts = problems.collect { () throws(InputError) in
            try CSVTable.load(base + "/optouts.csv", required: ["employee_id"], isOptional: true, problems: &unreadable)
        }
        for row in optOuts?.rows ?? [] {
            var check = FieldCheck(path: base + "/optouts.csv", row: row)
            let id = check.id("employee_id")
            check.timestamp("at")
            if !id.isEmpty { optedOut.insert(id) }
            problems.add(contentsOf: check.problems)
        }
        problems.add(contentsOf: unreadable.problems)
        try problems.check()
        return optedOut
    }
}
