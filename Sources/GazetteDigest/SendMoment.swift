import Foundation
import GazetteCore
import GazetteMail

/// The moment a week's digest is dated: Monday at `digest.send_time` in the company's time zone,
/// with the UTC offset in force at that moment (so +0100 in winter and +0200 in summer in Brussels).
public enum SendMoment {
    /// The local date and time with its offset. A local time that occurs twice (clocks going back)
    /// takes the first; one that does not exist (clocks going forward) moves forward by the gap.
    public static func date(on day: CivilDate, at time: TimeOfDay, in zone: TimeZone) -> MailDate {
        let local = day.daysSinceEpoch * 86_400 + time.minutes * 60
        func offset(at instant: Int) -> Int { zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))) }
        // The offsets around the moment: a day either side covers any transition.
        let before = offset(at: local - 86_400)
        let after = offset(at: local + 86_400)
        let valid = [before, after].filter { candidate in offset(at: local - candidate) == candidate }
        if let first = valid.map({ local - $0 }).min() {
            return MailDate(day: day, hour: time.hour, minute: time.minute, offsetSeconds: local - first)
        }
        // In a gap: the instant the wall clock would show with the old offset, shown in the new one.
        let instant = local - before
        let shown = instant + offset(at: instant)
        let shownDay = CivilDate(daysSinceEpoch: Int((Double(shown) / 86_400).rounded(.down)))
        let minutes = (shown - shownDay.daysSinceEpoch * 86_400) / 60
        return MailDate(day: shownDay, hour: minutes / 60, minute: minutes % 60, offsetSeconds: offset(at: instant))
    }
}
