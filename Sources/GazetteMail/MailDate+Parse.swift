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
        // Comments go first: they may hold anything.
        var text = ""
        var depth = 0
        for character in value {
            if character == "(" { depth += 1 } else if character == ")", depth > 0 { depth -= 1 } else if depth == 0 { text.append(character) }
        }
        var tokens = text.replacingCommas().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).map(String.init)
        var dayName: Int?
        if let first = tokens.first, first.hasSuffix(",") {
            guard let index = weekdays.firstIndex(of: String(first.dropLast())) else {
                throw MailDateProblem("\"\(first.dropLast())\" is not a day name (Mon to Sun)")
            }
            dayName = index + 1
            tokens.removeFirst()
        }
        guard tokens.count == 5 else { throw MailDateProblem("expected day month year hh:mm[:ss] zone, like \"Mon, 28 Dec 2026 07:00:00 +0100\"") }
        guard let dayNumber = Int(tokens[0]), tokens[0].count <= 2 else { throw MailDateProblem("\"\(tokens[0])\" is not a day of the month") }
        guard let month = months.firstIndex(of: tokens[1]) else { throw MailDateProblem("\"\(tokens[1])\" is not a month (Jan to Dec)") }
        guard tokens[2].count == 4, let year = Int(tokens[2]) else { throw MailDateProblem("\"\(tokens[2])\" is not a four-digit year") }
        guard let date = CivilDate(year: year, month: month + 1, day: dayNumber) else {
            throw MailDateProblem("\(dayNumber) \(tokens[1]) \(year) is not a date")
        }
        let clock = tokens[3].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0.count == 2 }), let hour = Int(clock[0]), let minute = Int(clock[1]),
            (0...23).contains(hour), (0...59).contains(minute)
        else { throw MailDateProblem("\"\(tokens[3])\" is not a time (hh:mm or hh:mm:ss)") }
        let second = clock.count == 3 ? Int(clock[2]) : 0
        guard let second, (0...60).contains(second) else { throw MailDateProblem("\"\(tokens[3])\" is not a time (hh:mm or hh:mm:ss)") }
        guard let offset = zoneOffset(tokens[4]) else { throw MailDateProblem("\"\(tokens[4])\" is not a time zone (+hhmm or -hhmm)") }
        if let dayName, dayName != date.weekday {
            throw MailDateProblem("\(dayNumber) \(tokens[1]) \(year) is a \(weekdays[date.weekday - 1]), not a \(weekdays[dayName - 1])")
        }
        return date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second - offset
    }

    /// `+hhmm`/`-hhmm` in seconds east of UTC, or an obsolete zone name (RFC 5322 §4.3).
    static func zoneOffset(_ zone: String) -> Int? {
        let names = ["UT": 0, "GMT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7]
        if let hours = names[zone] { return hours * 3600 }
        let bytes = Array(zone.utf8)
        guard bytes.count == 5, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
            bytes[1...].allSatisfy({ (48...57).contains($0) }), let hours = Int(zone.dropFirst().prefix(2)), let minutes = Int(zone.suffix(2)),
            minutes < 60
        else { return nil }
        return (bytes[0] == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}

extension String {
    /// "Mon,28" and "Mon ,28" read as "Mon, 28".
    fileprivate func replacingCommas() -> String {
        var result = ""
        for character in self {
            if character == "," {
                while result.last == " " || result.last == "\t" { result.removeLast() }
                result += ", "
            } else {
                result.append(character)
            }
        }
        return result
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
