import Foundation
import GazetteCore
import GazetteMail
import GazettePreview
import GazetteTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// Edits to templates, locale files, CSV files and gazette.yml show on the next request, without a
/// restart; a broken file shows as a page with file and line, and the server recovers once it is fixed.
@Suite struct LiveReloadTests {
    @Test func aTemplateEditShowsOnTheNextRequest() async throws {
        let fixture = PreviewFixture()
        try await fixture.withClient { client in
            let before = try await client.get("/emails/E1001/text")
            #expect(!before.text.contains("Edited greeting"))
            #expect(try await client.get("/generation").text == "1")
            fixture.edit("Templates/digest/email.txt.mustache", replacing: "{{greeting}}", with: "Edited greeting: {{greeting}}")
            let after = try await client.get("/emails/E1001/text")
            #expect(after.text.contains("Edited greeting: Dag Wouter,"))
            #expect(try await client.get("/generation").text == "2")
            // The email page carries the new generation, so an open page reloads.
            #expect(try await client.get("/emails/E1001").text.contains("<meta name=\"gazette-generation\" content=\"2\">"))
        }
    }

    @Test func aLocaleEditShows() async throws {
        let fixture = PreviewFixture()
        try await fixture.withClient { client in
            #expect(try await client.get("/emails/E4001/html").text.contains("Your week at "))
            fixture.edit(
                "Templates/locales/en.yml", replacing: "title: \"Your week at {company}\"", with: "title: \"This week at {company}\"")
            let html = try await client.get("/emails/E4001/html").text
            #expect(html.contains("This week at Thames Lantern Bakery Ltd"))
        }
    }

    @Test func aCSVEditShows() async throws {
        let fixture = PreviewFixture()
        try await fixture.withClient { client in
            #expect(try await client.get("/emails/E1002/text").text.contains("Wouter Vermeulen"))
            fixture.edit("data/employees.csv", replacing: "E1001,leie,Vermeulen,Wouter,", with: "E1001,leie,Vermeulen,Wolter,")
            let text = try await client.get("/emails/E1002/text").text
            #expect(text.contains("Wolter Vermeulen") && !text.contains("Wouter Vermeulen"))
            #expect(try await client.get("/?q=wolter").listedEmployees == ["E1001"])
        }
    }

    /// A DKIM key file replaced (a rotation) is read again: the next email is signed with the new key.
    @Test func aNewKeyFileShows() async throws {
        let fixture = PreviewFixture()
        fixture.folder.write("dkim.pem", try DKIMKey.generate(.ed25519SHA256).pkcs8PEM)
        var configuration = PreviewFixture.configuration(fixture.folder.path)
        configuration.sources.environment["GAZETTE_DKIM_KEYS"] = fixture.folder.path + "/dkim.pem"
        let application = Application(router: PreviewServer.router(PreviewStore(configuration: configuration)))
        try await application.test(.router) { client in
            let before = try await client.get("/emails/E1001/raw").text
            #expect(before.hasPrefix("DKIM-Signature: v=1; a=ed25519-sha256;"))
            try await Task.sleep(for: .milliseconds(20))  // a new modification time, also on coarse clocks
            fixture.folder.write("dkim.pem", try DKIMKey.generate(.ed25519SHA256).pkcs8PEM)
            let after = try await client.get("/emails/E1001/raw").text
            #expect(try await client.get("/generation").text == "2")
            #expect(after.hasPrefix("DKIM-Signature: v=1; a=ed25519-sha256;") && after != before)
        }
    }

    @Test func aConfigEditShows() async throws {
        let fixture = PreviewFixture()
        try await fixture.withClient { client in
            fixture.edit("gazette.yml", replacing: "http://127.0.0.1:8025/unsubscribe/{token}", with: "https://ess.example.com/u/{token}")
            let raw = try await client.get("/emails/E1001/raw").text
            #expect(raw.contains("List-Unsubscribe: <https://ess.example.com/u/"))
        }
    }

    @Test func aBrokenTemplateShowsFileAndLineAndTheServerRecovers() async throws {
        let fixture = PreviewFixture()
        let template = fixture.folder.path + "/Templates/digest/email.html.mustache"
        try await fixture.withClient { client in
            #expect(try await client.get("/emails/E1001").status == .ok)
            let original = try String(contentsOfFile: template, encoding: .utf8)
            let line =
                try #require(original.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("{{intro}}</p>") })
                + 1
            fixture.edit("Templates/digest/email.html.mustache", replacing: "{{intro}}</p>", with: "{{intro_text}}</p>")
            for uri in ["/", "/emails/E1001", "/emails/E1001/html"] {
                let broken = try await client.get(uri)
                #expect(broken.status == .internalServerError, "\(uri)")
                #expect(broken.text.contains("<h1>The preview cannot render: 1 input problem</h1>"), "\(uri)")
                #expect(
                    broken.text.contains(
                        "<li>\(template):\(line): no value named &quot;intro_text&quot; when rendering digest/email.html: check the spelling of the tag</li>"
                    ), "\(uri)")
            }
            fixture.edit("Templates/digest/email.html.mustache", replacing: "{{intro_text}}</p>", with: "{{intro}}</p>")
            let fixed = try await client.get("/emails/E1001")
            #expect(fixed.status == .ok)
            #expect(fixed.text.contains("<h2 id=\"checks\">Standards checks</h2>"))
            #expect(fixed.text.contains("1 of 15 checks fail."))  // https: the sample's link is this server's
        }
    }

    @Test func aBrokenCSVRowShowsFileAndLine() async throws {
        let fixture = PreviewFixture()
        try await fixture.withClient { client in
            fixture.edit(
                "data/shifts.csv", replacing: "E3002,2026-12-22,DC Amsterdam-West,06:00,14:00",
                with: "E3002,2026-12-22,DC Amsterdam-West,25:00,14:00")
            let broken = try await client.get("/")
            #expect(broken.status == .internalServerError)
            #expect(
                broken.text.contains(
                    "<li>\(fixture.folder.path)/data/shifts.csv:3: start &quot;25:00&quot; is not a time (HH:MM, 00:00 to 23:59)</li>"))
            fixture.edit("data/shifts.csv", replacing: "25:00,14:00", with: "06:00,14:00")
            #expect(try await client.get("/").status == .ok)
        }
    }

    /// With --skip-invalid the preview goes on without the row and lists it, as the manifest does.
    @Test func skipInvalidListsTheRowsLeftOut() async throws {
        let folder = PreviewFixture()
        folder.edit(
            "data/shifts.csv", replacing: "E3002,2026-12-22,DC Amsterdam-West,06:00,14:00",
            with: "E3002,2026-12-22,DC Amsterdam-West,25:00,14:00")
        var configuration = PreviewFixture.configuration(folder.folder.path)
        configuration.sources.skipInvalid = true
        let store = PreviewStore(configuration: configuration)
        let page = try await Application(router: PreviewServer.router(store)).test(.router) { client in try await client.get("/") }
        #expect(page.status == .ok)
        #expect(page.text.contains("0 invalid rows") == false)
        #expect(page.text.contains("shifts.csv:3: start &quot;25:00&quot; is not a time"))
    }
}
