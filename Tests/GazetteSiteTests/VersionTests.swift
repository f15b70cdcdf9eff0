import Foundation
import FoundationXML
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteSite

/// Versions over time: Fixtures/versions has "terms" in nl and en with three versions (2025-01-01,
/// 2026-01-01, 2026-09-01) and "privacy" whose English translation lags behind the Dutch original.
@Suite("Versions over time")
struct VersionTests {
    static let content = "Tests/GazetteSiteTests/Fixtures/versions"

    func built(_ today: String) throws -> SiteFixture {
        let fixture = SiteFixture(content: Self.content)
        try fixture.build(today: today)
        return fixture
    }

    /// The text of the list of versions on a page, one line per version: "label (status)".
    static func versionList(_ html: String) -> [String] {
        guard let start = html.range(of: "<ol class=\"version-list\" reversed>"),
            let end = html.range(of: "</ol>", range: start.upperBound..<html.endIndex)
        else { return [] }
        return html[start.upperBound..<end.lowerBound].components(separatedBy: "<li class=").dropFirst().map { item in
            let label =
                item.range(of: "\">", options: [], range: item.range(of: "<time")!.upperBound..<item.endIndex).map {
                    String(item[$0.upperBound..<item.range(of: "</time>")!.lowerBound])
                } ?? ""
            let status =
                item.range(of: "<span class=\"version-status\">(").map {
                    String(item[$0.upperBound..<item.range(of: ")</span>")!.lowerBound])
                } ?? ""
            return "\(label) (\(status))"
        }
    }

    @Test func beforeTheFirstVersionTheCurrentPageAnnouncesIt() throws {
        let fixture = try built("2024-12-01")
        let page = try #require(fixture.page("en/terms/index.html"))
        #expect(page.contains("This document takes effect on 1 January 2025. It is not in force yet."))
        #expect(!page.contains("<div class=\"policy-body\">"))
        #expect(
            Self.versionList(page) == [
                "Version of 1 September 2026 (not yet in force)", "Version of 1 January 2026 (not yet in force)",
                "Version of 1 January 2025 (not yet in force)",
            ])
        // Every version already has its permanent page, marked as not in force.
        for date in ["2025-01-01", "2026-01-01", "2026-09-01"] {
            let version = try #require(fixture.page("en/terms/\(date)/index.html"))
            #expect(version.contains("<p class=\"notice status-upcoming\">This version takes effect on"))
            #expect(version.contains("<div class=\"policy-body\">"))
        }
    }

    @Test func theCurrentPageShowsTheVersionInForceAndAnnouncesTheNextOne() throws {
        let fixture = try built("2026-06-01")
        let page = try #require(fixture.page("en/terms/index.html"))
        #expect(page.contains("<time datetime=\"2026-01-01\">Effective from 1 January 2026</time> Announced on 15 November 2025."))
        #expect(page.contains("may terminate with one month notice"))
        #expect(!page.contains("quarterly</"), "the upcoming text is not shown as if in force")
        #expect(
            page.contains(
                """
                <div class="notice upcoming">
                <p><strong>A new version takes effect on 1 September 2026:</strong> <a href="../../en/terms/2026-09-01/">read it</a> · \
                <a href="../../en/terms/2026-09-01/changes/">what changes</a></p>
                <p class="summary">Invoices are now sent quarterly; new article 3 on complaints.</p>
                </div>
                """))
        #expect(
            Self.versionList(page) == [
                "Version of 1 September 2026 (not yet in force)", "Version of 1 January 2026 (in force)",
                "Version of 1 January 2025 (no longer in force)",
            ])
        #expect(page.contains("<a href=\"../../en/terms/2026-01-01/\">Permanent link to this version</a>"))
        #expect(page.contains("<a href=\"../../en/terms/2026-01-01/changes/\">What changed in this version</a>"))
        // The permanent pages say where each version stands, and link each other's translations.
        let past = try #require(fixture.page("en/terms/2025-01-01/index.html"))
        #expect(past.contains("This version was in force from 1 January 2025 until 31 December 2025. It has been replaced."))
        #expect(past.contains("<a href=\"../../../en/terms/\">Read the version in force</a>"))
        #expect(past.contains("<link rel=\"canonical\" href=\"https://legal.versions.example/en/terms/2025-01-01/\">"))
        #expect(past.contains("<link rel=\"alternate\" hreflang=\"nl\" href=\"https://legal.versions.example/nl/terms/2025-01-01/\">"))
        #expect(past.contains("<a href=\"../../../nl/terms/2025-01-01/\" lang=\"nl\" hreflang=\"nl\">Nederlands</a>"))
        let current = try #require(fixture.page("nl/terms/2026-01-01/index.html"))
        #expect(current.contains("Deze versie is van kracht sinds 1 januari 2026."))
        let upcoming = try #require(fixture.page("nl/terms/2026-09-01/index.html"))
        #expect(
            upcoming.contains("<p class=\"notice status-upcoming\">Deze versie gaat in op 1 september 2026. Ze is nog niet van kracht."))
        #expect(upcoming.contains("<time datetime=\"2026-09-01\">Deze versie gaat in op 1 september 2026."))
    }

    @Test func whenItsDatePassesTheUpcomingVersionBecomesCurrentWithNoEdit() throws {
        let fixture = try built("2026-09-01")
        let page = try #require(fixture.page("nl/terms/index.html"))
        #expect(page.contains("Facturen worden per kwartaal verstuurd."))
        #expect(!page.contains("<div class=\"notice upcoming\">"))
        #expect(
            Self.versionList(page) == [
                "Versie van 1 september 2026 (van kracht)", "Versie van 1 januari 2026 (niet meer van kracht)",
                "Versie van 1 januari 2025 (niet meer van kracht)",
            ])
        let previous = try #require(fixture.page("nl/terms/2026-01-01/index.html"))
        #expect(previous.contains("Deze versie was van kracht van 1 januari 2026 tot en met 31 augustus 2026. Ze is vervangen."))
    }

    @Test(arguments: ["2024-12-01", "2026-06-01", "2026-09-01"])
    func theSitemapListsEveryVersionWithItsTranslations(today: String) throws {
        let fixture = try built(today)
        let document = try XMLDocument(xmlString: try #require(fixture.page("sitemap.xml")))
        let urls = try document.nodes(forXPath: "/*[local-name()='urlset']/*[local-name()='url']").compactMap { $0 as? XMLElement }
        let locations = urls.map { $0.elements(forName: "loc").first?.stringValue ?? "" }
        let base = "https://legal.versions.example/"
        for language in ["nl", "en"] {
            for path in [
                "terms/", "terms/2025-01-01/", "terms/2026-01-01/", "terms/2026-01-01/changes/", "terms/2026-09-01/",
                "terms/2026-09-01/changes/",
            ] {
                #expect(locations.contains(base + language + "/" + path), "\(language)/\(path)")
            }
        }
        #expect(!locations.contains(base + "nl/terms/2025-01-01/changes/"), "a first version has nothing to compare with")
        let version = try #require(urls.first { $0.elements(forName: "loc").first?.stringValue == base + "en/terms/2026-01-01/" })
        let alternates = version.elements(forName: "xhtml:link").map { link in
            link.attributes?.first { $0.name == "hreflang" }?.stringValue ?? ""
        }
        #expect(alternates == ["nl", "en", "x-default"])
        let lastmod = version.elements(forName: "lastmod").first?.stringValue
        #expect(lastmod == (today >= "2026-01-01" ? "2026-01-01" : nil), "no lastmod in the future")
        // Only the pages that exist: every <loc> is a file of the site.
        for location in locations {
            let path = String(location.dropFirst(base.count))
            #expect(fixture.scratch.exists("Output/site/" + path + "index.html"), "\(path)")
        }
    }

    @Test func aTranslationOlderThanTheOriginalSaysSoAndLinksIt() throws {
        let fixture = try built("2026-06-01")
        let page = try #require(fixture.page("en/privacy/index.html"))
        #expect(
            page.contains(
                """
                <p class="notice stale">This translation is out of date: since 1 March 2026 a newer version applies, which has not been \
                translated yet. The Dutch text prevails. <a href="../../nl/privacy/" hreflang="nl">Read the version in force (Dutch)</a></p>
                """))
        // The permanent page of the English text in force says it too; the original does not.
        #expect(fixture.page("en/privacy/2025-01-01/index.html")?.contains("<p class=\"notice stale\">") == true)
        #expect(fixture.page("nl/privacy/index.html")?.contains("<p class=\"notice stale\">") == false)
        // Upcoming Dutch versions without an English translation are announced on the English page.
        #expect(
            page.contains(
                """
                <p><strong>A new version takes effect on 1 October 2026; it is not yet available in this language:</strong> \
                <a href="../../nl/privacy/2026-10-01/" hreflang="nl">read it</a> · <a href="../../nl/privacy/2026-10-01/changes/" hreflang="nl">what changes</a></p>
                <p class="summary" lang="nl">Nieuwe subverwerker.</p>
                """))
        // Terms are translated in step: no notice.
        #expect(fixture.page("en/terms/index.html")?.contains("<p class=\"notice stale\">") == false)
    }

    @Test func anUpcomingVersionOfTheOriginalDoesNotMakeATranslationStale() throws {
        // On 2026-02-01 the Dutch 2026-03-01 version is only announced: the English text is not out of date yet.
        let fixture = try built("2026-02-01")
        #expect(fixture.page("en/privacy/index.html")?.contains("<p class=\"notice stale\">") == false)
        #expect(
            fixture.page("en/privacy/index.html")?.contains(
                "A new version takes effect on 1 March 2026; it is not yet available in this language:") == true)
    }

    @Test func theLibraryKnowsWhereEachVersionStands() throws {
        var problems = ProblemList()
        let library = PolicyLibrary(
            PolicyLoader.load(from: TestSupport.path(Self.content) + "/policies", languages: ["nl", "en"], problems: &problems))
        #expect(problems.isEmpty)
        let today = CivilDate(iso: "2026-06-01")!
        let statuses = library.versions(of: "terms", in: "en").map { library.status(of: $0, on: today) }
        #expect(statuses == [.past, .current, .upcoming])
        #expect(library.upcoming("terms", in: "en", on: today).map(\.effective.description) == ["2026-09-01"])
        #expect(library.staleness("privacy", in: "en", prevailing: "nl", on: today)?.effective.description == "2026-03-01")
        #expect(library.staleness("privacy", in: "nl", prevailing: "nl", on: today) == nil)
        #expect(library.staleness("terms", in: "en", prevailing: "nl", on: today) == nil)
        #expect(
            library.untranslatedUpcoming("privacy", in: "en", prevailing: "nl", on: today).map(\.effective.description) == ["2026-10-01"])
    }

    @Test func noticePeriodsAreCheckedWithWarnings() throws {
        let fixture = SiteFixture(content: Self.content)
        // 14 days before the Dutch privacy version of 2026-03-01, which gives no announced: date.
        let early = try fixture.build(today: "2026-02-15")
        #expect(
            early.warnings.contains {
                $0.hasPrefix("warning: ")
                    && $0.contains("privacy/2026-03-01.nl.md: takes effect in 14 days (2026-03-01), fewer than site.notice_days (30)")
            })
        #expect(!early.warnings.contains { $0.contains("terms/") }, "the terms were announced 47 days ahead")
        // 60 days ahead: nothing to warn about.
        let inTime = try fixture.build(today: "2025-12-31")
        #expect(!inTime.warnings.contains { $0.hasPrefix("warning: ") })
        // An announced date too close to the effective date is always reported.
        fixture.write(
            "policies/terms/2026-09-01.en.md",
            "---\ntitle: Terms\neffective: 2026-09-01\nannounced: 2026-08-25\n---\n## Article 1 – Use\n\n1.1 Text.\n")
        let late = try fixture.build(today: "2026-01-01")
        #expect(
            late.warnings.contains {
                $0.hasSuffix(
                    "terms/2026-09-01.en.md: announced 7 days before it takes effect on 2026-09-01; site.notice_days asks for at least 30")
            })
        // Stale translations are noted.
        let stale = try fixture.build(today: "2026-06-01")
        #expect(
            stale.warnings.contains(
                "note: privacy/en is out of date: the nl version in force since 2026-03-01 has no en translation; the en pages say so"))
    }
}
