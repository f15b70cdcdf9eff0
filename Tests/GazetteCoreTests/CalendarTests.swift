import GazetteCore
import Testing

@Suite("Calendar days and ISO weeks")
struct CalendarTests {
    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "26-01-01", "2026-1-01", "2026/01/01", "", "2026-01-01x"])
    func invalidDatesAreRejected(text: String) {
        #expect(CivilDate(iso: text) == nil)
    }

    @Test func leapDayExistsOnlyInLeapYears() {
        #expect(CivilDate(iso: "2024-02-29") != nil)
        #expect(CivilDate(iso: "2000-02-29") != nil)
        #expect(CivilDate(iso: "1900-02-29") == nil)
    }

    @Test func daysSinceEpochRoundTrip() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CivilDate(iso: "1970-01-01")!.daysSinceEpoch == 0)
        #expect(CivilDate(iso: "2026-12-28")!.daysSinceEpoch == 20_815)
    }

    @Test(arguments: [("2026-12-28", 1), ("2027-01-03", 7), ("2024-02-29", 4), ("1970-01-01", 4)])
    func weekdays(date: String, weekday: Int) {
        #expect(CivilDate(iso: date)!.weekday == weekday)
    }

    @Test(arguments: [
        ("2026-12-28", "2026-W53"), ("2027-01-03", "2026-W53"), ("2027-01-04", "2027-W01"),
        ("2020-12-31", "2020-W53"), ("2021-01-03", "2020-W53"), ("2024-12-30", "2025-W01"),
        ("2008-12-29", "2009-W01"), ("2010-01-03", "2009-W53"), ("2027-03-28", "2027-W12"),
    ])
    func weekContainingADate(date: String, week: String) {
        #expect(ISOWeek(containing: CivilDate(iso: date)!).description == week)
    }

    @Test func week53ExistsOnlyInLongYears() {
        #expect(ISOWeek(iso: "2026-W53") != nil)
        #expect(ISOWeek(iso: "2020-W53") != nil)
        #expect(ISOWeek(iso: "2027-W53") == nil)
        #expect(ISOWeek(iso: "2025-W53") == nil)
        #expect([2015, 2020, 2026, 2032].allSatisfy { ISOWeek.weeks(in: $0) == 53 })
        #expect([2021, 2024, 2025, 2027].allSatisfy { ISOWeek.weeks(in: $0) == 52 })
    }

    @Test func weekBoundaries() throws {
        let week = try #require(ISOWeek(iso: "2026-W53"))
        #expect(week.monday.description == "2026-12-28")
        #expect(week.sunday.description == "2027-01-03")
        #expect(week.next.description == "2027-W01")
        #expect(week.previous.description == "2026-W52")
        #expect(week.contains(CivilDate(iso: "2027-01-01")!))
        #expect(!week.contains(CivilDate(iso: "2027-01-04")!))
        #expect(week.days.count == 7)
    }

    @Test(arguments: ["2026-53", "2026W53", "2026-W00", "2026-W54", "2026-w05", "2026-W5"])
    func invalidWeeksAreRejected(text: String) {
        #expect(ISOWeek(iso: text) == nil)
    }
}
