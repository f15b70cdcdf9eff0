import GazetteCore

/// The words of one language for one week, formatted once per company and week instead of per
/// recipient: the dates of the seven days, the week's title, and how each absence reads.
struct WeekWords {
    let words: LocaleWords
    /// "maandag 28 december", Monday first.
    let dates: [String]
    /// "maandag", Monday first (the day an overnight shift ends).
    let weekdays: [String]
    let weekTitle: String

    init(_ words: LocaleWords, week: ISOWeek) throws(InputError) {
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
        try words.format(key + (count == 1 ? ".one" : ".other"), ["count": String(count)])
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
        let start = try time(shift.start), end = try time(shift.end)
        if shift.endsNextDay {
            return try words.format("digest.shifts.overnight", ["start": start, "end": end, "next_day": weekdays[(dayIndex + 1) % 7]])
        }
        return try words.format("digest.shifts.hours", ["start": start, "end": end])
    }

    func time(_ time: TimeOfDay) throws(InputError) -> String {
        let hour = (time.hour < 10 ? "0" : "") + String(time.hour)
        let minute = (time.minute < 10 ? "0" : "") + String(time.minute)
        return try words.format("digest.time", ["hour": hour, "minute": minute])
    }
}
