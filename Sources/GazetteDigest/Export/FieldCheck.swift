import GazetteCore

/// Reads the values of one CSV row into typed values, recording a problem (quoting the bad value and
/// saying what to write instead) for each that does not fit.
struct FieldCheck {
    let path: String
    let row: CSVTable.Row
    private(set) var problems: [InputProblem] = []

    init(path: String, row: CSVTable.Row) {
        self.path = path
        self.row = row
    }

    var isValid: Bool { problems.isEmpty }

    mutating func fail(_ message: String) {
        problems.append(InputProblem(path: path, line: row.line, message))
    }

    /// A required value; "" (and a problem) when it is empty.
    mutating func required(_ column: String) -> String {
        let value = row[column]
        if value.isEmpty { fail("\(column) is empty: every row needs a value here") }
        return value
    }

    /// An id: it names files and links, so it is kept to letters, digits, `.`, `_` and `-`.
    mutating func id(_ column: String) -> String {
        let value = required(column)
        if !value.isEmpty, !Self.isSafeID(value) {
            fail(
                "\(column) \(Self.quoted(value)) may only hold letters, digits, \".\", \"_\" and \"-\" (at most 64, not starting with \".\"): ids name files"
            )
        }
        return value
    }

    /// How long a single-line value may be: in characters, or (an email address) in bytes.
    enum Limit {
        case characters(Int)
        case octets(Int)
    }

    /// Limits of single-line values, sane for what they are: one bad cell (a 10 MB company name) would
    /// otherwise be copied into every email of the company.
    static let nameLimit = Limit.characters(200)
    /// RFC 5321: a path of at most 256 octets, so an address of at most 254.
    static let emailLimit = Limit.octets(254)
    static let teamLimit = Limit.characters(100)
    static let locationLimit = Limit.characters(200)

    /// A single line of text (a name, a team, a location): no control characters, at most `limit` long.
    mutating func singleLine(_ column: String, required isRequired: Bool = false, limit: Limit) -> String {
        let value = isRequired ? required(column) : row[column]
        if Self.hasControlCharacter(value) {
            fail("\(column) \(Self.quoted(value)) holds a control character (a line break or tab): it must be one line of text")
        }
        switch limit {
        case .characters(let most) where value.utf8.count > most && value.count > most:
            fail("\(column) \(Self.quoted(value)) is \(value.count) characters long, more than the \(most) allowed: shorten it")
        case .octets(let most) where value.utf8.count > most:
            fail(
                "\(column) \(Self.quoted(value)) is \(value.utf8.count) bytes long, more than the \(most) an address may have (RFC 5321): fix it"
            )
        default:
            break
        }
        return value
    }

    /// Whether `text` holds a control character (Unicode category Cc: U+0000–001F, U+007F–009F),
    /// checked on its UTF-8 bytes (C1 controls are encoded C2 80 to C2 9F).
    static func hasControlCharacter(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) { return true }
            previous = byte
        }
        return false
    }

    mutating func date(_ column: String, required isRequired: Bool = false) -> CivilDate? {
        let value = isRequired ? required(column) : row[column]
        guard !value.isEmpty else { return nil }
        guard let date = CivilDate(iso: value) else {
            fail("\(column) \(Self.quoted(value)) is not a date (YYYY-MM-DD)")
            return nil
        }
        return date
    }

    /// `YYYY-MM-DD` or `--MM-DD` (no year); the year is checked, then dropped.
    mutating func birthday(_ column: String) -> Birthday? {
        let value = row[column]
        guard !value.isEmpty else { return nil }
        // A year-less date is checked in a leap year, so that --02-29 is valid.
        let full = value.hasPrefix("--") ? CivilDate(iso: "2000-" + value.dropFirst(2)) : CivilDate(iso: value)
        guard let date = full else {
            fail("\(column) \(Self.quoted(value)) is not a date (YYYY-MM-DD or --MM-DD)")
            return nil
        }
        return Birthday(month: date.month, day: date.day)
    }

    /// A boolean; empty is `fallback` (false unless the column says otherwise, like `notices`).
    mutating func boolean(_ column: String, default fallback: Bool = false) -> Bool {
        let value = row[column]
        if value.isEmpty { return fallback }
        // The common spellings as they are, before lowercasing anything.
        switch value {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: break
        }
        switch value.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            fail("\(column) \(Self.quoted(value)) is not true or false (also 1/0, yes/no; empty means \(fallback))")
            return fallback
        }
    }

    mutating func time(_ column: String) -> TimeOfDay? {
        let value = required(column)
        guard !value.isEmpty else { return nil }
        guard let time = TimeOfDay(value) else {
            fail("\(column) \(Self.quoted(value)) is not a time (HH:MM, 00:00 to 23:59)")
            return nil
        }
        return time
    }

    /// One of the cases of `T` (lowercase), or `fallback` when empty.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ column: String, default fallback: T) -> T where T.RawValue == String {
        let value = row[column]
        guard !value.isEmpty else { return fallback }
        guard let choice = T(rawValue: value.lowercased()) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            fail("\(column) \(Self.quoted(value)) is not one of \(allowed): leave it empty for \(fallback.rawValue)")
            return fallback
        }
        return choice
    }

    /// An ISO 8601 timestamp (`2026-12-20T14:03:00+01:00`, `…Z`) or a date; empty is fine.
    mutating func timestamp(_ column: String) {
        let value = row[column]
        guard !value.isEmpty else { return }
        if !Self.isTimestamp(value) {
            fail("\(column) \(Self.quoted(value)) is not a timestamp (YYYY-MM-DDTHH:MM:SS with Z or an offset like +01:00)")
        }
    }

    mutating func endNotBeforeStart(
        _ start: CivilDate?, _ end: CivilDate?, startColumn: String = "start_date", endColumn: String = "end_date"
    ) {
        if let start, let end, end < start {
            fail("\(endColumn) \(end) is before \(startColumn) \(start): the period ends on or after the day it starts")
        }
    }

    // MARK: - Helpers

    static func isSafeID(_ value: String) -> Bool {
        let bytes = value.utf8
        guard (1...64).contains(bytes.count), bytes.first != UInt8(ascii: ".") else { return false }
        return bytes.allSatisfy(isIDByte)
    }

    /// Letters, digits, `.`, `_`, `-` (ASCII).
    static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    static func isTimestamp(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count >= 10, CivilDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)) != nil else { return false }
        if bytes.count == 10 { return true }
        guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") else { return false }
        var rest = String(decoding: bytes[11...], as: UTF8.self)
        var zone = ""
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            rest.removeLast()
            zone = "Z"
        } else if let sign = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            zone = String(rest[sign...])
            rest = String(rest[..<sign])
        }
        let time = rest.split(separator: ".", maxSplits: 1)[...].first.map(String.init) ?? ""
        let parts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && Int($0) != nil }),
            Int(parts[0])! < 24, Int(parts[1])! < 60, parts.count == 2 || Int(parts[2])! < 61
        else { return false }
        if zone.isEmpty || zone == "Z" { return true }
        let offset = zone.dropFirst().split(separator: ":")
        return offset.allSatisfy { $0.count == 2 && Int($0) != nil } && (1...2).contains(offset.count)
    }

    /// The value in quotes, with quotes, backslashes and control characters escaped as in JSON
    /// (`"Jan\nPeeters"`), so that a bad value is visible and one line long; a long one cut after
    /// 100 characters (`"Aaaa…"`): a 10 MB value must not make a 10 MB message.
    static func quoted(_ value: String) -> String {
        let most = 100
        guard value.utf8.count > most, value.count > most else { return Manifest.string(value) }
        return String(Manifest.string(String(value.prefix(most))).dropLast()) + "…\""
    }
}
