import Foundation
import GazetteCore
import GazettePreview
import GazetteTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// The policy site in `gazette preview` (`/site/`): pages made from Content on request, with
/// `--today`; an edit to a document, a template, a locale file or gazette.yml shows on the next
/// request and makes open pages reload; a broken file shows its problems with file:line.
@Suite struct SitePreviewTests {
    /// The preview fixture with the sample's policies beside its gazette.yml (Content's layout).
    static func fixture() -> PreviewFixture {
        let fixture = PreviewFixture()
        fixture.folder.copy(TestSupport.path("Content/policies"), to: "policies")
        return fixture
    }

    static func client(_ fixture: PreviewFixture, today: String? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> Void)
        async throws
    {
        var configuration = PreviewFixture.configuration(fixture.folder.path)
        if let today { configuration.today = CivilDate(iso: today) }
        let application = Application(router: PreviewServer.router(PreviewStore(configuration: configuration)))
        try await application.test(.router, body)
    }

    @Test func pagesAreMadeOnRequestWithTheirReloadScript() async throws {
        let fixture = Self.fixture()
        try await Self.client(fixture, today: "2026-11-22") { client in
            let index = try await client.get("/site/")
            #expect(index.status == .ok)
            #expect(index.text.contains("<html lang=\"nl\">"))
            let page = try await client.get("/site/nl/privacy/")
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>Privacybeleid</h1>"))
            #expect(page.text.contains("<script src=\"/assets/site-reload.js\" data-generation=\"1\"></script>\n</body>"))
            #expect(page.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
            // Its stylesheet, a version, its changes and the feed, at the addresses its links give.
            #expect(try await client.get("/site/assets/site.css").header("Content-Type") == "text/css; charset=utf-8")
            #expect(try await client.get("/site/nl/privacy/2025-03-01/").text.contains("Deze pagina toont de versie van 1 maart 2025"))
            #expect(try await client.get("/site/nl/privacy/2026-02-01/changes/").status == .ok)
            #expect(try await client.get("/site/en/feed.xml").header("Content-Type") == "application/atom+xml")
            // No search box in the preview (no index is built per edit).
            #expect(!page.text.contains("site-search"))
            let folder = try await client.get("/site/nl/privacy")
            #expect(folder.status == .found)
            #expect(folder.header("Location") == "/site/nl/privacy/")
            #expect(try await client.get("/site/nl/nothing/").status == .notFound)
        }
    }

    @Test func todayChoosesTheVersionInForce() async throws {
        let fixture = Self.fixture()
        try await Self.client(fixture, today: "2027-01-02") { client in
            let page = try await client.get("/site/nl/privacy/").text
            #expect(page.contains("<p class=\"effective\"><time datetime=\"2027-01-01\">"))
        }
        try await Self.client(fixture, today: "2026-11-22") { client in
            let page = try await client.get("/site/nl/privacy/").text
            #expect(page.contains("<p class=\"effective\"><time datetime=\"2026-02-01\">"))
        }
    }

    @Test func editsToADocumentATemplateALocaleFileAndTheSettingsShow() async throws {
        let fixture = Self.fixture()
        try await Self.client(fixture, today: "2026-11-22") { client in
            #expect(try await client.get("/generation/site").text == "1")
            let text = fixture.folder.read("policies/privacy/2026-02-01.nl.md")!
            fixture.folder.write("policies/privacy/2026-02-01.nl.md", text + "\nEen zin die de redacteur net schreef.\n")
            let edited = try await client.get("/site/nl/privacy/").text
            #expect(edited.contains("Een zin die de redacteur net schreef."))
            #expect(edited.contains("data-generation=\"2\""))
            fixture.edit(
                "Templates/site/layout.mustache", replacing: "<main id=\"main\" tabindex=\"-1\">",
                with: "<main id=\"main\" tabindex=\"-1\" data-edited>")
            #expect(try await client.get("/site/nl/privacy/").text.contains("data-edited"))
            fixture.edit(
                "Templates/locales/nl.yml", replacing: "all_documents: \"Alle documenten\"", with: "all_documents: \"Alle teksten\"")
            #expect(try await client.get("/site/nl/privacy/").text.contains("Alle teksten"))
            fixture.edit("gazette.yml", replacing: "nl: \"Koraal HR: voorwaarden en privacy\"", with: "nl: \"Koraal HR: voorwaarden\"")
            #expect(try await client.get("/site/nl/").text.contains("<h1>Koraal HR: voorwaarden</h1>"))
            // A new document appears.
            fixture.folder.write(
                "policies/cookies/2026-01-01.nl.md", "---\ntitle: \"Cookies\"\neffective: 2026-01-01\n---\nGeen cookies.\n")
            #expect(try await client.get("/site/nl/cookies/").status == .ok)
        }
    }

    @Test func aBrokenFileShowsItsProblemsUntilItIsFixed() async throws {
        let fixture = Self.fixture()
        try await Self.client(fixture, today: "2026-11-22") { client in
            #expect(try await client.get("/site/nl/privacy/").status == .ok)
            fixture.edit("policies/privacy/2026-02-01.nl.md", replacing: "effective: 2026-02-01", with: "effective: 2026-02-31")
            let broken = try await client.get("/site/nl/privacy/")
            #expect(broken.status == .internalServerError)
            let path = fixture.folder.path + "/policies/privacy/2026-02-01.nl.md"
            #expect(
                broken.text.contains(
                    "<li>\(path):3: &quot;effective&quot; is 2026-02-31: February 2026 has 28 days; give a day that exists</li>"))
            #expect(broken.text.contains("data-generation=\"2\""))
            fixture.edit("policies/privacy/2026-02-01.nl.md", replacing: "effective: 2026-02-31", with: "effective: 2026-02-01")
            #expect(try await client.get("/site/nl/privacy/").status == .ok)
        }
    }

    @Test func theGenerationAnswersAsSoonAsAFileChanges() async throws {
        let fixture = Self.fixture()
        try await Self.client(fixture, today: "2026-11-22") { client in
            #expect(try await client.get("/generation/site?seen=0").text == "1")
            async let waiting = client.get("/generation/site?seen=1")
            try await Task.sleep(for: .milliseconds(200))
            fixture.edit("policies/privacy/2026-02-01.nl.md", replacing: "title: \"Privacybeleid\"", with: "title: \"Privacy\"")
            #expect(try await waiting.text == "2")
        }
    }
}
