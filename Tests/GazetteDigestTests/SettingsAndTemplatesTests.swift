import Foundation
import GazetteCore
import GazetteDigest
import GazetteTestSupport
import Testing

@Suite struct SettingsAndTemplatesTests {
    static func settings(_ digest: String) throws -> DigestSettings {
        let folder = ScratchFolder("gazette-settings")
        folder.write("gazette.yml", "digest:\n" + digest)
        return try DigestSettings(from: SettingsFile.load(folder.path + "/gazette.yml"))
    }

    static func problems(_ digest: String) -> [String] {
        do {
            _ = try settings(digest)
            return []
        } catch let error as InputError {
            return error.problems.map { "\($0.line ?? 0): \($0.message)" }
        } catch {
            return ["\(error)"]
        }
    }

    static let required = """
          from: "Koraal HR <digest@koraal-hr.example>"
          unsubscribe_url: "https://ess.koraal-hr.example/digest/unsubscribe/{token}"
          unsubscribe_mailto: "unsubscribe@koraal-hr.example"

        """

    @Test func defaults() throws {
        let settings = try Self.settings(Self.required)
        #expect(settings.listID == "digest.koraal-hr.example")
        #expect(settings.sendTime.description == "07:00")
        #expect(settings.listCap == 15)
        #expect(settings.tokenKeyID == "k1")
        #expect(settings.languages == ["nl", "en", "fr"])
        #expect(settings.unsubscribeLink(token: "T") == "https://ess.koraal-hr.example/digest/unsubscribe/T")
    }

    /// http is for the preview server on this machine only; mail that leaves it needs https (RFC 8058).
    @Test(arguments: [
        ("https://ess.example.com/u/{token}", true), ("http://127.0.0.1:8025/unsubscribe/{token}", true),
        ("http://localhost/unsubscribe/{token}", true), ("http://[::1]:8025/unsubscribe/{token}", true),
        ("http://ess.example.com/u/{token}", false), ("http://127.0.0.1.example.com/u/{token}", false),
        ("http://localhost.example.com:8025/u/{token}", false), ("ftp://127.0.0.1/u/{token}", false),
    ])
    func unsubscribeURLIsHTTPSOrLoopback(url: String, accepted: Bool) {
        let problems = Self.problems(
            """
              from: "Koraal HR <digest@koraal-hr.example>"
              unsubscribe_url: "\(url)"
              unsubscribe_mailto: "unsubscribe@koraal-hr.example"

            """)
        #expect(problems.isEmpty == accepted, "\(problems)")
    }

    @Test func problemsNameTheirLine() {
        #expect(
            Self.problems(
                """
                  from: "Koraal HR <digest(at)koraal-hr.example>"
                  unsubscribe_url: "http://ess.koraal-hr.example/digest/unsubscribe"
                  unsubscribe_mailto: "unsubscribe@koraal-hr.example"
                  send_time: "7h"
                  list_cap: 0
                  sendtime: "07:00"

                """) == [
                    "2: digest.from \"Koraal HR <digest(at)koraal-hr.example>\" is not an address: write it like \"Example HR <digest@example.com>\"",
                    "3: digest.unsubscribe_url \"http://ess.koraal-hr.example/digest/unsubscribe\" must be an https URL (http only on this machine: 127.0.0.1, [::1], localhost) holding {token} once, without spaces or quotes: write it like https://ess.example.com/digest/unsubscribe/{token}",
                    "5: digest.send_time \"7h\" is not a time: write it like \"07:00\"",
                    "6: \"list_cap\" is \"0\": expected a whole number from 1 to 500",
                    "7: unknown key \"sendtime\" in digest: expected one of from, unsubscribe_url, unsubscribe_mailto, list_id, send_time, list_cap, token_key_id, languages, static_preview, dkim, from_name, app_url",
                ])
    }

    @Test func aTemplateTypoStopsTheRunBeforeAnythingIsWritten() throws {
        let folder = ScratchFolder("gazette-templates")
        folder.copy(TestSupport.path("Templates"), to: "Templates")
        // The typo sits in the shifts section, which most digests never reach.
        let path = "Templates/digest/email.txt.mustache"
        folder.write(path, folder.read(path)!.replacingOccurrences(of: "{{hours}}", with: "{{hour}}"))
        var sources = Sample.sources
        sources.templates = folder.path + "/Templates"
        let options = DigestBatch.Options(sources: sources, output: folder.path + "/mail", week: ISOWeek(iso: "2026-W53"))
        #expect(
            throws: InputError(
                InputProblem(
                    path: folder.path + "/" + path, line: 44,
                    "no value named \"hour\" when rendering digest/email.txt: check the spelling of the tag"))
        ) {
            try DigestBatch.run(options)
        }
        #expect(!folder.exists("mail"))
    }
}
