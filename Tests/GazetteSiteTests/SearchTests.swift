import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteSite

/// Search: Pagefind's index per language, built after the pages; a search box on every page that
/// works on a plain static web server and says why it cannot where it cannot.
@Suite(.serialized) struct SearchTests {
    static let notice = """
        ---
        title: "Opzegging"
        effective: 2026-01-01
        ---
        ## Artikel 4 – Einde van de overeenkomst

        4.1 Elke partij kan de overeenkomst schriftelijk beëindigen.
        4.2 De opzegtermijn bedraagt één maand en gaat in op de eerste dag van de volgende maand.

        """

    /// The fixture with search on and a document that has a notice period in clause 4.2.
    static func fixture() -> SiteFixture {
        let fixture = SiteFixture()
        let settings = fixture.scratch.read("Content/gazette.yml")!.replacingOccurrences(of: "  search: false\n", with: "  search: true\n")
        fixture.write("gazette.yml", settings)
        fixture.write("policies/notice/2026-01-01.nl.md", notice)
        return fixture
    }

    @Test func theIndexIsBuiltPerLanguageAfterThePages() throws {
        let fixture = Self.fixture()
        try fixture.build()
        let entry = try #require(fixture.page("pagefind/pagefind-entry.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(entry.utf8)) as? [String: Any])
        let languages = try #require(json["languages"] as? [String: Any])
        #expect(Set(languages.keys) == ["nl", "en", "fr"])
        #expect(fixture.page("pagefind/pagefind.js") != nil)
        // Current pages are indexed, other versions are not; every page has the box and its script.
        #expect(fixture.page("nl/notice/index.html")?.contains("<article class=\"policy\" data-pagefind-body>") == true)
        #expect(fixture.page("nl/privacy/2025-01-01/index.html")?.contains("data-pagefind-body") == false)
        for page in ["index.html", "nl/index.html", "nl/privacy/2025-01-01/index.html", "nl/privacy/2026-03-01/changes/index.html"] {
            let html = try #require(fixture.page(page))
            #expect(html.contains("<form class=\"search-form\" role=\"search\" method=\"get\" hidden>"), "\(page)")
            #expect(html.contains("assets/search.js\" defer></script>"), "\(page)")
        }
        #expect(fixture.page("assets/search.js") != nil)
    }

    @Test func searchingOpzegtermijnFindsTheClauseAndLinksItsAnchor() throws {
        let fixture = Self.fixture()
        try fixture.build()
        let search = try SiteBrowser.search(site: fixture.outputPath, path: "nl/?q=opzegtermijn")
        #expect(search.status == "1 resultaat voor “opzegtermijn”:")
        let result = try #require(search.results.first)
        #expect(result.href == "/nl/notice/#clause-4-2")
        #expect(result.title == "Opzegging")
        #expect(result.text.contains("4.2 De opzegtermijn bedraagt één maand"))
        // The English index is another one: the Dutch word is not in it.
        let english = try SiteBrowser.search(site: fixture.outputPath, path: "en/?q=opzegtermijn")
        #expect(english.results.isEmpty)
        #expect(english.status == "Nothing found for “opzegtermijn”.")
    }

    @Test func fromDiskOrWithoutJavaScriptTheBoxSaysWhy() throws {
        let fixture = Self.fixture()
        try fixture.build()
        let disk = try SiteBrowser.boxStatus(site: fixture.outputPath, path: "nl/notice/index.html", fromDisk: true, javaScript: true)
        #expect(disk.form_hidden)
        #expect(disk.text.hasPrefix("Zoeken werkt als een webserver de site aanbiedt; van schijf geopend kan het niet."))
        let noScript = try SiteBrowser.boxStatus(site: fixture.outputPath, path: "en/terms/index.html", fromDisk: false, javaScript: false)
        #expect(noScript.form_hidden)
        #expect(noScript.text.hasPrefix("Search needs JavaScript, which is off in this browser"))
        let served = try SiteBrowser.boxStatus(site: fixture.outputPath, path: "fr/terms/index.html", fromDisk: false, javaScript: true)
        #expect(!served.form_hidden)
    }

    @Test func searchFalseTurnsItOff() throws {
        let fixture = SiteFixture()  // the fixture has search: false
        try fixture.build()
        #expect(!fixture.scratch.exists("Output/site/pagefind"))
        #expect(fixture.page("nl/terms/index.html")?.contains("site-search") == false)
        #expect(fixture.page("nl/terms/index.html")?.contains("search.js") == false)
    }

    @Test func theSiteWithItsIndexIsTheSameOnEveryBuild() throws {
        let fixture = Self.fixture()
        try fixture.build(output: fixture.path("Output/one"))
        try fixture.build(output: fixture.path("Output/two"))
        let one = fixture.scratch.snapshot("Output/one")
        #expect(one.keys.contains { $0.hasPrefix("pagefind/index/") })
        #expect(one == fixture.scratch.snapshot("Output/two"))
    }
}
