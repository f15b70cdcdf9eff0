import Foundation
import GazetteCore
import GazetteDigest
import GazetteMail
import GazettePreview
import GazetteTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route of `gazette preview`, through Hummingbird's in-process client (no socket).
@Suite struct RouteTests {
    /// The manifest of the sample week as the batch writes it: employee id → "written" or the skip reason.
    static let manifest: [String: String] = {
        let folder = ScratchFolder("gazette-preview-manifest")
        let options = DigestBatch.Options(
            sources: PreviewFixture.sources(TestSupport.repositoryRoot + "/Content").withSample, output: folder.path + "/mail",
            week: ISOWeek(iso: "2026-W53"))
        _ = try! DigestBatch.run(options)
        let data = FileManager.default.contents(atPath: folder.path + "/mail/2026-W53/manifest.json")!
        let entries = (try! JSONSerialization.jsonObject(with: data) as! [String: Any])["entries"] as! [[String: String]]
        return Dictionary(uniqueKeysWithValues: entries.map { ($0["employee"]!, $0["reason"] ?? $0["outcome"]!) })
    }()

    static let employees = sampleRows("employees.csv")
    static let companyLocale = Dictionary(uniqueKeysWithValues: sampleRows("companies.csv").map { ($0["id"]!, $0["locale"]!) })

    static func ids(where include: ([String: String]) -> Bool) -> [String] {
        employees.filter(include).map { $0["id"]! }
    }

    @Test func indexListsTheWholeBatchWithOutcomes() async throws {
        let fixture = PreviewFixture()
        try await fixture.withClient { client in
            let response = try await client.get("/")
            #expect(response.status == .ok)
            #expect(response.header("Content-Type") == "text/html; charset=utf-8")
            #expect(
                response.header("Content-Security-Policy")?.hasPrefix("default-src 'none'; style-src 'self'; script-src 'self'") == true)
            #expect(response.header("Cache-Control") == "no-store")
            let page = response.text
            #expect(response.listedEmployees == Self.employees.map { $0["id"]! })
            #expect(
                page.contains(
                    "52 written, 10 skipped (inactive 3, not_onboarded 3, opted_out 2, no_email 1, invalid_email 1), 0 invalid rows."))
            // Every row says what the batch decides.
            for (id, outcome) in Self.manifest {
                let row = try #require(page.range(of: "<span class=\"id\">\(id)</span>"))
                let cells = page[row.upperBound...].prefix { $0 != "\n" }
                #expect(cells.contains(outcome == "written" ? "<td>written</td>" : "skipped: \(outcome)</td>"), "\(id): \(cells)")
            }
            // Accessible: one h1, a main landmark, every filter labelled.
            #expect(page.components(separatedBy: "<h1").count == 2)
            #expect(page.contains("<html lang=\"en\">") && page.contains("<main id=\"main\">"))
            for name in ["company", "team", "locale", "outcome", "q"] {
                #expect(page.contains("<label for=\"filter-\(name)\">"), "\(name)")
                #expect(page.contains("id=\"filter-\(name)\" name=\"\(name)\""), "\(name)")
            }
        }
    }

    /// HEAD is answered as GET is, without a body, and changes nothing (also on an unsubscribe link).
    @Test func headAnswersLikeGetWithoutTheBody() async throws {
        let fixture = PreviewFixture()
        let before = fixture.folder.read("data/optouts.csv")
        try await fixture.withClient { client in
            for uri in [
                "/", "/emails/E1001", "/emails/E1001/raw", "/assets/preview.css", "/unsubscribe/" + PreviewFixture.token("leie", "E1001"),
            ] {
                let get = try await client.get(uri)
                let head = try await client.execute(uri: uri, method: .head)
                #expect(head.status == get.status, "\(uri)")
                #expect(head.header("Content-Type") == get.header("Content-Type"), "\(uri)")
                #expect(head.body.readableBytes == 0, "\(uri)")
            }
            #expect(try await client.execute(uri: "/emails/nobody", method: .head).status == .notFound)
        }
        #expect(fixture.folder.read("data/optouts.csv") == before)
    }

    @Test(arguments: [
        ("company=sambre", ids { $0["company_id"] == "sambre" }),
        ("team=Brouwzaal", ids { $0["team"] == "Brouwzaal" }),
        ("team=Onderhoud%2C+Techniek", ids { $0["team"] == "Onderhoud, Techniek" }),
        ("locale=en", ids { ($0["locale"]!.isEmpty ? companyLocale[$0["company_id"]!]! : $0["locale"]!) == "en" }),
        ("locale=fr&company=leie", ids { $0["company_id"] == "leie" && $0["locale"] == "fr" }),
        ("outcome=opted_out", manifest.filter { $0.value == "opted_out" }.keys.sorted()),
        ("outcome=skipped", manifest.filter { $0.value != "written" }.keys.sorted()),
        ("outcome=written", manifest.filter { $0.value == "written" }.keys.sorted()),
        ("q=zoe", ["E1002"]),
        ("q=N%C3%8D+BHRIAIN", ["E1003"]),
        ("q=E40", ids { $0["id"]!.hasPrefix("E40") }),
        ("q=nobody+at+all", []),
    ])
    func filtersAndSearch(query: String, expected: [String]) async throws {
        let fixture = PreviewFixture()
        try await fixture.withClient { client in
            let response = try await client.get("/?" + query)
            #expect(response.status == .ok)
            #expect(response.listedEmployees.sorted() == expected.sorted())
            #expect(
                response.text.contains("\(expected.count) of \(expected.count) matching")
                    || response.text.contains("of \(expected.count) matching"))
        }
    }

    @Test func anEmailPageShowsEverything() async throws {
        let fixture = PreviewFixture()
        let digest = try fixture.digest("E2001")
        try await fixture.withClient { client in
            let response = try await client.get("/emails/E2001")
            #expect(response.status == .ok)
            let page = response.text
            // The French subject is an encoded-word in the message and decoded on the page.
            #expect(String(decoding: digest.bytes(), as: UTF8.self).contains("Subject: =?UTF-8?B?"))
            #expect(page.contains("<h1>" + escape(digest.subject) + "</h1>"))
            #expect(page.contains("<th scope=\"row\">Subject</th><td>" + escape(digest.subject)))
            // The HTML in a sandboxed iframe without scripts, from its own route.
            let iframe = try #require(page.firstMatch(of: /<iframe [^>]*>/)).output
            #expect(iframe.contains("src=\"/emails/E2001/html?week=2026-W53\""))
            #expect(iframe.contains("sandbox=\"allow-popups allow-popups-to-escape-sandbox\""))
            #expect(!iframe.contains("allow-scripts") && !iframe.contains("allow-same-origin"))
            // The text part, the source, the download, widths, backgrounds and languages.
            #expect(page.contains(escape(digest.text)))
            #expect(page.contains(escape(String(decoding: digest.bytes(), as: UTF8.self))))
            #expect(page.contains("href=\"/emails/E2001/eml?week=2026-W53\">Download 2026-W53-E2001.eml</a>"))
            #expect(page.contains("class=\"frame desktop light\""))
            for link in [
                "/emails/E2001?week=2026-W53&amp;width=mobile", "/emails/E2001?week=2026-W53&amp;theme=dark",
                "/emails/E2001?week=2026-W53&amp;lang=nl", "/emails/E2001?week=2026-W53&amp;lang=en",
                "/emails/E2001?week=2026-W53\" hreflang=\"fr\"",
            ] {
                #expect(page.contains("href=\"\(link)"), "\(link)")
            }
            // Next and previous recipient (E2002 is next in employees.csv; E1025 is the last of leie before it).
            #expect(page.contains("rel=\"next\">next: "))
            #expect(page.contains("href=\"/emails/E2002?week=2026-W53\" rel=\"next\""))
            #expect(page.contains("rel=\"prev\">← previous: "))
            // Checks and privacy panel are there.
            #expect(page.contains("<h2 id=\"checks\">Standards checks</h2>"))
            // Only the https rule fails: the sample's unsubscribe link is this server's, http on loopback.
            #expect(page.contains("1 of 15 checks fail."))
            #expect(page.contains("<h3>Sender rules (Gmail, Yahoo, Outlook.com)</h3>"))
            #expect(
                page.contains("<span class=\"badge pass\">PASS</span> <strong>DKIM signature verifies with each configured key</strong>"))
            #expect(page.contains("<span class=\"badge fail\">FAIL</span> <strong>List-Unsubscribe has an https URL</strong>"))
            #expect(page.contains("<h2 id=\"spamassassin\">SpamAssassin</h2>"))
            #expect(page.contains("<h2 id=\"privacy\">"))
        }
    }

    @Test func mobileDarkAndOtherLanguages() async throws {
        let fixture = PreviewFixture()
        try await fixture.withClient { client in
            let mobile = try await client.get("/emails/E1001?width=mobile&theme=dark")
            #expect(mobile.text.contains("class=\"frame mobile dark\""))
            // E1001 gets Dutch; the same recipient in French and English.
            let dutch = try await client.get("/emails/E1001/html")
            #expect(dutch.text.contains("<html lang=\"nl\""))
            let french = try await client.get("/emails/E1001/html?lang=fr")
            #expect(french.text.contains("<html lang=\"fr\""))
            #expect(french.text.contains("Wouter"))
            let english = try await client.get("/emails/E1001?lang=en")
            #expect(english.text.contains("Shown in en; this employee gets their digest in nl."))
            #expect(english.text.contains("<h1>Week 53:"))
            let unknown = try await client.get("/emails/E1001?lang=de")
            #expect(unknown.status == .badRequest)
        }
    }

    @Test func theHTMLPartIsServedWithAStrictPolicy() async throws {
        let fixture = PreviewFixture()
        let digest = try fixture.digest("E1001")
        try await fixture.withClient { client in
            let response = try await client.get("/emails/E1001/html?week=2026-W53")
            #expect(response.status == .ok)
            let policy = try #require(response.header("Content-Security-Policy"))
            #expect(policy.hasPrefix("default-src 'none'; style-src 'unsafe-inline';"))
            #expect(policy.contains("sandbox allow-popups allow-popups-to-escape-sandbox"))
            #expect(!policy.contains("script-src") && !policy.contains("unsafe-eval"))
            #expect(policy.contains("form-action 'none'"))
            // The email's HTML, with only a base target added so that links open in a new tab.
            #expect(response.text == digest.html.replacingOccurrences(of: "<head>", with: "<head>\n<base target=\"_blank\">"))
        }
    }

    @Test func textRawDownloadHeadersAndChecks() async throws {
        let fixture = PreviewFixture()
        let digest = try fixture.digest("E2001")
        try await fixture.withClient { client in
            let text = try await client.get("/emails/E2001/text")
            #expect(text.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(text.text == digest.text)
            let raw = try await client.get("/emails/E2001/raw")
            #expect(raw.bytes == digest.bytes())
            let download = try await client.get("/emails/E2001/eml")
            #expect(download.header("Content-Type") == "message/rfc822")
            #expect(download.header("Content-Disposition") == "attachment; filename=\"2026-W53-E2001.eml\"")
            #expect(download.bytes == digest.bytes())

            let headers =
                try JSONSerialization.jsonObject(with: Data(try await client.get("/emails/E2001/headers").bytes)) as! [[String: String]]
            // The two signatures (the fixture signs with RSA and Ed25519) above the message's own fields.
            #expect(
                headers.map { $0["name"]! } == ["DKIM-Signature", "DKIM-Signature"]
                    + digest.message.headerFields.map { String($0.prefix { $0 != ":" }) })
            let subject = try #require(headers.first { $0["name"] == "Subject" })
            #expect(subject["decoded"] == digest.subject)
            #expect(subject["value"]!.hasPrefix("=?UTF-8?B?"))
            #expect(headers.first { $0["name"] == "To" }?["decoded"] == "\(digest.view.employee.fullName) <\(digest.view.employee.email)>")

            let checks = try JSONSerialization.jsonObject(with: Data(try await client.get("/emails/E2001/checks").bytes)) as! [String: Any]
            #expect(checks["employee"] as? String == "E2001")
            #expect(checks["passed"] as? Bool == false)
            let list = checks["checks"] as! [[String: String]]
            #expect(
                list.map { $0["id"]! } == SenderRules.ids + [
                    "list_unsubscribe", "unsubscribe_link", "auto_submitted", "html_lang", "absolute_links", "image_alt",
                ])
            // http on loopback (the sample points at this server): a warning for the header, which this
            // server answers, and a failure of the providers' https rule; everything else passes.
            #expect(
                list.map { $0["status"]! } == [
                    "pass", "pass", "pass", "fail", "pass", "pass", "pass", "pass", "pass", "warn", "pass", "pass", "pass", "pass", "pass",
                ])
        }
    }

    @Test func skippedEmployeesArePreviewedWithTheirReason() async throws {
        let fixture = PreviewFixture()
        try await fixture.withClient { client in
            let optedOut = try await client.get("/emails/E1015")
            #expect(optedOut.status == .ok)
            #expect(optedOut.text.contains("Not sent this week (skipped: opted_out)."))
            // No usable address: the composer says why, with the row.
            let invalid = try await client.get("/emails/E1004")
            #expect(invalid.status == .internalServerError)
            #expect(invalid.text.contains("employees.csv:5: email "))
        }
    }

    @Test func unknownThingsAnswer404And400() async throws {
        let fixture = PreviewFixture()
        try await fixture.withClient { client in
            #expect(try await client.get("/emails/E9999").status == .notFound)
            #expect(try await client.get("/emails/E1001/nothing").status == .notFound)
            #expect(try await client.get("/nothing").status == .notFound)
            let badWeek = try await client.get("/?week=2026-W54")
            #expect(badWeek.status == .badRequest)
            #expect(badWeek.text.contains("week &quot;2026-W54&quot; is not an ISO week"))
            // Another week is one query away.
            let other = try await client.get("/?week=2027-W12")
            #expect(other.status == .ok)
            #expect(other.text.contains("<h1>Digests of week 2027-W12</h1>"))
        }
    }

    @Test func assetsAndGeneration() async throws {
        let fixture = PreviewFixture()
        try await fixture.withClient { client in
            let css = try await client.get("/assets/preview.css")
            #expect(css.header("Content-Type") == "text/css; charset=utf-8")
            let script = try await client.get("/assets/preview.js")
            #expect(script.text.contains("fetch('/generation'"))
            #expect(try await client.get("/generation").text == "1")
            #expect(try await client.get("/generation").text == "1")
        }
    }

    /// Names from the export reach pages only escaped.
    @Test func everythingIsEscaped() async throws {
        let fixture = PreviewFixture()
        fixture.edit(
            "data/employees.csv", replacing: "E1001,leie,Vermeulen,Wouter,",
            with: "E1001,leie,Vermeulen<script>alert(1)</script>,\"Wouter \"\"&\"\"\",")
        try await fixture.withClient { client in
            for uri in ["/", "/?q=Wouter", "/emails/E1001", "/emails/E1002"] {
                let page = try await client.get(uri).text
                #expect(!page.contains("<script>alert"), "\(uri)")
                #expect(page.contains("Vermeulen&lt;script&gt;alert(1)&lt;/script&gt;"), "\(uri)")
            }
        }
    }
}

func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
        of: ">", with: "&gt;"
    )
    .replacingOccurrences(of: "\"", with: "&quot;")
}

extension DigestInputs.Sources {
    /// The repository's own sample (Content/data, Content/gazette.yml, Templates).
    var withSample: DigestInputs.Sources {
        var sources = self
        sources.data = TestSupport.path("Content/data")
        sources.config = TestSupport.path("Content/gazette.yml")
        sources.templates = TestSupport.path("Templates")
        return sources
    }
}
