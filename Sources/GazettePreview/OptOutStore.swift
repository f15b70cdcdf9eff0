import Foundation
import GazetteCore
import GazetteDigest

/// Records one-click opt-outs in the export's optouts.csv (`employee_id,at`), which the next
/// `gazette digest` reads: durably (the new file and its folder are fsync'ed before the answer) and
/// idempotently (an employee already in the file, or already opted out in employees.csv, changes
/// nothing).
///
/// The file is rewritten whole through a temporary file and a rename, keeping every existing byte
/// and adding one row: a crash leaves the old file or the new one, never half a row.
final class OptOutStore: Sendable {
    enum Outcome: Equatable {
        case added
        case alreadyOptedOut
    }

    let path: String
    let now: @Sendable () -> Date
    /// One opt-out at a time, so two clicks cannot both read the old file.
    private let writing = Locked(())

    init(path: String, now: @escaping @Sendable () -> Date) {
        self.path = path
        self.now = now
    }

    /// Adds `employee` unless they are already in the file.
    func optOut(_ employee: String) throws(RunFailure) -> Outcome {
        let result: Result<Outcome, RunFailure> = writing.withLock { _ in
            Result { () throws(RunFailure) in try self.append(employee) }
        }
        return try result.get()
    }

    private func append(_ employee: String) throws(RunFailure) -> Outcome {
        var bytes: [UInt8] = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
        let records = CSVReader.records(bytes)
        guard let header = records.first else {
            // A missing or empty file: start it with the header.
            let text = "employee_id,at\n" + employee + "," + timestamp() + "\n"
            try AtomicOutput.write(text, to: path, durable: true)
            return .added
        }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let idColumn = columns.firstIndex(of: "employee_id") else {
            throw RunFailure("\(path):\(header.line): no employee_id column in the header: fix the header, then try again")
        }
        for record in records.dropFirst() where idColumn < record.fields.count {
            if record.fields[idColumn].trimmingCharacters(in: .whitespaces) == employee { return .alreadyOptedOut }
        }
        let lineEnd: [UInt8] = bytes.contains(0x0D) ? [0x0D, 0x0A] : [0x0A]
        if let last = bytes.last, last != 0x0A { bytes += lineEnd }
        var fields = Array(repeating: "", count: columns.count)
        fields[idColumn] = employee
        if let atColumn = columns.firstIndex(of: "at") { fields[atColumn] = timestamp() }
        bytes += Array(fields.joined(separator: ",").utf8) + lineEnd
        try AtomicOutput.write(bytes, to: path, durable: true)
        return .added
    }

    /// Now in UTC, as optouts.csv's `at` (YYYY-MM-DDTHH:MM:SSZ).
    func timestamp() -> String {
        let seconds = Int(now().timeIntervalSince1970.rounded(.down))
        let day = CivilDate(daysSinceEpoch: Int((Double(seconds) / 86_400).rounded(.down)))
        let rest = seconds - day.daysSinceEpoch * 86_400
        func two(_ value: Int) -> String { value < 10 ? "0" + String(value) : String(value) }
        return "\(day)T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }
}
