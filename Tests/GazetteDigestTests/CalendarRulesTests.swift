import Foundation
import GazetteCore
import GazetteDigest
import GazetteMail
import Testing

/// Weeks, days and times: 29 February, ISO week 53, DST weeks, overnight shifts, half days, overlaps.
@Suite struct CalendarRulesTests {
    @Test func twentyNinthOfFebruaryIsCelebratedOnTheTwentyEighthInOtherYears() throws {
        let birthday = Birthday(month: 2, day: 29)
        #expect(birthday.celebrated(in: 2027).description == "2027-02-28")
        #expect(birthday.celebrated(in: 2028).description == "2028-02-29")
        // E1026 Ilse Wouters (1996-02-29, shared) in 2027-W08 (22–28 February 2027).
        let text = try Sample.digest("2027-W08", "E1001").text
        #expect(text.contains("- Ilse Wouters: zondag 28 februari\n"))
        #expect(!(try Sample.digest("2026-W53", "E1001")).text.contains("Ilse Wouters: zondag"))
    }

    @Test func isoWeek53SpansTheNewYear() throws {
        let week = try #require(ISOWeek(iso: "2026-W53"))
        #expect(week.monday.description == "2026-12-28")
        #expect(week.sunday.description == "2027-01-03")
        #expect(ISOWeek(iso: "2025-W53") == nil)
        let digest = try Sample.digest("2026-W53", "E3012")
        #expect(digest.subject == "Week 53: 4 collega's afwezig, 1 vrije dag, 4 verjaardagen, 3 diensten")
        #expect(digest.text.contains("Week 53, 28 december 2026 tot en met 3 januari 2027\n"))
        // Birthdays on both sides of the new year: 31 December and 1–2 January.
        #expect(
            digest.text.contains(
                "- Fleur Jansen: donderdag 31 december\n- Oliver Grant: vrijdag 1 januari\n- Lieke Visser: zaterdag 2 januari\n"))
        // The message is dated Monday 28 December 2026.
        #expect(digest.message.date.description == "Mon, 28 Dec 2026 07:00:00 +0100")
    }

    @Test(arguments: [
        ("2027-W12", "E1001", "Mon, 22 Mar 2027 07:00:00 +0100"),
        ("2027-W13", "E1001", "Mon, 29 Mar 2027 07:00:00 +0200"),
        ("2027-W12", "E4001", "Mon, 22 Mar 2027 07:00:00 +0000"),
        ("2027-W13", "E4001", "Mon, 29 Mar 2027 07:00:00 +0100"),
        ("2026-W43", "E3002", "Mon, 19 Oct 2026 07:00:00 +0200"),
        ("2026-W44", "E3002", "Mon, 26 Oct 2026 07:00:00 +0100"),
    ])
    func dateHeaderOffsetOnBothSidesOfADSTChange(week: String, employee: String, expected: String) throws {
        #expect(try Sample.digest(week, employee).message.date.description == expected)
    }

    @Test func sendMomentInAGapAndInAnOverlap() {
        let newYork = TimeZone(identifier: "America/New_York")!
        // 2027-03-14 02:30 does not exist in New York: moved forward by the gap.
        let gap = SendMoment.date(on: CivilDate(iso: "2027-03-14")!, at: TimeOfDay("02:30")!, in: newYork)
        #expect(gap.description == "Sun, 14 Mar 2027 03:30:00 -0400")
        // 2027-11-07 01:30 happens twice: the first one (still daylight time).
        let overlap = SendMoment.date(on: CivilDate(iso: "2027-11-07")!, at: TimeOfDay("01:30")!, in: newYork)
        #expect(overlap.description == "Sun, 7 Nov 2027 01:30:00 -0400")
    }

    @Test func overnightShiftAcrossTheDSTChangeShowsItsLocalTimes() throws {
        // E3009: Saturday 27 March 2027 22:00–06:00 in Amsterdam; the clocks go forward that night.
        let text = try Sample.digest("2027-W12", "E3009").text
        #expect(text.contains("- zaterdag 27 maart: 22:00 tot zondag 06:00, Hub Zaandam\n"))
        let london = try Sample.digest("2027-W12", "E4008").text
        #expect(london.contains("- Saturday 27 March: 22:00 to Sunday 06:00, Deptford Depot\n"))
    }

    @Test func overnightShiftBelongsToTheDayItStarts() throws {
        let text = try Sample.digest("2026-W53", "E3009").text
        // 27 Dec (W52) is not shown; 3 Jan 22:00–06:00 (ends in W01) is.
        #expect(
            text.contains(
                "Jouw diensten\n- dinsdag 29 december: 22:00 tot woensdag 06:00, Hub Zaandam\n- vrijdag 1 januari: 14:00 tot 22:00, Hub Zaandam\n- zondag 3 januari: 22:00 tot maandag 06:00, Hub Zaandam\n"
            ))
        let french = try Sample.digest("2026-W53", "E4003")
        #expect(french.view.shifts.isEmpty)
    }

    @Test func halfDaysAreNamed() throws {
        let text = try Sample.digest("2026-W53", "E1001").text
        #expect(text.contains("Yıldız Çelik (Kantoor): maandag 28 december (voormiddag)\n"))
        #expect(text.contains("Femke Vandamme (Kantoor): maandag 28 december (namiddag)\n"))
        let french = try Sample.digest("2026-W53", "E2001").text
        #expect(french.contains("- Mathieu Girard : jeudi 31 décembre (matin)\n"))
        let english = try Sample.digest("2026-W53", "E4001").text
        #expect(english.contains("Ewa Kowalczyk (Dispatch): Thursday 31 December (afternoon)\n"))
    }

    @Test func overlappingLeaveRowsCombine() throws {
        let text = try Sample.digest("2026-W53", "E1001").text
        // E1009: full 28–30 Dec plus a morning on 29 Dec → simply 28–30 Dec.
        #expect(text.contains("- Hanne Goossens: maandag 28 december tot en met woensdag 30 december\n"))
        // E1008: two separate days.
        #expect(text.contains("Sander Wuyts (Onderhoud, Techniek): maandag 28 december, woensdag 30 december\n"))
        // E2010: a morning and an afternoon on 30 Dec → the whole day.
        let french = try Sample.digest("2026-W53", "E2004").text
        #expect(french.contains("- Manon Rousseau : mercredi 30 décembre\n"))
    }

    @Test func leaveSpanningWeeksIsClippedToTheWeek() throws {
        let english = try Sample.digest("2026-W53", "E1003").text  // E1003 reads English
        #expect(english.contains("- Ingrid Ødegaard: all week\n"))
        #expect(english.contains("Charlotte Maenhout (Onderhoud, Techniek): all week\n"))
    }

    @Test func emptyWeekIsSkipped() throws {
        // 2027-W12: E1023's own half day and birthday are the only leie items.
        #expect(Sample.view("2027-W12", "E1023").isEmpty)
        #expect(!Sample.view("2027-W12", "E1001").isEmpty)
        // 2027-W01: thames has nothing but E4008's and E4010's shifts.
        let empty = Sample.export.employeesByCompany[Sample.export.companyIndex["thames"]!].filter { position in
            let employee = Sample.export.employees[position]
            return SkipReason.before(content: employee, in: ISOWeek(iso: "2027-W01")!) == nil
                && Sample.view("2027-W01", employee.id).isEmpty
        }
        #expect(empty.map { Sample.export.employees[$0].id } == ["E4001", "E4002", "E4003", "E4005", "E4007", "E4009", "E4011", "E4012"])
    }
}
