import Foundation
import GazetteCore

/// The moment a message's `Date:` header names (RFC 5322 3.3, with the obsolete zones of 4.3):
/// `[Mon,] 28 Dec 2026 07:00[:00] +0100`. `gazette send` holds a message until then: the digest dates
/// each week Monday at `digest.send_time`, and is written days before.
enum MessageDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    /// Obsolete zone names (RFC 5322 4.3), hours east of UTC; other letters count as UTC.
    static let zones: [String: Int] = [
        "ut": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    ]

    /// The moment, or nil when `text` is not a date-time.
    static func parse(_ text: String) -> Date? {
        // Comments go, and the day of the week (it adds nothing to the date).
        var cleaned = ""
        var depth = 0
        for character in text {
            if character == "(" {
                depth += 1
            } else if character == ")" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                cleaned.append(character)
            }
        }
        if let comma = cleaned.firstIndex(of: ",") { cleaned = String(cleaned[cleaned.index(after: comma)...]) }
        let words = cleaned.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard words.count >= 4, let day = Int(words[0]), let month = months.firstIndex(of: words[1].lowercased()),
            var year = Int(words[2])
        else { return nil }
        // Two- and three-digit years (4.3).
        if words[2].count == 2 { year += year < 50 ? 2000 : 1900 } else if words[2].count == 3 { year += 1900 }
        let clock = words[3].split(separator: ":").map { Int($0) }
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0 != nil }), let date = CivilDate(year: year, month: month + 1, day: day)
        else { return nil }
        let hour = clock[0]!
        let minute = clock[1]!
        let second = clock.count == 3 ? clock[2]! : 0
        guard hour < 24, minute < 60, second <= 60 else { return nil }
        var offset = 0
        if words.count > 4 {
            let zone = words[4]
            if let sign = zone.first, sign == "+" || sign == "-", zone.count == 5, let value = Int(zone.dropFirst()) {
                offset = (value / 100 * 3600 + value % 100 * 60) * (sign == "-" ? -1 : 1)
            } else {
                offset = (zones[zone.lowercased()] ?? 0) * 3600
            }
        }
        let seconds = date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds))
    }
}
