import Foundation
import GazetteCore
import GazetteDigest
import GazetteMail
import GazetteTestSupport
import Testing

/// What a recipient sees around the content: who the email is from (`digest.from_name`), the link to
/// the self-service settings (`digest.app_url`) and the plain-text part's signature.
@Suite struct SenderAndFooterTests {
    /// The sample's gazette.yml with `edit` applied, the export in `data` (the sample's by default),
    /// loaded as a run would.
    static func inputs(data: String = Sample.sources.data, _ edit: (String) -> String = { $0 }) throws -> DigestInputs {
        let folder = ScratchFolder("gazette-sender")
        let sample = String(decoding: FileManager.default.contents(atPath: TestSupport.path("Content/gazette.yml"))!, as: UTF8.self)
        folder.write("gazette.yml", edit(sample))
        var sources = Sample.sources
        sources.config = folder.path + "/gazette.yml"
        sources.data = data
        return try DigestInputs.load(sources)
    }

    static func digest(_ inputs: DigestInputs, _ employee: String) throws -> ComposedDigest {
        let position = inputs.export.employeeIndex[employee]!
        let week = CompanyWeek(
            export: inputs.export, company: inputs.export.companyOfEmployee[position], week: ISOWeek(iso: "2026-W53")!,
            cap: inputs.settings.listCap)
        return try inputs.composer.company(week).compose(position)
    }

    static func fields(_ digest: ComposedDigest) -> ReadMessage {
        ReadMessage(digest.bytes())!
    }

    @Test func theSampleNamesTheCompanyAtThePlatformsAddress() throws {
        #expect(Sample.inputs.settings.fromName == "{company} via Koraal HR")
        let leie = Self.fields(try Sample.digest("2026-W53", "E1001"))
        #expect(leie.field("From")?.value == "Brouwerij Leiedauw NV via Koraal HR <digest@koraal-hr.example>")
        // A name with a dot is not an atom: it is quoted (RFC 5322 phrase).
        let grachten = Self.fields(try Sample.digest("2026-W53", "E3001"))
        #expect(grachten.field("From")?.value == "\"Grachtenhof Logistiek B.V. via Koraal HR\" <digest@koraal-hr.example>")
        // The sender rules (DKIM d= aligned with the From domain) still pass on the address.
        #expect(leie.field("DKIM-Signature")?.value.contains("d=koraal-hr.example;") == true)
    }

    @Test func withoutTheSettingFromKeepsItsOwnName() throws {
        let inputs = try Self.inputs { $0.replacingOccurrences(of: "  from_name: \"{company} via Koraal HR\"\n", with: "") }
        #expect(inputs.settings.fromName == nil)
        #expect(Self.fields(try Self.digest(inputs, "E1001")).field("From")?.value == "Koraal HR <digest@koraal-hr.example>")
    }

    /// A company name that is not ASCII is written as encoded-words (RFC 2047) and
    /// read back whole; Python's parser finds no defect in it.
    @Test func aNameThatIsNotASCIIIsEncoded() throws {
        let copy = ExportCopy()
        copy.replaceLine(in: "companies.csv", startingWith: "leie,", with: "leie,Brouwerij Lëiedauw NV,Europe/Brussels,nl")
        let inputs = try Self.inputs(data: copy.data)
        let digest = try Self.digest(inputs, "E1001")
        let from = try #require(Self.fields(digest).field("From"))
        #expect(from.value.hasPrefix("=?UTF-8?"))
        #expect(from.value.hasSuffix(" <digest@koraal-hr.example>"))
        #expect(from.decoded == "Brouwerij Lëiedauw NV via Koraal HR <digest@koraal-hr.example>")
        let folder = ScratchFolder("gazette-sender-eml")
        folder.write("E1001.eml", String(decoding: digest.bytes(), as: UTF8.self))
        let python = try #require(TestSupport.which("python3"), "python3 is needed (make deps installs it)")
        let script = """
            import email, sys
            from email import policy
            message = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=policy.default)
            problems = list(message.defects) + list(message["From"].defects)
            # Python's phrase decoder keeps the space between two adjacent encoded-words (RFC 2047
            # §6.2 says to drop it), so the name is compared without spaces.
            print(message["From"].addresses[0].display_name.replace(" ", ""), message["From"].addresses[0].addr_spec, problems, sep="|")
            """
        let result = try runProgram(python, ["-c", script, folder.path + "/E1001.eml"])
        #expect(result.output == "BrouwerijLëiedauwNVviaKoraalHR|digest@koraal-hr.example|[]\n", "\(result.error)")
    }

    @Test(arguments: [
        (
            "\"{company} via {platform}\"",
            "digest.from_name \"{company} via {platform}\" has the unknown placeholder {platform}: the only one is {company}; write it like \"{company} via Koraal HR\""
        ),
        (
            "\"{company} via Koraal HR}\"",
            "digest.from_name \"{company} via Koraal HR}\" has a \"}\" without its pair: the only placeholder is {company}; write it like \"{company} via Koraal HR\""
        ),
        (
            "\"{company}\\nBcc: eve@example.com\"",
            "digest.from_name \"{company}\\nBcc: eve@example.com\" holds a control character (U+000A): a display name is one line of text; write it like \"{company} via Koraal HR\""
        ),
        (
            "\"" + String(repeating: "x", count: 101) + "\"",
            "digest.from_name is 101 characters long; at most 100 (the company's name is added to it): shorten it"
        ),
        ("\"  \"", "digest.from_name is empty: leave it out to use digest.from's name, or write it like \"{company} via Koraal HR\""),
    ])
    func badFromNamesAreErrorsWithTheirLine(value: String, message: String) {
        let problems = SettingsAndTemplatesTests.problems(SettingsAndTemplatesTests.required + "  from_name: \(value)\n")
        #expect(problems == ["5: " + message])
    }

    @Test(arguments: [
        ("https://ess.koraal-hr.example/settings", true), ("http://127.0.0.1:8025/settings", true),
        ("https://ess.example.com/s?a=1&b=2", true),
        ("http://ess.koraal-hr.example/settings", false), ("javascript:alert(1)", false), ("https://ess.example.com/\"><script>", false),
        ("https://ess.example.com/{token}", false), ("ess.example.com/settings", false),
    ])
    func appURLIsHTTPSOrLoopback(url: String, accepted: Bool) {
        let problems = SettingsAndTemplatesTests.problems(SettingsAndTemplatesTests.required + "  app_url: '\(url)'\n")
        #expect(problems.isEmpty == accepted, "\(problems)")
        if !accepted {
            #expect(problems.first?.hasPrefix("5: digest.app_url \"") == true, "\(problems)")
            #expect(
                problems.first?.hasSuffix(
                    "must be an https URL (http only on this machine: 127.0.0.1, [::1], localhost) without spaces or quotes: write it like https://ess.example.com/settings"
                ) == true)
        }
    }

    /// The footer links the self-service settings beside the opt-out, in the recipient's language, in
    /// both parts, escaped in the HTML.
    @Test(arguments: [("E1001", "Je instellingen wijzigen"), ("E2001", "Modifier vos paramètres"), ("E4001", "Change your settings")])
    func theFooterLinksTheSettingsPage(employee: String, words: String) throws {
        let inputs = try Self.inputs {
            $0.replacingOccurrences(
                of: "https://ess.koraal-hr.example/settings", with: "https://ess.koraal-hr.example/settings?from=digest&week=53")
        }
        let digest = try Self.digest(inputs, employee)
        let link =
            "<a class=\"gz-link\" href=\"https://ess.koraal-hr.example/settings?from=digest&amp;week=53\" style=\"color:#0b57b3;text-decoration:underline;\">\(words)</a>"
        #expect(digest.html.contains("</a> · " + link + "</p>"), "\(digest.html)")
        // Beside the opt-out: the line after the unsubscribe link (with the language's separator).
        let lines = digest.text.components(separatedBy: "\n")
        let settingsLine = try #require(lines.firstIndex { $0.hasPrefix(words) })
        #expect(lines[settingsLine].hasSuffix(": https://ess.koraal-hr.example/settings?from=digest&week=53"))
        #expect(lines[settingsLine - 1].contains("http://127.0.0.1:8025/unsubscribe/"))

        let without = try Self.inputs { $0.replacingOccurrences(of: "  app_url: \"https://ess.koraal-hr.example/settings\"\n", with: "") }
        let plain = try Self.digest(without, employee)
        #expect(without.settings.appURL == nil)
        #expect(!plain.html.contains(words) && !plain.text.contains(words))
        #expect(!plain.html.contains("ess.koraal-hr.example/settings"))
    }

    /// RFC 3676 sig dashes ("-- " with its space) and a text part that ends with a line break, as the
    /// reader sees it after MIME decoding (the line break before a boundary belongs to the boundary).
    @Test func theTextPartHasSigDashesAndEndsWithALineBreak() throws {
        for employee in ["E1001", "E2001", "E4001"] {
            let digest = try Sample.digest("2026-W53", employee)
            #expect(digest.text.contains("\n-- \n"))
            #expect(!digest.text.contains("\n--\n"))
            let message = Self.fields(digest)
            let text = try #require(message.parts.first { $0.mediaType == "text/plain" })
            #expect(text.content.suffix(2) == [0x0D, 0x0A], "\(employee)")
            #expect(text.content.suffix(3) != [0x0A, 0x0D, 0x0A], "\(employee): one line break, not an empty line")
            let html = try #require(message.parts.first { $0.mediaType == "text/html" })
            #expect(html.content.suffix(9) == Array("</html>\r\n".utf8), "\(employee)")
            // In the .eml: the space before the line end is encoded (quoted-printable), the part's own
            // CRLF is followed by the delimiter's.
            let eml = String(decoding: digest.bytes(), as: UTF8.self)
            #expect(eml.contains("\r\n--=20\r\n"))
            #expect(eml.contains("\r\n\r\n--" + digest.message.boundary + "\r\nContent-Type: text/html"))
        }
    }
}
