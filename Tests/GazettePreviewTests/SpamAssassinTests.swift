import Foundation
import GazetteCore
import GazettePreview
import GazetteTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GazettePreview

/// The email page's SpamAssassin panel: `spamassassin -L -t` runs in the background and the page
/// and `/emails/<id>/spamassassin` show its score and rules once it is done; without SpamAssassin the
/// page says so; a run that fails says why.
@Suite struct SpamAssassinTests {
    static func client<Value: Sendable>(
        spamAssassin: String?, _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let fixture = PreviewFixture()
        var configuration = PreviewFixture.configuration(fixture.folder.path)
        configuration.spamAssassin = spamAssassin
        let application = Application(router: PreviewServer.router(PreviewStore(configuration: configuration)))
        return try await application.test(.router, body)
    }

    /// Asks until the run is no longer pending (a run takes seconds).
    static func result(_ client: any TestClientProtocol, _ uri: String) async throws -> [String: Any] {
        for _ in 0..<240 {
            let json = try JSONSerialization.jsonObject(with: Data(try await client.get(uri).bytes)) as! [String: Any]
            if json["state"] as? String != "pending" { return json }
            try await Task.sleep(for: .milliseconds(500))
        }
        Issue.record("spamassassin did not finish in two minutes")
        return [:]
    }

    @Test func theScoreAndRulesShowOnceItRan() async throws {
        let command = try #require(TestSupport.which("spamassassin"), "spamassassin is not installed: run `make deps`")
        try await Self.client(spamAssassin: command) { client in
            let first = try await client.get("/emails/E1001")
            // The page does not wait: it says the run is on, and the script asks for the result.
            #expect(first.text.contains("data-spam=\"/emails/E1001/spamassassin?week=2026-W53\""))
            #expect(first.text.contains("Scoring with spamassassin -L -t (local tests only, no network)"))
            let result = try await Self.result(client, "/emails/E1001/spamassassin")
            #expect(result["state"] as? String == "done", "\(result)")
            let score = try #require(result["score"] as? Double)
            #expect(score < 2.0)
            #expect(result["required"] as? Double == 5.0)
            let rules = try #require(result["rules"] as? [[String: Any]])
            #expect(
                rules.contains {
                    $0["name"] as? String == "HTML_MESSAGE" && $0["description"] as? String == "BODY: HTML included in message"
                })
            // Asking again costs nothing (kept by the message's bytes), and the page now shows it.
            let again =
                try JSONSerialization.jsonObject(with: Data(try await client.get("/emails/E1001/spamassassin").bytes)) as! [String: Any]
            #expect(again["score"] as? Double == score)
            let page = try await client.get("/emails/E1001").text
            #expect(page.contains("Score \(String(format: "%.1f", score)) (5.0 or more is spam), spamassassin -L -t"))
            #expect(page.contains("<th scope=\"row\">HTML_MESSAGE</th>"))
        }
    }

    @Test func withoutSpamAssassinThePageSaysSo() async throws {
        try await Self.client(spamAssassin: nil) { client in
            #expect(
                try await client.get("/emails/E1001").text.contains(
                    "SpamAssassin is not installed here (Debian: apt-get install spamassassin; `make deps` installs it)"))
            let json =
                try JSONSerialization.jsonObject(with: Data(try await client.get("/emails/E1001/spamassassin").bytes)) as! [String: Any]
            #expect(json["state"] as? String == "unavailable")
        }
    }

    @Test func aRunThatFailsSaysWhy() async throws {
        try await Self.client(spamAssassin: "/bin/false") { client in
            let result = try await Self.result(client, "/emails/E2001/spamassassin")
            #expect(result["state"] as? String == "failed")
            #expect(result["detail"] as? String == "spamassassin exited with status 1: no report in its output")
        }
    }

    @Test func theReportIsRead() {
        let output = """
            Subject: x

            body
            Content analysis details:   (-0.3 points, 5.0 required)

             pts rule name              description
            ---- ---------------------- --------------------------------------------------
            -0.0 NO_RECEIVED            Informational: message has no Received headers
             0.7 HTML_FONT_LOW_CONTRAST BODY: HTML font color similar or identical to
                                        background
            -1.0 MAILING_LIST_MULTI     Multiple indicators imply a widely-seen list
                                        manager

            """
        #expect(
            SpamAssassinRunner.report(output)
                == SpamAssassinRunner.Report(
                    score: -0.3, required: 5.0,
                    rules: [
                        .init(points: -0.0, name: "NO_RECEIVED", description: "Informational: message has no Received headers"),
                        .init(
                            points: 0.7, name: "HTML_FONT_LOW_CONTRAST",
                            description: "BODY: HTML font color similar or identical to background"),
                        .init(
                            points: -1.0, name: "MAILING_LIST_MULTI", description: "Multiple indicators imply a widely-seen list manager"),
                    ]))
        #expect(SpamAssassinRunner.report("no report here") == nil)
    }
}
