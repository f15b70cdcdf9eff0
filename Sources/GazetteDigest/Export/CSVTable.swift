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

    /// Reads `path`. Problems of the whole file (missing, no header, a required column missing) are
    /// thrown; problems of single rows (broken quoting, invalid UTF-8, a wrong number of fields) go to
    /// `problems` and those rows are left out. `optional` files that do not exist read as empty.
    static func load(_ path: String, required: [String], isOptional: Bool = false, problems: inout ProblemList) throws(InputError) -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            if isOptional, !FileManager.default.fileExists(atPath: path) { return CSVTable(path: path, rows: []) }
            throw InputError(InputProblem(path: path, "cannot read the file: it does not exist or is not readable (a header row alone is fine)"))
        }
        var reader = CSVReader([UInt8](data))
        guard let header = reader.next() else {
            throw InputError(InputProblem(path: path, line: 1, "the file is empty: it needs a header row with \(required.joined(separator: ","))"))
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
            fileProblems.add(path, line: header.line,
                "missing column \"\(column)\": the header needs \(required.joined(separator: ", ")) (in any order)")
        }
        try fileProblems.check()
        let names = Columns(header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        var rows: [Row] = []
        while let record = reader.next() {
            if let problem = record.problem {
                problems.add(path, line: record.line, problem)
            } else if record.fields.count != header.fields.count {
                problems.add(path, line: record.line,
                    "has \(record.fields.count) fields where the header has \(header.fields.count): quote a field that holds a comma")
            } else {
                rows.append(Row(line: record.line, fields: record.fields, columns: names))
            }
        }
        return CSVTable(path: path, rows: rows)
    }
}
