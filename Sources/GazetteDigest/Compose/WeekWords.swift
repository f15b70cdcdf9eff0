import Foundation
import GazetteCore

/// The words of one language for one week, formatted once per company and week instead of per
/// recipient: the dates of the seven days, the week's title, and how each absence reads.
struct WeekWords: Sendable {
    let words: LocaleWords
    /// "maandag 28 december", Monday first.
    let dates: [String]
    /// "maandag", Monday first (the day an overnight shift ends).
    let weekdays: [String]
    let weekTitle: String
    /// The sentences every digest fills in, read once: `key.one`/`key.other` per counted key, the
    /// hours of a shift, a time, the subject and the greeting.
    private let countPatterns: [String: (one: LocaleWords.Pattern, other: LocaleWords.Pattern)]
    private let hoursPattern: LocaleWords.Pattern
    private let overnightPattern: LocaleWords.Pattern
    private let timePattern: LocaleWords.Pattern
    let subject: LocaleWords.Pattern
    let greeting: LocaleWords.Pattern
    let summarySeparator: String

    /// Keys counted with `count(_:_:)`: every digest section's (`DigestSection.countedKeys`).
    static let countedKeys = DigestSection.countedKeys

    init(_ words: LocaleWords, week: ISOWeek) throws(InputError) {
        var countPatterns: [String: (one: LocaleWords.Pattern, other: LocaleWords.Pattern)] = [:]
        for key in Self.countedKeys {
            countPatterns[key] = (try words.pattern(key + ".one", ["count"]), try words.pattern(key + ".other", ["count"]))
        }
        self.countPatterns = countPatterns
        hoursPattern = try words.pattern("digest.shifts.hours", ["start", "end"])
        overnightPattern = try words.pattern("digest.shifts.overnight", ["start", "end", "next_day"])
        timePattern = try words.pattern("digest.time", ["hour", "minute"])
        subject = try words.pattern("digest.subject", ["week", "summary"])
        greeting = try words.pattern("digest.greeting", ["first_name"])
        summarySeparator = try words.text("digest.summary_separator")
        self.words = words
        var dates: [String] = []
        for day in week.days { dates.append(try words.weekdayDate(day)) }
        self.dates = dates
        weekdays = week.days.map { words.weekdayName($0.weekday) }
        weekTitle = try words.format(
            "digest.week", ["week": String(week.week), "first": try words.longDate(week.monday), "last": try words.longDate(week.sunday)])
    }

    /// `key.one` or `key.other` with `{count}` filled in.
    func count(_ key: String, _ count: Int) throws(InputError) -> String {
        guard let patterns = countPatterns[key] else {
            return try words.format(key + (count == 1 ? ".one" : ".other"), ["count": String(count)])
        }
        return (count == 1 ? patterns.one : patterns.other).fill(String(count))
    }

    /// How an absence reads: "de hele week", or days and ranges ("maandag 28 december tot en met
    /// woensdag 30 december, donderdag 31 december (voormiddag)").
    func when(_ parts: [UInt8]) throws(InputError) -> String {
        if parts.allSatisfy({ $0 == 3 }) { return try words.text("digest.out.whole_week") }
        var pieces: [String] = []
        var day = 0
        while day < 7 {
            switch parts[day] {
            case 3:
                var last = day
                while last + 1 < 7, parts[last + 1] == 3 { last += 1 }
                pieces.append(last == day ? dates[day] : try words.format("digest.out.range", ["first": dates[day], "last": dates[last]]))
                day = last + 1
            case 1, 2:
                let part = try words.text(parts[day] == 1 ? "digest.am" : "digest.pm")
                pieces.append(try words.format("digest.out.half_day", ["date": dates[day], "part": part]))
                day += 1
            default:
                day += 1
            }
        }
        return pieces.joined(separator: try words.text("digest.out.separator"))
    }

    /// "06:00 tot 14:00", or for a shift that ends the next day "22:00 tot vrijdag 06:00".
    func hours(_ shift: Shift, dayIndex: Int) throws(InputError) -> String {
        let start = time(shift.start), end = time(shift.end)
        if shift.endsNextDay {
            return overnightPattern.fill(start, end, weekdays[(dayIndex + 1) % 7])
        }
        return hoursPattern.fill(start, end)
    }

    func time(_ time: TimeOfDay) -> String {
        let hour = (time.hour < 10 ? "0" : "") + String(time.hour)
        let minute = (time.minute < 10 ? "0" : "") + String(time.minute)
        return timePattern.fill(hour, minute)
    }
}

/// Each language's `WeekWords` for a week, made once per run instead of once per company (every
/// company of a week shares them); companies composed at once share the cache.
final class WeekWordsCache: Sendable {
    private let made = Locked<[String: WeekWords]>([:])

    func words(_ locale: LocaleWords, language: String, week: ISOWeek) throws(InputError) -> WeekWords {
        let key = language + " " + week.description
        if let words = made.withLock({ $0[key] }) { return words }
        let words = try WeekWords(locale, week: week)
        made.withLock { $0[key] = words }
        return words
    }
}
