import Foundation
import GazetteCore

/// One CSV file of the export, read with `CSVReader`, its columns found by name in the header.
struct CSVTable: Sendable {
    /// A data row: its fields by column name, trimmed of surrounding spaces.
    struct Row: Sendable {
        let line: Int
        let fields: [String]
        let columns: Columns

        /// The value of `column`; empty when the column or the value is absent.
        subscript(column: String) -> String {
            guard let position = columns.position(of: column), position < fields.count else { return "" }
            let value = fields[position]
            // Most values have no surrounding space: skip Foundation's trimming for them.
            guard let first = value.utf8.first, let last = value.utf8.last,
                first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
            else { return value }
            return value.trimmingCharacters(in: .whitespaces)
        }
    }

    /// The header's column names (trimmed, lowercase), shared by every row. A file has a handful of
    /// columns: a scan comparing short strings is cheaper than hashing the name (ten lookups a row).
    final class Columns: Sendable {
        let names: [String]

        init(_ names: [String]) {
            self.names = names
        }

        /// The first column of that name.
        func position(of name: String) -> Int? {
            names.firstIndex(of: name)
        }
    }

    let path: String
    let rows: [Row]

    /// Reads `path`. Problems of the whole file (missing, no header, a required column missing, a
    /// header that looks like a misspelled column of `known`) are thrown; problems of single rows
    /// (broken quoting, invalid UTF-8, a wrong number of fields) go to `problems` and those rows are
    /// left out. `optional` files that do not exist read as empty.
    static func load(
        _ path: String, required: [String], known: [String] = [], isOptional: Bool = false, problems: inout ProblemList
    ) throws(InputError) -> CSVTable {
        let contents = FileBytes.read(path)
        let exists = contents != nil || FileManager.default.fileExists(atPath: path)
        return try parse(
            contents, exists: exists, path: path, required: required, known: known, isOptional: isOptional, problems: &problems)
    }

    /// `load` on a file's bytes already read (nil: it could not be read; `exists` says whether it is
    /// there at all), named `path` in problems.
    static func parse(
        _ contents: [UInt8]?, exists: Bool, path: String, required: [String], known: [String] = [], isOptional: Bool = false,
        problems: inout ProblemList
    ) throws(InputError) -> CSVTable {
        guard let data = contents else {
            if isOptional, !exists { return CSVTable(path: path, rows: []) }
            throw InputError(
                InputProblem(path: path, "cannot read the file: it does not exist or is not readable (a header row alone is fine)"))
        }
        var reader = CSVReader(data)
        guard let header = reader.next() else {
            throw InputError(
                InputProblem(path: path, line: 1, "the file is empty: it needs a header row with \(required.joined(separator: ","))"))
        }
        if let problem = header.problem { throw InputError(InputProblem(path: path, line: header.line, "header row: \(problem)")) }
        var columns: [String: Int] = [:]
        var fileProblems = ProblemList()
        for (position, name) in header.fields.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            if columns[key] != nil {
                fileProblems.add(path, line: header.line, "column \"\(key)\" appears twice in the header: keep one")
            } else {
                columns[key] = position
            }
        }
        for column in required where columns[column] == nil {
            fileProblems.add(
                path, line: header.line,
                "missing column \"\(column)\": the header needs \(required.joined(separator: ", ")) (in any order)")
        }
        // Unknown columns are ignored, so a misspelled one would be silently: a name one or two edits
        // from a known column the file lacks is taken for that column, misspelled.
        let lacking = (required + known).filter { columns[$0] == nil }
        for (name, position) in columns.sorted(by: { $0.value < $1.value }) where !required.contains(name) && !known.contains(name) {
            guard let meant = lacking.first(where: { Self.isMisspelling(name, of: $0) }) else { continue }
            fileProblems.add(
                path, line: header.line,
                "column \(FieldCheck.quoted(header.fields[position])) is not a column Gazette knows; it looks like \"\(meant)\" misspelled, "
                    + "which the file lacks: rename it to \(meant) (an unknown column would be ignored)")
        }
        try fileProblems.check()
        let names = Columns(header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        var rows: [Row] = []
        while let record = reader.next() {
            if let problem = record.problem {
                problems.add(path, line: record.line, problem)
            } else if record.fields.count != header.fields.count {
                problems.add(
                    path, line: record.line,
                    "has \(record.fields.count) fields where the header has \(header.fields.count): quote a field that holds a comma")
            } else {
                rows.append(Row(line: record.line, fields: record.fields, columns: names))
            }
        }
        return CSVTable(path: path, rows: rows)
    }

    /// Whether `name` is `column` with one or two edits (a letter added, left out, changed, or two
    /// swapped): `ess_onboard` for `ess_onboarded`, `e-mail` for `email`. For a column of four letters
    /// or fewer one edit only (two edits turn `team` into `name`), and never all of its letters.
    static func isMisspelling(_ name: String, of column: String) -> Bool {
        let allowed = column.count <= 4 ? 1 : 2
        guard abs(name.count - column.count) <= allowed else { return false }
        let distance = editDistance(Array(name.unicodeScalars), Array(column.unicodeScalars), atMost: allowed)
        return distance > 0 && distance <= allowed && distance < column.count
    }

    /// Optimal string alignment distance (Levenshtein with adjacent swaps), stopping early once every
    /// cell of a row exceeds `limit` (names are short; the answer is only compared with the limit).
    static func editDistance<T: Equatable>(_ a: [T], _ b: [T], atMost limit: Int) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var smallest = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, before[j - 2] + 1) }
                current[j] = value
                smallest = min(smallest, value)
            }
            if smallest > limit { return limit + 1 }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
