import Foundation
import FoundationXML
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteSite

@Suite("Site build")
struct SiteBuildTests {
    @Test func writesEveryPageOfTheFixture() throws {
        let fixture = SiteFixture()
        let report = try fixture.build()
        #expect(report.pages == 18)
        #expect(report.documents == 2)
        #expect(report.notYetInForce.isEmpty)
        #expect(report.pdfs == 0, "the fixture turns PDFs off (site.pdf: false)")
        let files = fixture.scratch.snapshot("Output/site").keys.sorted()
        #expect(
            files == [
                "assets/print.css", "assets/search.js", "assets/site.css", "en/feed.xml", "en/index.html",
                "en/privacy/2026-03-01/index.html",
                "en/privacy/index.html", "en/terms/2026-01-01/index.html", "en/terms/index.html", "fr/feed.xml", "fr/index.html",
                "fr/terms/2026-01-01/index.html", "fr/terms/index.html", "index.html", "nl/feed.xml", "nl/index.html",
                "nl/privacy/2025-01-01/index.html", "nl/privacy/2026-03-01/changes/index.html", "nl/privacy/2026-03-01/index.html",
                "nl/privacy/2027-01-01/changes/index.html", "nl/privacy/2027-01-01/index.html", "nl/privacy/index.html",
                "nl/terms/2026-01-01/index.html", "nl/terms/index.html", "robots.txt", "sitemap.xml",
            ])
    }

    @Test func theCurrentVersionIsTheNewestInForceOnToday() throws {
        let fixture = SiteFixture()
        try fixture.build(today: "2026-02-28")
        #expect(fixture.page("nl/privacy/index.html")?.contains("<h1>Privacy (oud)</h1>") == true)
        let announced = try #require(fixture.page("en/privacy/index.html"), "the English page announces its first version")
        #expect(announced.contains("This document takes effect on 1 March 2026. It is not in force yet."))
        #expect(!announced.contains("<div class=\"policy-body\">"))
        try fixture.build(today: "2026-03-01")
        #expect(fixture.page("nl/privacy/index.html")?.contains("<h1>Privacy</h1>") == true)
        #expect(fixture.page("nl/privacy/index.html")?.contains("Van kracht vanaf 1 maart 2026") == true)
        #expect(fixture.page("en/privacy/index.html")?.contains("<h1>Privacy</h1>") == true)
        try fixture.build(today: "2027-01-01")
        #expect(fixture.page("nl/privacy/index.html")?.contains("<h1>Privacy (toekomst)</h1>") == true)
        // The English version is still the one of 2026: translations never take another language's date.
        #expect(fixture.page("en/privacy/index.html")?.contains("<time datetime=\"2026-03-01\">") == true)
    }

    /// Before its first version takes effect, a document's address announces it (and links its
    /// permanent page), instead of answering "not found" to someone who was sent the link.
    @Test func aDocumentWithNoVersionInForceAnnouncesItsFirstVersion() throws {
        let fixture = SiteFixture()
        let report = try fixture.build(today: "2025-12-31")
        #expect(report.notYetInForce == ["privacy/en", "terms/nl", "terms/en", "terms/fr"])
        let page = try #require(fixture.page("nl/terms/index.html"))
        #expect(page.contains("Dit document gaat in op 1 januari 2026. Het is nog niet van kracht."))
        #expect(page.contains("<a href=\"../../nl/terms/2026-01-01/\">"))
        #expect(!page.contains("<div class=\"policy-body\">"))
        let version = try #require(fixture.page("nl/terms/2026-01-01/index.html"))
        #expect(version.contains("Deze versie gaat in op 1 januari 2026. Ze is nog niet van kracht."))
        #expect(version.contains("<div class=\"policy-body\">"))
        #expect(
            fixture.page("fr/index.html")?.contains("Cette version entre en vigueur le 1er janvier 2026. Elle n’est pas encore en vigueur.")
                == true)
        // Listed in the sitemap, without a lastmod in the future.
        let sitemap = try #require(fixture.page("sitemap.xml"))
        #expect(sitemap.contains("<loc>https://legal.fixture.example/nl/terms/</loc>\n    <xhtml:link"))
    }

    @Test func translationsAreLinkedBothWaysWithHreflang() throws {
        let fixture = SiteFixture()
        try fixture.build()
        for language in ["nl", "en", "fr"] {
            let html = try #require(fixture.page("\(language)/terms/index.html"))
            #expect(html.contains("<html lang=\"\(language)\">"))
            for other in ["nl", "en", "fr"] {
                #expect(
                    html.contains("<link rel=\"alternate\" hreflang=\"\(other)\" href=\"https://legal.fixture.example/\(other)/terms/\">"))
                if other != language {
                    #expect(
                        html.contains("<a href=\"../../\(other)/terms/\" lang=\"\(other)\" hreflang=\"\(other)\">"),
                        "\(language) → \(other)")
                }
            }
            #expect(html.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://legal.fixture.example/nl/terms/\">"))
            #expect(html.contains("<link rel=\"canonical\" href=\"https://legal.fixture.example/\(language)/terms/\">"))
        }
        // No French privacy policy: the French switch goes to the French index, and no alternate names it.
        let privacy = try #require(fixture.page("nl/privacy/index.html"))
        #expect(privacy.contains("<a href=\"../../fr/\" lang=\"fr\" hreflang=\"fr\">Français</a>"))
        #expect(!privacy.contains("hreflang=\"fr\" href="))
    }

    @Test func theRootIndexListsEveryDocumentInEveryLanguage() throws {
        let fixture = SiteFixture()
        try fixture.build()
        let html = try #require(fixture.page("index.html"))
        for link in ["nl/terms/", "en/terms/", "fr/terms/", "nl/privacy/", "en/privacy/"] {
            #expect(html.contains("<a href=\"\(link)\">"), "\(link)")
        }
        #expect(html.contains("<section class=\"document-index\" lang=\"fr\""))
        #expect(html.contains("<time datetime=\"2026-01-01\">En vigueur à partir du 1er janvier 2026</time>"))
    }

    @Test func theSitemapListsEveryPageWithAlternates() throws {
        let fixture = SiteFixture()
        try fixture.build()
        let xml = try #require(fixture.page("sitemap.xml"))
        let document = try XMLDocument(xmlString: xml)
        let urls = try document.nodes(forXPath: "/*[local-name()='urlset']/*[local-name()='url']")
        let locations = try urls.map { try $0.nodes(forXPath: "*[local-name()='loc']").first?.stringValue ?? "" }
        let base = "https://legal.fixture.example/"
        #expect(
            locations == [
                base, base + "nl/", base + "en/", base + "fr/",
                base + "nl/privacy/", base + "nl/privacy/2025-01-01/", base + "nl/privacy/2026-03-01/",
                base + "nl/privacy/2026-03-01/changes/",
                base + "nl/privacy/2027-01-01/", base + "nl/privacy/2027-01-01/changes/", base + "nl/terms/", base + "nl/terms/2026-01-01/",
                base + "en/privacy/", base + "en/privacy/2026-03-01/", base + "en/terms/", base + "en/terms/2026-01-01/",
                base + "fr/terms/", base + "fr/terms/2026-01-01/",
            ])
        let termsIndex = try #require(locations.firstIndex(of: base + "fr/terms/"))
        let terms = try #require(urls[termsIndex] as? XMLElement)
        func attribute(_ element: XMLElement, _ name: String) -> String {
            element.attributes?.first { $0.name == name }?.stringValue ?? ""
        }
        let alternates = terms.elements(forName: "xhtml:link").map { (attribute($0, "hreflang"), attribute($0, "href")) }
        #expect(alternates.map(\.0) == ["nl", "en", "fr", "x-default"])
        #expect(alternates.map(\.1) == [base + "nl/terms/", base + "en/terms/", base + "fr/terms/", base + "nl/terms/"])
        #expect(terms.elements(forName: "lastmod").first?.stringValue == "2026-01-01")
    }

    @Test func rebuildsAreByteIdentical() throws {
        let fixture = SiteFixture()
        try fixture.build()
        let first = fixture.scratch.snapshot("Output/site")
        try fixture.build(output: fixture.path("Output/again"))
        #expect(fixture.scratch.snapshot("Output/again") == first)
        try fixture.build()
        #expect(fixture.scratch.snapshot("Output/site") == first)
        #expect(first.count == 26)
    }

    /// Pages are rendered by Gazette's compiled renderer; swift-mustache is the reference: every page of
    /// the sample site must come out the same from both.
    @Test func everySamplePageMatchesSwiftMustache() throws {
        let fixture = SiteFixture(content: "Content")
        var options = SiteBuilder.Options(
            content: fixture.contentPath, templates: TestSupport.path("Templates"), output: fixture.path("Output/compiled"),
            today: CivilDate(iso: "2026-11-22")!)
        fixture.write(
            "gazette.yml", fixture.scratch.read("Content/gazette.yml")!.replacingOccurrences(of: "site:\n", with: "site:\n  pdf: false\n"))
        _ = try SiteBuilder.build(options)
        options.output = fixture.path("Output/reference")
        options.substituteRenderer = { try SwiftMustacheReference($0) }
        _ = try SiteBuilder.build(options)
        let compiled = fixture.scratch.snapshot("Output/compiled")
        #expect(compiled.count > 40)
        let reference = fixture.scratch.snapshot("Output/reference")
        for (path, bytes) in compiled.sorted(by: { $0.key < $1.key }) {
            #expect(reference[path] == bytes, "\(path) differs between the renderers")
        }
        #expect(Set(reference.keys) == Set(compiled.keys))
    }

    @Test func theSampleContentBuilds() throws {
        let fixture = SiteFixture(content: "Content", pdf: false)
        let report = try fixture.build(today: "2026-11-22")
        #expect(report.documents == 4)
        #expect(report.notYetInForce.isEmpty)
        let privacy = try #require(fixture.page("nl/privacy/index.html"))
        #expect(privacy.contains("id=\"art-6\""))
        #expect(privacy.contains("id=\"clause-3-1-1-1\""))
        #expect(privacy.contains("<table>"))
    }
}
