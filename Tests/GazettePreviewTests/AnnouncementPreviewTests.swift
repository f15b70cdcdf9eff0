import Foundation
import GazetteCore
import GazetteDigest
import GazettePreview
import GazetteTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// The preview lists the policy-change announcements beside the week's digests: due ones (composed
/// on request) and written ones (read from disk), each shown like an email.
@Suite struct AnnouncementPreviewTests {
    static let pdfCache = ScratchFolder(processScoped: "gazette-preview-announce-pdf")

    static func store(_ fixture: PreviewFixture, today: String, announcements: String) -> PreviewStore {
        var configuration = PreviewFixture.configuration(fixture.folder.path)
        configuration.sources.content = fixture.folder.path + "/content"
        configuration.today = CivilDate(iso: today)
        configuration.announcements = announcements
        configuration.pdfCache = pdfCache.path
        return PreviewStore(configuration: configuration)
    }

    @Test func dueAndWrittenAnnouncementsAreListedAndShownLikeEmails() async throws {
        let fixture = PreviewFixture()
        fixture.folder.copy(TestSupport.path("Content/policies"), to: "content/policies")
        let output = fixture.folder.path + "/announcements"
        let store = Self.store(fixture, today: "2026-11-20", announcements: output)
        let application = Application(router: PreviewServer.router(store))
        let (due, page, html) = try await application.test(.router) { client in
            let index = try await client.get("/")
            let page = try await client.get("/announcements/privacy-2027-01-01/leie/2")
            let html = try await client.get("/announcements/privacy-2027-01-01/leie/2/html")
            return (index.text, page, html.text)
        }
        #expect(due.contains("<h2 id=\"announcements\">Policy-change announcements</h2>"))
        #expect(due.contains("due since 2026-11-20, not written yet; objections until 2026-12-04"))
        for link in ["leie/1", "leie/2", "sambre/1", "grachten/1"] {
            #expect(due.contains("href=\"/announcements/privacy-2027-01-01/\(link)\""), "\(link)")
        }
        #expect(!due.contains("/announcements/privacy-2027-01-01/sambre/2"))  // notices false
        #expect(page.status == .ok)
        #expect(page.text.contains("<h1>Privacybeleid : nouvelle version à partir du 1er janvier 2027</h1>"))
        #expect(page.text.contains("due, not written yet"))
        #expect(page.text.contains("application/pdf, "))
        #expect(html.contains("Ce document n&#39;existe pas en français") || html.contains("Ce document n'existe pas en français"))

        // Once written, the page shows the file as it is on disk.
        let sources = AnnouncementInputs.Sources(
            content: fixture.folder.path + "/content", data: fixture.folder.path + "/data", templates: fixture.folder.path + "/Templates",
            config: fixture.folder.path + "/gazette.yml", environment: fixture.sources.environment)
        _ = try AnnouncementBatch.run(
            AnnouncementBatch.Options(sources: sources, output: output, today: CivilDate(iso: "2026-11-20"), pdfCache: Self.pdfCache.path))
        let written = Self.store(fixture, today: "2026-11-21", announcements: output)
        let (index, raw) = try await Application(router: PreviewServer.router(written)).test(.router) { client in
            (try await client.get("/").text, try await client.get("/announcements/privacy-2027-01-01/grachten/1/raw").text)
        }
        #expect(index.contains("written in \(output)/privacy-2027-01-01"))
        #expect(raw == fixture.folder.read("announcements/privacy-2027-01-01/grachten/1.eml"))
    }
}
