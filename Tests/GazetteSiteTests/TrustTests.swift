import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteSite

/// What a reader needs to trust the site: its title in their language, a root index in the
/// prevailing language, a footer that is true on every kind of page and names the publisher, links
/// that work from disk, and a page of changes that shows what changed where.
@Suite struct TrustTests {
    static let settings = """
        site:
          title:
            nl: "Koraal HR: voorwaarden en privacy"
            en: "Koraal HR: terms and privacy"
            fr: "Koraal HR : conditions et vie privée"
          base_url: "https://legal.fixture.example/"
          languages: [nl, en, fr]
          prevailing_language: nl
          time_zone: Europe/Brussels
          pdf: false
          notice_days: 45
          search: false
          publisher:
            name: "Koraal HR BV"
            address: "Dokstraat 12, 9000 Gent, België"
            email: "juridisch@koraal-hr.example"

        """

    static func fixture(_ settings: String = TrustTests.settings) -> SiteFixture {
        let fixture = SiteFixture()
        fixture.write("gazette.yml", settings)
        return fixture
    }

    @Test func theTitleIsInThePagesLanguage() throws {
        let fixture = Self.fixture()
        try fixture.build()
        #expect(
            fixture.page("nl/terms/index.html")?.contains(
                "<a class=\"site-title\" href=\"../../nl/\">Koraal HR: voorwaarden en privacy</a>") == true)
        #expect(fixture.page("en/terms/index.html")?.contains("<title>Terms – Koraal HR: terms and privacy</title>") == true)
        #expect(fixture.page("fr/index.html")?.contains("<h1>Koraal HR : conditions et vie privée</h1>") == true)
        #expect(fixture.page("en/feed.xml")?.contains("<author><name>Koraal HR: terms and privacy</name></author>") == true)
    }

    @Test func aTitleMapNeedsEveryLanguage() throws {
        let fixture = Self.fixture(
            Self.settings.replacingOccurrences(of: "    fr: \"Koraal HR : conditions et vie privée\"\n", with: "    de: \"Koraal HR\"\n"))
        let path = fixture.contentPath + "/gazette.yml"
        #expect(
            throws: InputError([
                InputProblem(path: path, line: 2, "site.title has no title for \"fr\": add a line fr: \"…\" below title:"),
                InputProblem(path: path, line: 2, "site.title has a title for \"de\", which is not one of site.languages (nl, en, fr)"),
            ])
        ) { try fixture.build() }
    }

    @Test func theRootIndexIsInThePrevailingLanguageWithTheOthersOneClickAway() throws {
        let fixture = Self.fixture(Self.settings.replacingOccurrences(of: "languages: [nl, en, fr]", with: "languages: [en, nl, fr]"))
        try fixture.build()
        let html = try #require(fixture.page("index.html"))
        #expect(html.contains("<html lang=\"nl\">"))
        #expect(html.contains("<h1>Koraal HR: voorwaarden en privacy</h1>"))
        #expect(html.contains("<nav class=\"other-languages\" aria-label=\"Andere talen\">"))
        #expect(html.contains("<a href=\"en/\" lang=\"en\" hreflang=\"en\">English</a>"))
        #expect(html.contains("<a href=\"fr/\" lang=\"fr\" hreflang=\"fr\">Français</a>"))
        // The prevailing language's documents come first; every document is still linked.
        let nl = try #require(html.range(of: "<section class=\"document-index\" lang=\"nl\""))
        let en = try #require(html.range(of: "<section class=\"document-index\" lang=\"en\""))
        #expect(nl.lowerBound < en.lowerBound)
        for link in ["nl/terms/", "en/terms/", "fr/terms/", "nl/privacy/", "en/privacy/"] { #expect(html.contains("<a href=\"\(link)\">")) }
    }

    @Test func theFooterIsTrueOnEveryKindOfPage() throws {
        let fixture = Self.fixture()
        try fixture.build()
        let inForce = "U ziet de versie die vandaag van kracht is."
        let current = try #require(fixture.page("nl/privacy/index.html"))
        #expect(current.contains("<p class=\"footer-status\">\(inForce) Elk artikel en elke bepaling heeft een eigen link.</p>"))
        let past = try #require(fixture.page("nl/privacy/2025-01-01/index.html"))
        #expect(!past.contains(inForce))
        #expect(
            past.contains(
                "<p class=\"footer-status\">Deze pagina toont de versie van 1 januari 2025; die is niet meer van kracht. <a href=\"../../../nl/privacy/\">Lees de versie die van kracht is</a></p>"
            ))
        let upcoming = try #require(fixture.page("nl/privacy/2027-01-01/index.html"))
        #expect(upcoming.contains("Deze pagina toont de versie van 1 januari 2027; die is nog niet van kracht."))
        let changes = try #require(fixture.page("nl/privacy/2026-03-01/changes/index.html"))
        #expect(!changes.contains(inForce))
        #expect(changes.contains("Deze pagina toont wat er veranderde in de versie van 1 maart 2026; die is van kracht."))
        #expect(
            fixture.page("en/index.html")?.contains("<p class=\"footer-status\">Each document&#39;s page shows the version in force;")
                == true)
        for page in ["index.html", "nl/privacy/index.html", "nl/privacy/2025-01-01/index.html", "fr/terms/index.html"] {
            let html = try #require(fixture.page(page))
            #expect(
                html.contains(
                    "<br>Dokstraat 12, 9000 Gent, België<br><a href=\"mailto:juridisch@koraal-hr.example\">juridisch@koraal-hr.example</a></address>"
                ), "\(page)")
        }
        #expect(fixture.page("en/terms/index.html")?.contains("<address class=\"publisher\">Published by Koraal HR BV<br>") == true)
    }

    @Test func aPublisherNeedsANameAnAddressAndAContact() throws {
        let fixture = Self.fixture(Self.settings.replacingOccurrences(of: "    email: \"juridisch@koraal-hr.example\"\n", with: ""))
        #expect(
            throws: InputError([
                InputProblem(
                    path: fixture.contentPath + "/gazette.yml", line: 14,
                    "site.publisher has no contact: give an email: or a url: where readers can ask about these documents")
            ])
        ) { try fixture.build() }
    }

    /// Every relative link of every page of the site.
    static func relativeLinks(in fixture: SiteFixture) throws -> [String] {
        var links: [String] = []
        for relative in FileTree.files(below: fixture.outputPath) ?? [] where relative.hasSuffix(".html") {
            let html = try #require(fixture.page(relative))
            var rest = html[...]
            while let range = rest.range(of: " href=\"") {
                rest = rest[range.upperBound...]
                let end = rest.firstIndex(of: "\"")!
                let link = String(rest[..<end])
                if !link.contains(":"), !link.hasPrefix("#") { links.append(link) }
            }
        }
        return links
    }

    @Test func withFileLinksEveryFolderLinkEndsInIndexHTML() throws {
        let off = Self.fixture()
        try off.build()
        let folderLinks = try Self.relativeLinks(in: off).filter { $0.split(separator: "#").first?.hasSuffix("/") ?? false }
        #expect(folderLinks.contains("../../nl/"))
        let on = Self.fixture(Self.settings + "  file_links: true\n")
        try on.build()
        let links = try Self.relativeLinks(in: on)
        #expect(!links.isEmpty)
        for link in links {
            let path = link.split(separator: "#", omittingEmptySubsequences: false)[0]
            #expect(!path.hasSuffix("/"), "\(link)")
            // Each link leads to a file of the site.
            #expect(
                path.hasSuffix(".html") || path.hasSuffix(".css") || path.hasSuffix(".xml") || path.hasSuffix(".pdf")
                    || path.hasSuffix(".js"), "\(link)")
        }
        #expect(
            on.page("nl/privacy/2025-01-01/index.html")?.contains(
                "<a href=\"../../../nl/privacy/index.html\">Lees de versie die van kracht is</a>") == true)
        #expect(on.page("index.html")?.contains("<a class=\"site-title\" href=\"./index.html\">") == true)
    }

    @Test(arguments: [
        ("<a href=\"./\">", "<a href=\"./index.html\">"), ("<a href=\"../../nl/\">", "<a href=\"../../nl/index.html\">"),
        ("<a href=\"2026-01-01/#art-5\">", "<a href=\"2026-01-01/index.html#art-5\">"), ("<a href=\"#art-5\">", "<a href=\"#art-5\">"),
        ("<link rel=\"canonical\" href=\"https://legal.example/nl/\">", "<link rel=\"canonical\" href=\"https://legal.example/nl/\">"),
        ("<a href=\"assets/site.css\">", "<a href=\"assets/site.css\">"), ("<a href=\"/abs/\">", "<a href=\"/abs/\">"),
    ])
    func fileLinksRewriteOnlyRelativeFolderLinks(html: String, expected: String) {
        #expect(String(decoding: FileLinks.rewrite(Array(html.utf8)), as: UTF8.self) == expected)
    }
}
