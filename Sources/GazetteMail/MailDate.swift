import GazetteCore

/// An RFC 5322 date-time: a local calendar day and time with its offset from UTC
/// (`Mon, 28 Dec 2026 07:00:00 +0100`).
public struct MailDate: Equatable, Sendable, CustomStringConvertible {
    public var day: CivilDate
    public var hour: Int
    public var minute: Int
    /// Offset of the local time from UTC, in seconds (east positive).
    public var offsetSeconds: Int

    public init(day: CivilDate, hour: Int, minute: Int, offsetSeconds: Int) {
        self.day = day
        self.hour = hour
        self.minute = minute
        self.offsetSeconds = offsetSeconds
    }

    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public var description: String {
        let sign = offsetSeconds < 0 ? "-" : "+"
        let offsetMinutes = abs(offsetSeconds) / 60
        return Self.weekdays[day.weekday - 1] + ", " + String(day.day) + " " + Self.months[day.month - 1] + " "
            + String(day.year) + " " + Self.two(hour) + ":" + Self.two(minute) + ":00 " + sign
            + Self.two(offsetMinutes / 60) + Self.two(offsetMinutes % 60)
    }

    static func two(_ value: Int) -> String { value < 10 ? "0" + String(value) : String(value) }
}
