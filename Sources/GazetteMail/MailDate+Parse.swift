import GazetteCore

extension MailDate {
    /// Seconds since 1970-01-01 00:00 UTC (`t=` of a DKIM signature).
    public var timestamp: Int {
        day.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 - offsetSeconds
    }

    /// The moment an RFC 5322 `Date` value names, in seconds since 1970 (`Mon, 28 Dec 2026 07:00:00
    /// +0100`, the day name optional, seconds optional, a comment such as `(PDT)` after it allowed,
    /// `UT`, `GMT` and the US zones of RFC 5322 §4.3 too); a problem when it is not one, or when its
    /// day name is not that date's.
    public static func timestamp(of value: String) throws(MailDateProblem) -> Int {
        // Read on bytes (every message's Date is checked): comments go first, they may hold anything;
        // then the words between white space and commas, noting a comma after the first.
        var bytes: [UInt8] = []
        var tokens: [Range<Int>] = []
        var depth = 0
        var start = 0
        var commaAfterFirst = false
        func endToken() {
            if bytes.count > start { tokens.append(start..<bytes.count) }
            start = bytes.count
        }
        for byte in value.utf8 {
            if byte == UInt8(ascii: "(") {
                depth += 1
            } else if byte == UInt8(ascii: ")"), depth > 0 {
                depth -= 1
            } else if depth > 0 {
                continue
            } else if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A || byte == UInt8(ascii: ",") {
                endToken()
                if byte == UInt8(ascii: ","), tokens.count == 1 { commaAfterFirst = true }
            } else {
                bytes.append(byte)
            }
        }
        endToken()
        func text(_ index: Int) -> String { String(decoding: bytes[tokens[index]], as: UTF8.self) }
        func number(_ range: Range<Int>) -> Int? {
            guard !range.isEmpty, range.count <= 4, bytes[range].allSatisfy({ (48...57).contains($0) }) else { return nil }
            return bytes[range].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        var dayName: Int?
        if commaAfterFirst {
            guard let index = weekdays.firstIndex(where: { $0.utf8.elementsEqual(bytes[tokens[0]]) }) else {
                throw MailDateProblem("\"\(text(0))\" is not a day name (Mon to Sun)")
            }
            dayName = index + 1
            tokens.removeFirst()
        }
        guard tokens.count == 5 else {
            throw MailDateProblem("expected day month year hh:mm[:ss] zone, like \"Mon, 28 Dec 2026 07:00:00 +0100\"")
        }
        guard tokens[0].count <= 2, let dayNumber = number(tokens[0]) else {
            throw MailDateProblem("\"\(text(0))\" is not a day of the month")
        }
        guard let month = months.firstIndex(where: { $0.utf8.elementsEqual(bytes[tokens[1]]) }) else {
            throw MailDateProblem("\"\(text(1))\" is not a month (Jan to Dec)")
        }
        guard tokens[2].count == 4, let year = number(tokens[2]) else { throw MailDateProblem("\"\(text(2))\" is not a four-digit year") }
        guard let date = CivilDate(year: year, month: month + 1, day: dayNumber) else {
            throw MailDateProblem("\(dayNumber) \(text(1)) \(year) is not a date")
        }
        // hh:mm or hh:mm:ss
        let clock = tokens[3]
        let isClock =
            (clock.count == 5 || clock.count == 8) && bytes[clock.lowerBound + 2] == UInt8(ascii: ":")
            && (clock.count == 5 || bytes[clock.lowerBound + 5] == UInt8(ascii: ":"))
        let part = { (offset: Int) in number((clock.lowerBound + offset)..<(clock.lowerBound + offset + 2)) }
        guard isClock, let hour = part(0), let minute = part(3), (0...23).contains(hour), (0...59).contains(minute),
            let second = clock.count == 8 ? part(6) : 0, (0...60).contains(second)
        else { throw MailDateProblem("\"\(text(3))\" is not a time (hh:mm or hh:mm:ss)") }
        guard let offset = zoneOffset(text(4)) else { throw MailDateProblem("\"\(text(4))\" is not a time zone (+hhmm or -hhmm)") }
        if let dayName, dayName != date.weekday {
            throw MailDateProblem("\(dayNumber) \(text(1)) \(year) is a \(weekdays[date.weekday - 1]), not a \(weekdays[dayName - 1])")
        }
        return date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second - offset
    }

    /// RFC 5322 §4.3's zone names, in hours east of UTC.
    static let obsoleteZones = ["UT": 0, "GMT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7]

    /// `+hhmm`/`-hhmm` in seconds east of UTC, or an obsolete zone name (RFC 5322 §4.3).
    static func zoneOffset(_ zone: String) -> Int? {
        if let hours = obsoleteZones[zone] { return hours * 3600 }
        let bytes = Array(zone.utf8)
        guard bytes.count == 5, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
            bytes[1...].allSatisfy({ (48...57).contains($0) }), let hours = Int(zone.dropFirst().prefix(2)),
            let minutes = Int(zone.suffix(2)),
            minutes < 60
        else { return nil }
        return (bytes[0] == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}

/// Why a `Date` value is not an RFC 5322 date-time.
public struct MailDateProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
