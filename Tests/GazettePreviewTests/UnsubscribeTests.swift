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
            #expect(page.contains("<p>De wekelijkse e-mail van Brouwerij Leiedauw NV voor Wouter Vermeulen stopzetten?</p>"))
            #expect(page.contains("<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\"><button type=\"submit\">Afmelden</button></form>"))
            #expect(response.header("Set-Cookie") == nil)
        }
        #expect(fixture.folder.read("data/optouts.csv") == before)
        #expect(before == Self.original)
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
            #expect(second.text.contains("Wouter Vermeulen is al afgemeld voor de wekelijkse e-mail van Brouwerij Leiedauw NV. Er is niets veranderd."))
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
            for response in [try await client.get("/unsubscribe/" + token), try await client.post("/unsubscribe/" + token, body: "List-Unsubscribe=One-Click")] {
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
        #expect(fixture.folder.read("data/optouts.csv") == "at,note,employee_id\r\n2026-12-20T14:03:00+01:00,,E1015\r\n2026-12-28T09:00:00Z,,E2001\r\n")
    }

    @Test func optedOutInTheExportAlreadyWritesNothing() async throws {
        let fixture = PreviewFixture()
        // E1015 is in optouts.csv; an employee with digest_opt_out=true is out without it.
        fixture.edit("data/employees.csv", replacing: "Brouwzaal,2009-03-01,,1978-05-14,true,true,false", with: "Brouwzaal,2009-03-01,,1978-05-14,true,true,true")
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
