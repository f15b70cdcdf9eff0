import Foundation
import GazetteCore
import GazetteDigest
import GazetteMail
import GazetteSite
import GazetteTestSupport
import Testing

/// `gazette announce` on the sample: the privacy policy of 2027-01-01 (nl and en, no fr) is
/// announced on 2026-11-20 to the contacts of contacts.csv; the runs go through several days.
@Suite struct AnnouncementTests {
    static let thamesWarning =
        "warning: contacts.csv: company thames (Thames Lantern Bakery Ltd) has no contact with notices: privacy-2027-01-01 reaches nobody there; "
        + "add a row for it to contacts.csv"

    @Test func nothingIsWrittenBeforeTheAnnouncedDay() throws {
        let fixture = AnnouncementFixture()
        let report = try fixture.run("2026-11-19")
        #expect(report.written.isEmpty && report.leftAlone.isEmpty && report.warnings.isEmpty)
        #expect(report.later == [.init(name: "privacy-2027-01-01", announced: AnnouncementFixture.announcedDay)])
        #expect(fixture.files().isEmpty)
    }

    @Test func onTheDayEveryContactGetsOneEmailAndALaterRunLeavesThemAlone() throws {
        let fixture = AnnouncementFixture()
        let report = try fixture.run("2026-11-20")
        #expect(
            report.written == [
                .init(name: "privacy-2027-01-01", directory: fixture.output + "/privacy-2027-01-01", messages: 4, skipped: 1)
            ])
        #expect(report.warnings == [Self.thamesWarning])
        let files = fixture.files()
        #expect(
            Set(files.keys) == [
                ".privacy-2027-01-01.lock", "privacy-2027-01-01/manifest.json", "privacy-2027-01-01/leie/1.eml",
                "privacy-2027-01-01/leie/2.eml",
                "privacy-2027-01-01/sambre/1.eml", "privacy-2027-01-01/grachten/1.eml",
            ])
        // The manifest lists every contact, in contacts.csv order.
        let manifest = String(decoding: files["privacy-2027-01-01/manifest.json"]!, as: UTF8.self)
        func id(_ company: String, _ email: String) -> String {
            "<" + MailMessage.messageID(for: ["announce", "privacy", "2027-01-01", company, email], domain: "koraal-hr.example") + ">"
        }
        #expect(
            manifest == """
                {
                  "announcement": "privacy-2027-01-01",
                  "document": "privacy",
                  "effective": "2027-01-01",
                  "announced": "2026-11-20",
                  "objection_deadline": "2026-12-04",
                  "entries": [
                    {"company": "leie", "contact": "inge.peeters@brouwerij-leie.example", "outcome": "written", "path": "leie/1.eml", "message_id": "\(id("leie", "inge.peeters@brouwerij-leie.example"))", "language": "nl"},
                    {"company": "leie", "contact": "marc.dubois@brouwerij-leie.example", "outcome": "written", "path": "leie/2.eml", "message_id": "\(id("leie", "marc.dubois@brouwerij-leie.example"))", "language": "fr"},
                    {"company": "sambre", "contact": "camille.lefevre@verrerie-sambre.example", "outcome": "written", "path": "sambre/1.eml", "message_id": "\(id("sambre", "camille.lefevre@verrerie-sambre.example"))", "language": "fr"},
                    {"company": "sambre", "contact": "ancien.dpo@verrerie-sambre.example", "outcome": "skipped", "reason": "notices_off"},
                    {"company": "grachten", "contact": "jeroen.bakker@grachten-logistiek.example", "outcome": "written", "path": "grachten/1.eml", "message_id": "\(id("grachten", "jeroen.bakker@grachten-logistiek.example"))", "language": "en"}
                  ],
                  "companies_without_contacts": ["thames"]
                }

                """)
        // The same day again, and any later day before it takes effect: complete, left alone.
        for day in ["2026-11-20", "2026-12-01", "2026-12-31"] {
            let again = try fixture.run(day)
            #expect(again.written.isEmpty && again.leftAlone == ["privacy-2027-01-01"], "\(day)")
            #expect(fixture.files() == files, "\(day)")
        }
    }

    /// Once it is in effect, a version never announced is not announced late; a warning says so while
    /// its objection period would still run.
    @Test func pastItsEffectiveDayNothingIsWritten() throws {
        let fixture = AnnouncementFixture()
        let report = try fixture.run("2027-01-01")
        #expect(report.written.isEmpty && report.later.isEmpty)
        #expect(
            report.warnings == [
                "warning: \(fixture.content)/policies/privacy/2027-01-01.nl.md: privacy-2027-01-01 took effect on 2027-01-01 and was never announced by "
                    + "gazette announce (announced: 2026-11-20); it is not sent now: tell the customers another way"
            ])
        #expect(try fixture.run("2027-01-15").warnings.isEmpty)
        #expect(fixture.files().isEmpty)
    }

    @Test func rerunsInAnotherFolderAreByteIdentical() throws {
        let first = AnnouncementFixture()
        let second = AnnouncementFixture()
        try first.run("2026-11-20")
        try second.run("2026-11-25")
        let files = first.files()
        #expect(files.count == 6)
        #expect(second.files() == files)
    }

    /// Each contact reads their own language, else their company's; a language the document has no
    /// text in gets the prevailing (Dutch) version and one sentence saying so.
    @Test func localesAndTheFallbackSentence() throws {
        let fixture = AnnouncementFixture()
        try fixture.run("2026-11-20")
        let base = fixture.output + "/privacy-2027-01-01/"
        func read(_ path: String) throws -> (subject: String, text: String, language: String, file: String) {
            let message = try #require(ReadMessage([UInt8](FileManager.default.contents(atPath: base + path)!)))
            let raw = String(decoding: FileManager.default.contents(atPath: base + path)!, as: UTF8.self)
            let text = try #require(message.text(ofType: "text/plain")).replacingOccurrences(of: "\r\n", with: "\n")
            let file = raw.firstMatch(of: /filename="([^"]+)"/).map { String($0.1) } ?? ""
            return (message.field("Subject")!.decoded, text, message.field("Content-Language")!.value, file)
        }
        let inge = try read("leie/1.eml")
        #expect(inge.subject == "Privacybeleid: nieuwe versie vanaf 1 januari 2027")
        #expect(inge.language == "nl" && inge.file == "privacy-2027-01-01-nl.pdf")
        #expect(
            inge.text.hasPrefix(
                "Beste Inge Peeters,\n\nWe wijzigen het document “Privacybeleid”. De nieuwe versie geldt voor Brouwerij Leiedauw NV vanaf 1 januari 2027.\n\nWat er verandert\nBeveiligingslogs"
            ))
        #expect(
            inge.text.contains(
                "Gaat Brouwerij Leiedauw NV niet akkoord met de nieuwe versie, dan kunt u tot en met 4 december 2026 bezwaar maken"))
        #expect(inge.text.contains("- Lees de nieuwe versie: https://legal.koraal-hr.example/nl/privacy/2027-01-01/\n"))
        #expect(inge.text.contains("- Bekijk alle wijzigingen: https://legal.koraal-hr.example/nl/privacy/2027-01-01/changes/\n"))
        #expect(
            inge.text.contains("- Download ze als pdf: https://legal.koraal-hr.example/nl/privacy/2027-01-01/privacy-2027-01-01-nl.pdf\n"))
        #expect(!inge.text.contains("bestaat niet in het"))

        for (path, name, company) in [
            ("leie/2.eml", "Marc Dubois", "Brouwerij Leiedauw NV"), ("sambre/1.eml", "Camille Lefèvre", "Verrerie Sambrelune SAS"),
        ] {
            let contact = try read(path)
            #expect(contact.subject == "Privacybeleid : nouvelle version à partir du 1er janvier 2027")
            #expect(contact.language == "fr" && contact.file == "privacy-2027-01-01-nl.pdf")
            #expect(
                contact.text.hasPrefix(
                    "Bonjour \(name),\n\nNous modifions le document « Privacybeleid ». La nouvelle version s'applique à \(company) à partir du 1er janvier 2027.\n"
                        + "Ce document n'existe pas en français : le texte indiqué ici et le PDF joint sont la version en néerlandais, qui fait foi.\n"
                ))
            #expect(contact.text.contains("vous pouvez vous y opposer jusqu'au 4 décembre 2026 inclus"))
            #expect(
                contact.text.contains("- Lire la nouvelle version : https://legal.koraal-hr.example/nl/privacy/2027-01-01/\n"),
                "\(contact.text)")
        }

        let jeroen = try read("grachten/1.eml")
        #expect(jeroen.subject == "Privacy Policy: new version from 1 January 2027")
        #expect(jeroen.language == "en" && jeroen.file == "privacy-2027-01-01-en.pdf")
        #expect(
            jeroen.text.hasPrefix(
                "Dear Jeroen Bakker,\n\nWe are changing the document “Privacy Policy”. The new version applies to Grachtenhof Logistiek B.V. from 1 January 2027.\n\nWhat changes\nSecurity logs"
            ))
        #expect(jeroen.text.contains("you may object until 4 December 2026 by replying to this email."))
        #expect(jeroen.text.contains("https://legal.koraal-hr.example/en/privacy/2027-01-01/changes/"))
        #expect(!jeroen.text.contains("not available in English"))
    }

    /// Python's email package (policy=default) reads every announcement without a defect, in every
    /// part, with the structure mixed [alternative [plain, html], pdf] and no list headers.
    @Test func pythonReadsEveryAnnouncementWithoutDefects() throws {
        let fixture = AnnouncementFixture()
        try fixture.run("2026-11-20")
        let lines = try Self.checkWithPython(fixture.emails())
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { $0.contains(": ok ") }, "\(lines)")
    }

    static func checkWithPython(_ files: [String]) throws -> [String] {
        let script = try #require(Bundle.module.path(forResource: "check_announcement", ofType: "py", inDirectory: "Fixtures"))
        let python = try #require(TestSupport.which("python3"), "python3 is not installed: run make deps")
        let result = try runProgram(python, [script] + files)
        #expect(result.status == 0, "\(result.output)\(result.error)")
        return result.output.split(separator: "\n").map(String.init)
    }

    /// The attached PDF is the site's: the same bytes as the file `gazette site` publishes (built
    /// with a cache of its own), whether the announcement renders it or takes it from that cache.
    @Test func theAttachedPDFIsTheSitesPDF() throws {
        // The privacy policy of 2026 and 2027 in Dutch and English: four PDFs for the site build.
        let fixture = AnnouncementFixture(documents: [])
        for name in ["2026-02-01.nl.md", "2026-02-01.en.md", "2027-01-01.nl.md", "2027-01-01.en.md"] {
            fixture.folder.copy(TestSupport.path("Content/policies/privacy/" + name), to: "content/policies/privacy/" + name)
        }
        let siteCache = fixture.folder.path + "/site-cache"
        _ = try SiteBuilder.build(
            SiteBuilder.Options(
                content: fixture.content, templates: TestSupport.path("Templates"), output: fixture.folder.path + "/site",
                today: AnnouncementFixture.announcedDay, pdfCache: siteCache))
        let cached = Set((try? FileManager.default.contentsOfDirectory(atPath: siteCache)) ?? [])
        var sitePDFs: [String: String] = [:]
        for language in ["nl", "en"] {
            let path = fixture.folder.path + "/site/\(language)/privacy/2027-01-01/privacy-2027-01-01-\(language).pdf"
            let data = try #require(FileManager.default.contents(atPath: path))
            #expect(data.starts(with: Array("%PDF-".utf8)))
            sitePDFs["privacy-2027-01-01-\(language).pdf"] = Self.sha256(path)
            let info = try runProgram(try #require(TestSupport.which("pdfinfo"), "pdfinfo is not installed: run make deps"), [path])
            #expect(info.status == 0 && info.output.contains("Pages:"), "\(info.error)")
        }
        // Rendered by the announcement (the shared cache may or may not have it yet) …
        try fixture.run("2026-11-20")
        // … and taken from the site's cache: nothing new is rendered into it, nothing removed.
        let second = AnnouncementFixture(documents: [])
        second.folder.copy(fixture.content + "/policies", to: "content/policies")
        try second.run("2026-11-20", pdfCache: siteCache)
        #expect(Set((try? FileManager.default.contentsOfDirectory(atPath: siteCache)) ?? []) == cached)
        for run in [fixture, second] {
            let lines = try Self.checkWithPython(run.emails())
            #expect(lines.count == 4)
            for line in lines {
                let parts = line.split(separator: " ")
                #expect(parts.count == 5 && parts[1] == "ok", "\(line)")
                guard parts.count == 5 else { continue }
                #expect(sitePDFs[String(parts[3])] == String(parts[2]), "\(line)")
            }
        }
    }

    static func sha256(_ path: String) -> String {
        (try? runProgram("/usr/bin/sha256sum", [path]))?.output.split(separator: " ").first.map(String.init) ?? ""
    }

    /// Signed like a digest when `digest.dkim` is set: dkimpy accepts every announcement, with an
    /// RSA and an Ed25519 key.
    @Test func dkimpyVerifiesEveryAnnouncement() throws {
        let fixture = AnnouncementFixture()
        fixture.environment["GAZETTE_DKIM_KEYS"] = DKIMTestTools.environmentValue(rsa: true)
        try fixture.run("2026-11-20")
        let signer = try #require(try AnnouncementInputs.load(fixture.sources).composer.signer)
        let records = fixture.folder.path + "/records.txt"
        try DKIMTestTools.writeRecords(for: signer, to: records)
        let result = try DKIMTestTools.dkimpy(records: records, files: fixture.emails())
        #expect(result.status == 0, "\(result.output)\(result.error)")
        let verdicts = result.output.split(separator: "\n")
        #expect(verdicts.count == 4)
        #expect(
            verdicts.allSatisfy {
                $0.hasSuffix(": pass 2 signatures (rsa-sha256 s=gazette-dev-rsa, ed25519-sha256 s=gazette-dev-ed25519)")
            }, "\(verdicts)")
    }
}
