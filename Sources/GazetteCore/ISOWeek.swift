/// An ISO 8601 week ("2026-W53"): Monday to Sunday, numbered within its week-based year.
public struct ISOWeek: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let week: Int

    /// Creates a week, or nil when the year has no such week (week 53 exists only in some years).
    public init?(year: Int, week: Int) {
        guard (1...9999).contains(year), week >= 1, week <= ISOWeek.weeks(in: year) else { return nil }
        self.year = year
        self.week = week
    }

    /// The week that contains `date`.
    public init(containing date: CivilDate) {
        // The week belongs to the year of its Thursday.
        let thursday = date.adding(days: 4 - date.weekday)
        let firstThursday = ISOWeek.firstThursday(of: thursday.year)
        self.year = thursday.year
        self.week = firstThursday.days(until: thursday) / 7 + 1
    }

    /// Parses `YYYY-Www` (e.g. `2026-W53`); nil for anything else or a week the year does not have.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 8, bytes[4] == UInt8(ascii: "-"), bytes[5] == UInt8(ascii: "W"),
            let y = CivilDate.number(bytes[0..<4]), let w = CivilDate.number(bytes[6..<8])
        else { return nil }
        self.init(year: y, week: w)
    }

    /// The Monday that starts the week.
    public var monday: CivilDate {
        ISOWeek.firstThursday(of: year).adding(days: (week - 1) * 7 - 3)
    }

    /// The Sunday that ends the week.
    public var sunday: CivilDate { monday.adding(days: 6) }

    /// Monday to Sunday, in order.
    public var days: [CivilDate] { (0..<7).map { monday.adding(days: $0) } }

    public func contains(_ date: CivilDate) -> Bool {
        date >= monday && date <= sunday
    }

    public var next: ISOWeek { ISOWeek(containing: monday.adding(days: 7)) }
    public var previous: ISOWeek { ISOWeek(containing: monday.adding(days: -7)) }

    /// `YYYY-Www`.
    public var description: String {
        CivilDate.pad(year, 4) + "-W" + CivilDate.pad(week, 2)
    }

    public static func < (lhs: ISOWeek, rhs: ISOWeek) -> Bool {
        (lhs.year, lhs.week) < (rhs.year, rhs.week)
    }

    /// 52 or 53: a year has 53 weeks when it starts on a Thursday, or is a leap year starting on a Wednesday.
    public static func weeks(in year: Int) -> Int {
        guard let jan1 = CivilDate(year: year, month: 1, day: 1) else { return 52 }
        let startsThursday = jan1.weekday == 4
        let leapStartsWednesday = CivilDate.isLeap(year) && jan1.weekday == 3
        return startsThursday || leapStartsWednesday ? 53 : 52
    }

    private static func firstThursday(of year: Int) -> CivilDate {
        let jan1 = CivilDate(year: year, month: 1, day: 1)!
        return jan1.adding(days: (4 - jan1.weekday + 7) % 7)
    }
}
