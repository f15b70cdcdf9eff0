import Foundation
import GazetteCore
import GazetteMail

/// The moment a message's `Date:` header names (RFC 5322 3.3, with the obsolete zones of 4.3):
/// `[Mon,] 28 Dec 2026 07:00[:00] +0100`. `gazette send` holds a message until then: the digest dates
/// each week Monday at `digest.send_time`, and is written days before.
enum MessageDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    /// Obsolete zone names (RFC 5322 4.3), hours east of UTC; other letters count as UTC.
    static let zones: [String: Int] = [
        "ut": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    ]

    /// The moment, or nil when `text` is not a date-time. Read on its bytes (every message's Date is
    /// read before it is sent; on Characters this was a fortieth of `gazette send`'s time).
    static func parse(_ text: String) -> Date? {
        // Comments go, and the day of the week (it adds nothing to the date).
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(text.utf8.count)
        var depth = 0
        for byte in text.utf8 {
            if byte == 0x28 {
                depth += 1
            } else if byte == 0x29 {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                cleaned.append(byte)
            }
        }
        let afterComma = cleaned.firstIndex(of: 0x2C).map { $0 + 1 } ?? 0
        let words = cleaned[afterComma...].split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
        guard words.count >= 4, let day = number(words[0]), let month = months.firstIndex(of: lowercased(words[1])),
            var year = number(words[2])
        else { return nil }
        // Two- and three-digit years (4.3).
        if words[2].count == 2 { year += year < 50 ? 2000 : 1900 } else if words[2].count == 3 { year += 1900 }
        let clock = words[3].split(separator: 0x3A, omittingEmptySubsequences: false).map(number)
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0 != nil }), let date = CivilDate(year: year, month: month + 1, day: day)
        else { return nil }
        let hour = clock[0]!
        let minute = clock[1]!
        let second = clock.count == 3 ? clock[2]! : 0
        guard hour < 24, minute < 60, second <= 60 else { return nil }
        var offset = 0
        if words.count > 4 {
            let zone = words[4]
            if let sign = zone.first, sign == 0x2B || sign == 0x2D, zone.count == 5, let value = number(zone.dropFirst()) {
                offset = (value / 100 * 3600 + value % 100 * 60) * (sign == 0x2D ? -1 : 1)
            } else {
                offset = (zones[lowercased(zone)] ?? 0) * 3600
            }
        }
        let seconds = date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds))
    }

    /// The number `digits` spell (one to nine ASCII digits), or nil.
    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard (1...9).contains(digits.count) else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// `word` in lower case (ASCII letters only; other bytes as they are).
    private static func lowercased(_ word: ArraySlice<UInt8>) -> String {
        word.withUnsafeBufferPointer { RawHeader.lowercased($0) }
    }
}
