import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteSite

/// Editors' date mistakes that used to pass silently: a translation with another date than its
/// original, a year typed wrong. (A file name that is another date and a day that does not exist
/// are input errors: `SiteInputErrorTests`.)
@Suite struct DateMistakeTests {
    static func file(_ title: String, _ effective: String) -> String {
        "---\ntitle: \"\(title)\"\neffective: \(effective)\n---\n## Artikel 1\n\n1.1 Tekst.\n"
    }

    @Test func aTranslationWithAnotherDateIsWarnedOfInBothLanguages() throws {
        let fixture = SiteFixture()
        fixture.write("policies/terms/2026-06-01.nl.md", Self.file("Voorwaarden", "2026-06-01"))
        fixture.write("policies/terms/2026-06-10.en.md", Self.file("Terms", "2026-06-10"))
        let report = try fixture.build()
        let base = fixture.contentPath + "/policies/terms/"
        #expect(
            report.warnings.filter { $0.contains(" translation has effective ") } == [
                "warning: \(base)2026-06-01.nl.md:3: no en translation has effective 2026-06-01; the en page keeps 2026-01-01",
                "warning: \(base)2026-06-10.en.md:3: no nl translation has effective 2026-06-10; the nl page keeps 2026-06-01",
            ])
    }

    @Test func aLanguageThatOnlyLagsIsNoDateMistake() throws {
        let report = try SiteFixture().build()
        #expect(!report.warnings.contains { $0.contains(" translation has effective ") })
    }

    @Test func anEffectiveDateMoreThanTwoYearsAwayIsWarnedOf() throws {
        let fixture = SiteFixture()
        fixture.write("policies/far/2062-02-01.nl.md", Self.file("Ver", "2062-02-01"))
        fixture.write("policies/near/2028-11-22.nl.md", Self.file("Dichtbij", "2028-11-22"))
        let report = try fixture.build(today: "2026-11-22")
        #expect(
            report.warnings.filter { $0.contains("years after today") } == [
                "warning: \(fixture.contentPath)/policies/far/2062-02-01.nl.md:3: \"effective\" is 2062-02-01, more than 2 years after today (2026-11-22): check the year"
            ])
    }

    @Test(arguments: [
        ("2026-02-31", "February 2026 has 28 days"), ("2024-02-30", "February 2024 has 29 days"), ("2026-04-31", "April 2026 has 30 days"),
        ("2026-00-10", "there is no month 0 (months go from 01 to 12)"), ("2026-01-00", "there is no day 0"),
        ("0000-01-01", "there is no year 0"),
    ])
    func impossibleDaysAreExplained(text: String, why: String) {
        #expect(FrontMatter.impossibleDay(text) == why)
    }

    @Test(arguments: ["2026-02-28", "1 februari", "2026-2-31", "26-02-31x"])
    func otherTextIsNotAnImpossibleDay(text: String) {
        #expect(FrontMatter.impossibleDay(text) == nil)
    }
}
