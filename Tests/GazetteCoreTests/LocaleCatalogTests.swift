import GazetteCore
import GazetteTestSupport
import Testing

@Suite("Locale files")
struct LocaleCatalogTests {
    @Test func theRepositoryLocalesLoadAndFormatDates() throws {
        let catalog = try LocaleCatalog.load(from: TestSupport.path("Templates/locales"), languages: ["nl", "en", "fr"])
        let monday = CivilDate(iso: "2026-12-28")!
        #expect(try catalog["nl"].weekdayDate(monday) == "maandag 28 december")
        #expect(try catalog["fr"].weekdayDate(monday) == "lundi 28 décembre")
        #expect(try catalog["en"].weekdayDate(monday) == "Monday 28 December")
        let first = CivilDate(iso: "2026-02-01")!
        #expect(try catalog["nl"].longDate(first) == "1 februari 2026")
        #expect(try catalog["fr"].longDate(first) == "1er février 2026")
        #expect(try catalog["en"].longDate(first) == "1 February 2026")
        #expect(try catalog["fr"].dayMonth(CivilDate(iso: "2027-03-28")!) == "28 mars")
    }

    @Test func aKeyMissingInOneLanguageIsReported() throws {
        let scratch = ScratchFolder()
        let base = """
            language_name: X
            months: [a, b, c, d, e, f, g, h, i, j, k, l]
            weekdays: [m, t, w, t, f, s, s]
            formats: {first_day: "1", date_long: "{day} {month} {year}", date_weekday: "{weekday} {day}", day_month: "{day} {month}"}

            """
        scratch.write("l/en.yml", base + "site:\n  contents: Contents\n  extra: Extra\n")
        scratch.write("l/nl.yml", base + "site:\n  contents: Inhoud\n")
        #expect(
            throws: InputError(InputProblem(path: scratch.path + "/l/nl.yml", "missing \"site.extra\" (en.yml has it): translate it here"))
        ) {
            try LocaleCatalog.load(from: scratch.path + "/l", languages: ["en", "nl"])
        }
    }

    @Test func missingFileAndBadListsAreReported() throws {
        let scratch = ScratchFolder()
        scratch.write(
            "l/en.yml",
            "language_name: X\nmonths: [a]\nweekdays: [m, t, w, t, f, s, s]\nformats: {date_long: x, date_weekday: y, day_month: z}\n")
        do {
            _ = try LocaleCatalog.load(from: scratch.path + "/l", languages: ["en", "de"])
            Issue.record("expected problems")
        } catch {
            #expect(
                error.problems == [
                    InputProblem(
                        path: scratch.path + "/l/de.yml", "locale file not found for language \"de\": copy en.yml and translate it"),
                    InputProblem(
                        path: scratch.path + "/l/en.yml", line: 2, "\"months\" must list the 12 month names, January first; found 1"),
                ])
        }
    }

    @Test func anUnknownPlaceholderPointsAtTheLocaleLine() throws {
        let catalog = try LocaleCatalog.load(from: TestSupport.path("Templates/locales"), languages: ["en"])
        #expect(try catalog["en"].format("site.effective_from", ["date": "1 May"]) == "Effective from 1 May")
        let line = catalog["en"].line(of: "site.effective_from")
        #expect(
            throws: InputError(
                InputProblem(
                    path: TestSupport.path("Templates/locales/en.yml"), line: line,
                    "\"site.effective_from\" uses {date}, which is not known here: use {day}"))
        ) {
            try catalog["en"].format("site.effective_from", ["day": "1"])
        }
    }
}
