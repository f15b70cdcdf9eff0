import Foundation
import GazetteCore
import GazetteDigest
import GazettePreview
import GazetteTestSupport
import HummingbirdTesting
import Testing

/// RFC 8058 one-click unsubscribe: the confirmation page, the POST that records the opt-out in
/// optouts.csv (durable, idempotent), invalid tokens, and the next digest honouring it.
@Suite struct UnsubscribeTests {
    static let original = "employee_id,at\nE1015,2026-12-20T14:03:00+01:00\nE4004,2026-11-02T09:15:00Z\n"

    @Test func getShowsAConfirmationAndChangesNothing() async throws {
        let fixture = PreviewFixture()
        let before = fixture.folder.read("data/optouts.csv")
        try await fixture.withClient { client in
            let response = try await client.get("/unsubscribe/" + PreviewFixture.token("leie", "E1001"))
            #expect(response.status == .ok)
            let page = response.text
            // In the recipient's language, a form that posts RFC 8058's body to the same URL.
            #expect(page.contains("<html lang=\"nl\">"))
            #expect(
                page.contains("<p id=\"question\">De wekelijkse e-mail van Brouwerij Leiedauw NV voor Wouter Vermeulen stopzetten?</p>"))
            // The question labels the form (screen readers announce it with the button).
            #expect(
                page.contains(
                    "<form method=\"post\" aria-labelledby=\"question\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\"><button type=\"submit\">Afmelden</button></form>"
                ))
            #expect(response.header("Set-Cookie") == nil)
        }
        #expect(fixture.folder.read("data/optouts.csv") == before)
        #expect(before == Self.original)
    }

    /// The page looks like the emails (their card and colours, the company's name above the title),
    /// in the recipient's language, with a visible focus ring and AA contrast in light and dark.
    @Test(arguments: [
        ("leie", "E1001", "nl", "Afmelden"), ("sambre", "E2001", "fr", "Se désinscrire"), ("thames", "E4001", "en", "Unsubscribe"),
    ])
    func theConfirmationLooksLikeTheEmailsAndIsAccessible(company: String, employee: String, language: String, button: String) async throws
    {
        let fixture = PreviewFixture()
        try await fixture.withClient { client in
            let page = try await client.get("/unsubscribe/" + PreviewFixture.token(company, employee)).text
            #expect(page.contains("<html lang=\"\(language)\">"))
            #expect(page.contains("<link rel=\"stylesheet\" href=\"/assets/unsubscribe.css\">"))
            #expect(!page.contains("/assets/preview.css"))
            #expect(page.contains("<main id=\"main\" class=\"optout\">\n<p class=\"company\">"))
            #expect(page.contains("<button type=\"submit\">\(button)</button>"))
            let css = try await client.get("/assets/unsubscribe.css")
            #expect(css.status == .ok)
            #expect(css.header("Content-Type") == "text/css; charset=utf-8")
            let style = css.text
            #expect(style.contains(".optout button:focus-visible{outline:3px solid var(--focus);outline-offset:3px}"))
            // The emails' palette (email.html.mustache): page, card, border, text.
            for colour in ["--page:#eef0f3", "--card:#ffffff", "--line:#d4d8de", "--text:#1d2430", "--muted:#59616d"] {
                #expect(style.contains(colour), "\(colour)")
            }
            // WCAG AA: 4.5:1 for text, 3:1 for the focus ring against the card, in both schemes.
            let schemes = style.components(separatedBy: "@media (prefers-color-scheme:dark)")
            #expect(schemes.count == 2)
            for scheme in schemes {
                let colours = Self.customProperties(scheme)
                let pairs: [(String, String, Double)] = [
                    ("--text", "--card", 4.5), ("--muted", "--card", 4.5), ("--text", "--page", 4.5), ("--button-text", "--button", 4.5),
                    ("--button-text", "--button-hover", 4.5), ("--focus", "--card", 3), ("--focus", "--page", 3),
                ]
                for (foreground, background, least) in pairs {
                    let ratio = try Self.contrast(#require(colours[foreground]), #require(colours[background]))
                    #expect(ratio >= least, "\(foreground) on \(background): \(ratio)")
                }
            }
        }
    }

    /// `--name:#rrggbb` declarations of a stylesheet.
    static func customProperties(_ css: String) -> [String: String] {
        Dictionary(
            css.matches(of: /(--[a-z-]+):(#[0-9a-f]{6})/).map { (String($0.output.1), String($0.output.2)) },
            uniquingKeysWith: { first, _ in first })
    }

    /// The WCAG 2 contrast ratio of two `#rrggbb` colours.
    static func contrast(_ first: String, _ second: String) -> Double {
        func luminance(_ hex: String) -> Double {
            let value = Int(hex.dropFirst(), radix: 16)!
            let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { channel -> Double in
                let c = Double(channel) / 255
                return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
        }
        let (a, b) = (luminance(first), luminance(second))
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// `digest.unsubscribe_url` on loopback with another port than the server's: the previewed emails'
    /// links point at the server itself, and its pages say so; https links are never touched.
    @Test func loopbackLinksPointAtTheServersOwnPort() async throws {
        let fixture = PreviewFixture()
        fixture.store.serve(host: "127.0.0.1", port: 18125)
        try await fixture.withClient { client in
            let raw = try await client.get("/emails/E4001/raw").text
            let link = try #require(raw.firstMatch(of: /List-Unsubscribe: <([^>]+)>/)?.output.1)
            #expect(link.hasPrefix("http://127.0.0.1:18125/unsubscribe/"))
            #expect(try await client.get("/emails/E4001/html").text.contains("href=\"\(link)\""))
            #expect(try await client.get("/emails/E4001/text").text.contains(": \(link)\n"))
            let notice =
                "The unsubscribe links of these emails point at this server (http://127.0.0.1:18125/unsubscribe/{token}) instead of "
                + "digest.unsubscribe_url (http://127.0.0.1:8025/unsubscribe/{token}), so that one-click works on this port; gazette digest writes the setting's links."
            #expect(try await client.get("/emails/E4001").text.contains("<p class=\"notice\" id=\"unsubscribe-links\">\(notice)</p>"))
            #expect(try await client.get("/").text.contains("<p class=\"notice\" id=\"unsubscribe-links\">\(notice)</p>"))
            // The link works on this server: one click records the opt-out.
            let path = String(link.dropFirst("http://127.0.0.1:18125".count))
            #expect(try await client.post(path, body: "List-Unsubscribe=One-Click").text.contains("Done: "))
        }
        #expect(fixture.folder.read("data/optouts.csv")!.hasSuffix("\nE4001,2026-12-28T09:00:00Z\n"))

        // On the setting's own port, nothing changes; neither does an https setting.
        let same = PreviewFixture()
        same.store.serve(host: "127.0.0.1", port: 8025)
        try await same.withClient { client in
            let raw = try await client.get("/emails/E4001/raw").text
            let page = try await client.get("/emails/E4001").text
            #expect(raw.contains("List-Unsubscribe: <http://127.0.0.1:8025/unsubscribe/"))
            #expect(!page.contains("unsubscribe-links"))
        }
        let https = PreviewFixture()
        https.edit(
            "gazette.yml", replacing: "http://127.0.0.1:8025/unsubscribe/{token}",
            with: "https://ess.koraal-hr.example/digest/unsubscribe/{token}")
        https.store.serve(host: "127.0.0.1", port: 18125)
        try await https.withClient { client in
            let raw = try await client.get("/emails/E4001/raw").text
            let index = try await client.get("/").text
            #expect(raw.contains("List-Unsubscribe: <https://ess.koraal-hr.example/digest/unsubscribe/"))
            #expect(!index.contains("unsubscribe-links"))
        }
    }

    @Test func postRecordsTheOptOutOnceAndTheNextDigestHonoursIt() async throws {
        let fixture = PreviewFixture()
        let uri = "/unsubscribe/" + PreviewFixture.token("leie", "E1001")
        try await fixture.withClient { client in
            // Before: E1001 gets a digest.
            #expect(try await client.get("/?outcome=opted_out").listedEmployees == ["E1015", "E4004"])
            let first = try await client.post(uri, body: "List-Unsubscribe=One-Click")
            #expect(first.status == .ok)
            #expect(first.header("Location") == nil && first.header("Set-Cookie") == nil)
            #expect(first.text.contains("Gelukt: Wouter Vermeulen krijgt de wekelijkse e-mail van Brouwerij Leiedauw NV niet meer."))
            // Appended, existing rows kept, the `at` from the clock.
            #expect(fixture.folder.read("data/optouts.csv") == Self.original + "E1001,2026-12-28T09:00:00Z\n")
            let after = fixture.folder.snapshot("data")["optouts.csv"]

            // Twice: nothing changes, and the page says so.
            let second = try await client.post(uri, body: "List-Unsubscribe=One-Click")
            #expect(second.status == .ok)
            #expect(
                second.text.contains(
                    "Wouter Vermeulen is al afgemeld voor de wekelijkse e-mail van Brouwerij Leiedauw NV. Er is niets veranderd."))
            #expect(fixture.folder.snapshot("data")["optouts.csv"] == after)
            // Without a body (a mail client's POST may send none) it is the same.
            #expect(try await client.post(uri).status == .ok)
            #expect(fixture.folder.snapshot("data")["optouts.csv"] == after)

            // The preview follows the file at once.
            #expect(try await client.get("/?outcome=opted_out").listedEmployees == ["E1001", "E1015", "E4004"])
            #expect(try await client.get(uri).text.contains("Wouter Vermeulen is al afgemeld"))
        }
        // And the next `gazette digest` skips E1001 as opted_out.
        let options = DigestBatch.Options(sources: fixture.sources, output: fixture.folder.path + "/mail", week: ISOWeek(iso: "2026-W53"))
        let reports = try DigestBatch.run(options)
        #expect(reports.first?.skipped.first { $0.reason == .optedOut }?.count == 3)
        let manifest = try #require(fixture.folder.read("mail/2026-W53/manifest.json"))
        #expect(manifest.contains("{\"company\": \"leie\", \"employee\": \"E1001\", \"outcome\": \"skipped\", \"reason\": \"opted_out\"}"))
        #expect(!fixture.folder.exists("mail/2026-W53/leie/E1001.eml"))
    }

    @Test(arguments: ["tampered", "wrong secret", "garbage", "other purpose"])
    func invalidTokensGet400AndWriteNothing(_ kind: String) async throws {
        let fixture = PreviewFixture()
        let good = PreviewFixture.token("leie", "E1001")
        let token: String
        switch kind {
        case "tampered":
            var characters = Array(good)
            characters[characters.count - 5] = characters[characters.count - 5] == "A" ? "B" : "A"
            token = String(characters)
        case "wrong secret": token = PreviewFixture.token("leie", "E1001", secret: String(repeating: "another-secret-", count: 3))
        case "garbage": token = "not-a-token"
        default: token = String(good.dropLast(4))
        }
        let before = fixture.folder.snapshot("data")
        try await fixture.withClient { client in
            for response in [
                try await client.get("/unsubscribe/" + token),
                try await client.post("/unsubscribe/" + token, body: "List-Unsubscribe=One-Click"),
            ] {
                #expect(response.status == .badRequest)
                #expect(response.text.contains("<p lang=\"en\">This unsubscribe link is not valid."))
                #expect(response.text.contains("<p lang=\"nl\">Deze afmeldlink is niet geldig."))
            }
        }
        #expect(fixture.folder.snapshot("data") == before)
    }

    @Test func aGenuineTokenForSomeoneNotInTheExportWritesNothing() async throws {
        let fixture = PreviewFixture()
        try await fixture.withClient { client in
            let unknown = try await client.post("/unsubscribe/" + PreviewFixture.token("leie", "E9999"))
            #expect(unknown.status == .notFound)
            // The right employee, the wrong company.
            let elsewhere = try await client.post("/unsubscribe/" + PreviewFixture.token("sambre", "E1001"))
            #expect(elsewhere.status == .notFound)
        }
        #expect(fixture.folder.read("data/optouts.csv") == Self.original)
    }

    @Test func aMissingOptOutsFileIsCreatedWithItsHeader() async throws {
        let fixture = PreviewFixture()
        try FileManager.default.removeItem(atPath: fixture.folder.path + "/data/optouts.csv")
        try await fixture.withClient { client in
            let response = try await client.post("/unsubscribe/" + PreviewFixture.token("thames", "E4001"))
            #expect(response.status == .ok)
            #expect(response.text.contains("<html lang=\"en\">"))
            #expect(response.text.contains("Done: "))
        }
        #expect(fixture.folder.read("data/optouts.csv") == "employee_id,at\nE4001,2026-12-28T09:00:00Z\n")
    }

    @Test func columnsInAnotherOrderAndCRLFAreKept() async throws {
        let fixture = PreviewFixture()
        fixture.folder.write("data/optouts.csv", "at,note,employee_id\r\n2026-12-20T14:03:00+01:00,,E1015")
        try await fixture.withClient { client in
            let response = try await client.post("/unsubscribe/" + PreviewFixture.token("sambre", "E2001"))
            #expect(response.status == .ok)
        }
        #expect(
            fixture.folder.read("data/optouts.csv")
                == "at,note,employee_id\r\n2026-12-20T14:03:00+01:00,,E1015\r\n2026-12-28T09:00:00Z,,E2001\r\n")
    }

    @Test func optedOutInTheExportAlreadyWritesNothing() async throws {
        let fixture = PreviewFixture()
        // E1015 is in optouts.csv; an employee with digest_opt_out=true is out without it.
        fixture.edit(
            "data/employees.csv", replacing: "Brouwzaal,2009-03-01,,1978-05-14,true,true,false",
            with: "Brouwzaal,2009-03-01,,1978-05-14,true,true,true")
        let before = fixture.folder.snapshot("data")
        try await fixture.withClient { client in
            let page = try await client.get("/unsubscribe/" + PreviewFixture.token("leie", "E1001"))
            #expect(!page.text.contains("<form"))
            #expect(page.text.contains("is al afgemeld"))
            let response = try await client.post("/unsubscribe/" + PreviewFixture.token("leie", "E1001"))
            #expect(response.text.contains("is al afgemeld"))
        }
        #expect(fixture.folder.snapshot("data") == before)
    }
}
