import Foundation
import GazetteCore
import GazetteDigest
import GazetteMail
import GazetteSite
import GazetteTestSupport
import Testing

/// The digest's notice of policy changes: documents with `notify: employees` (the sample's privacy
/// policy of 2027-01-01, announced 2026-11-20, and its self-service terms of 2026-06-01, announced
/// 2026-04-24) are listed in the digests dated from their announced day until they take effect.
@Suite struct PolicyNoticeTests {
    static let inputs: DigestInputs = {
        var sources = Sample.sources
        sources.content = TestSupport.path("Content")
        do { return try DigestInputs.load(sources) } catch { fatalError("sample does not load: \(error)") }
    }()

    static func digest(_ week: String, employee: String, inputs: DigestInputs = PolicyNoticeTests.inputs) throws -> ComposedDigest {
        let export = inputs.export
        let position = export.employeeIndex[employee]!
        let company = export.companyOfEmployee[position]
        let companyWeek = CompanyWeek(export: export, company: company, week: ISOWeek(iso: week)!, cap: inputs.settings.listCap)
        return try inputs.composer.company(companyWeek).compose(position)
    }

    @Test(arguments: [
        ("2026-W16", false, false), ("2026-W17", false, false), ("2026-W18", true, false), ("2026-W22", true, false),
        ("2026-W23", false, false),
        ("2026-W47", false, false), ("2026-W48", false, true), ("2026-W53", false, true), ("2027-W01", false, false),
    ])
    func theNoticeAppearsOnlyInTheWeeksBetweenAnnouncedAndEffective(week: String, terms: Bool, privacy: Bool) throws {
        // Thames (en): English texts of both documents.
        let digest = try Self.digest(week, employee: "E4001")
        #expect(digest.text.contains("Upcoming changes to our terms") == (terms || privacy), "\(week)")
        #expect(digest.text.contains("- Koraal Self-Service Terms of Use: a new version applies from 1 June 2026.") == terms, "\(week)")
        #expect(digest.text.contains("- Privacy Policy: a new version applies from 1 January 2027.") == privacy, "\(week)")
        #expect(digest.html.contains("Upcoming changes to our terms") == (terms || privacy), "\(week)")
        // The general terms of 2026-01-01 (customers only, announced 2025-11-14) are never in a digest.
        #expect(!digest.text.contains("General Terms"))
    }

    @Test func theNoticeSaysTheDayTheSummaryOnOneLineAndLinksTheChanges() throws {
        let english = try Self.digest("2026-W53", employee: "E4001").text
        #expect(
            english.contains(
                "\n\nUpcoming changes to our terms\n- Privacy Policy: a new version applies from 1 January 2027. Security logs are now kept for 6 months"
            ))
        #expect(english.contains("…\n  What changes: https://legal.koraal-hr.example/en/privacy/2027-01-01/changes/\n\n-- \n"))
        let html = try Self.digest("2026-W53", employee: "E4001").html
        #expect(html.contains("<a class=\"gz-link\" href=\"https://legal.koraal-hr.example/en/privacy/2027-01-01/changes/\""))
        // French readers: the privacy policy of 2027 has no French text; the Dutch one is named and linked.
        let french = try Self.digest("2026-W53", employee: "E2001").text
        #expect(
            french.contains(
                "Prochainement : nos conditions changent\n- Privacybeleid : une nouvelle version s'applique à partir du 1er janvier 2027. Beveiligingslogs"
            ))
        #expect(french.contains("  Ce qui change : https://legal.koraal-hr.example/nl/privacy/2027-01-01/changes/\n"))
    }

    @Test func theOneLineSummaryIsCutAtAWord() throws {
        let text = try Self.digest("2026-W53", employee: "E4001").text
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("- Privacy Policy:") })
        #expect(!line.contains("\n"))
        #expect(line.hasSuffix(" …"))
        #expect(line.count < 260)
    }

    /// The notice changes neither the subject nor who gets a digest, and says nothing about anyone.
    @Test func subjectRecipientsAndEverythingElseStayTheSame() throws {
        for employee in ["E1001", "E2001", "E3001", "E4001"] {
            let with = try Self.digest("2026-W53", employee: employee)
            let without = try Self.digest("2026-W53", employee: employee, inputs: Sample.inputs)
            #expect(with.subject == without.subject)
            #expect(with.view.isEmpty == without.view.isEmpty)
            // Removing the notice section from the text gives the digest without it.
            let section = try #require(
                with.text.range(of: "\n\nUpcoming changes to our terms\n") ?? with.text.range(
                    of: "\n\nOp komst: wijzigingen in onze voorwaarden\n")
                    ?? with.text.range(of: "\n\nProchainement : nos conditions changent\n"))
            let end = try #require(with.text.range(of: "\n\n-- \n", range: section.upperBound..<with.text.endIndex))
            #expect(with.text.replacingCharacters(in: section.lowerBound..<end.lowerBound, with: "") == without.text, "\(employee)")
        }
    }

    /// Only `notify: employees` documents: a customers-only document announced for the week is not listed.
    @Test func customerOnlyDocumentsAreNotInTheDigest() throws {
        let site = try SiteSettings(from: SettingsFile.load(TestSupport.path("Content/gazette.yml")))
        func version(_ effective: String, notify: Set<PolicyAudience>, announced: String? = nil) -> PolicyVersion {
            PolicyVersion(
                slug: "terms", language: "nl", effective: CivilDate(iso: effective)!, title: "Voorwaarden", summary: "Anders.",
                announced: announced.flatMap { CivilDate(iso: $0) }, notify: notify, body: "x", path: "terms/\(effective).nl.md")
        }
        for (notify, shown) in [([PolicyAudience.customers], false), ([.employees], true), ([.customers, .employees], true)] {
            let library = PolicyLibrary([
                version("2025-01-01", notify: Set(notify)), version("2027-01-01", notify: Set(notify), announced: "2026-12-01"),
            ])
            let section = PolicyNoticeSection(library: library, site: site)
            #expect(section.changes(on: CivilDate(iso: "2026-12-28")!).isEmpty == !shown, "\(notify)")
        }
    }

    /// The week's batch writes the same emails with the notice: same recipients and skips, same subjects.
    @Test func theSampleWeekCarriesTheNotice() throws {
        let folder = ScratchFolder("gazette-notice-week")
        var sources = Sample.sources
        sources.content = TestSupport.path("Content")
        let with = try DigestBatch.run(DigestBatch.Options(sources: sources, output: folder.path + "/with", week: ISOWeek(iso: "2026-W53")))
        let without = try DigestBatch.run(
            DigestBatch.Options(sources: Sample.sources, output: folder.path + "/without", week: ISOWeek(iso: "2026-W53")))
        #expect(with.map(\.written) == without.map(\.written))
        let emails = (FileTree.files(below: folder.path + "/with/2026-W53") ?? []).filter { $0.hasSuffix(".eml") }
        #expect(emails.count == 52)
        for email in emails {
            let bytes = [UInt8](FileManager.default.contents(atPath: folder.path + "/with/2026-W53/" + email) ?? Data())
            let text = ReadMessage(bytes)?.text(ofType: "text/plain") ?? ""
            #expect(text.contains("privacy/2027-01-01/changes/"), "\(email)")
        }
    }
}
