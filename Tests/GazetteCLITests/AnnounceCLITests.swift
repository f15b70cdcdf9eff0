import Foundation
import GazetteTestSupport
import Testing

/// `gazette announce` run as a user runs it, on the sample content: the summary lines, nightly
/// reruns, bad input (exit 2, nothing written) and bad flags.
@Suite struct AnnounceCLITests {
    static let pdfCache = ScratchFolder(processScoped: "gazette-announce-cli-pdf")

    static func announce(_ arguments: [String], output: String, content: String = TestSupport.path("Content")) throws -> ProgramResult {
        try runProgram(
            TestSupport.gazetteBinary,
            [
                "announce", "--content", content, "--data", TestSupport.path("Content/data"), "--templates", TestSupport.path("Templates"),
                "--output", output, "--pdf-cache", pdfCache.path,
            ] + arguments,
            in: TestSupport.repositoryRoot, environment: ["GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue()])
    }

    @Test func announceWritesWhatIsDueOnceAndSaysWhatComesNext() throws {
        let folder = ScratchFolder("gazette-announce-cli")
        let output = folder.path + "/announcements"
        let early = try Self.announce(["--today", "2026-11-01"], output: output)
        #expect(early.status == 0, "\(early.error)")
        #expect(early.output == "announce: nothing due on 2026-11-01 (next: privacy-2027-01-01 on 2026-11-20)\n")
        #expect(early.error.isEmpty)

        let due = try Self.announce(["--today", "2026-11-20"], output: output)
        #expect(due.status == 0, "\(due.error)")
        #expect(due.output.hasPrefix("announce privacy-2027-01-01: 4 written, 1 skipped (notices_off 1) in "))
        #expect(due.output.hasSuffix(" → \(output)/privacy-2027-01-01\n"))
        #expect(
            due.error
                == "warning: contacts.csv: company thames (Thames Lantern Bakery Ltd) has no contact with notices: privacy-2027-01-01 "
                + "reaches nobody there; add a row for it to contacts.csv\n")
        #expect(folder.exists("announcements/privacy-2027-01-01/manifest.json"))
        #expect(folder.exists("announcements/privacy-2027-01-01/leie/2.eml"))

        let again = try Self.announce(["--today", "2026-11-21"], output: output)
        #expect(again.status == 0)
        #expect(again.output == "announce privacy-2027-01-01: already complete in \(output)/privacy-2027-01-01, left alone\n")
    }

    @Test func aTooLateAnnouncementIsBadInputAndNothingIsWritten() throws {
        let folder = ScratchFolder("gazette-announce-cli-late")
        folder.copy(TestSupport.path("Content/gazette.yml"), to: "content/gazette.yml")
        folder.copy(TestSupport.path("Content/policies/privacy"), to: "content/policies/privacy")
        for language in ["nl", "en"] {
            let path = "content/policies/privacy/2027-01-01.\(language).md"
            folder.write(path, folder.read(path)!.replacingOccurrences(of: "announced: 2026-11-20", with: "announced: 2026-12-10"))
        }
        let output = folder.path + "/announcements"
        let result = try Self.announce(["--today", "2026-12-10"], output: output, content: folder.path + "/content")
        #expect(result.status == 2)
        #expect(
            result.error
                == "\(folder.path)/content/policies/privacy/2027-01-01.nl.md:5: announced 2026-12-10 is 22 days before it takes effect on "
                + "2027-01-01, fewer than site.notice_days (30): announce on 2026-12-02 or earlier, take effect later, or write notice: short with "
                + "notice_reason: why it cannot wait\ngazette: 1 input problem; nothing was written.\n")
        #expect(!folder.exists("announcements/privacy-2027-01-01"))

        // With a reason, it goes out.
        for language in ["nl", "en"] {
            let path = "content/policies/privacy/2027-01-01.\(language).md"
            folder.write(
                path,
                folder.read(path)!.replacingOccurrences(
                    of: "announced: 2026-12-10",
                    with: "announced: 2026-12-10\nnotice: short\nnotice_reason: \"The supervisory authority asked for it.\""))
        }
        let short = try Self.announce(["--today", "2026-12-10"], output: output, content: folder.path + "/content")
        #expect(short.status == 0, "\(short.error)")
        #expect(short.output.hasPrefix("announce privacy-2027-01-01: 4 written, "))
    }

    @Test func badFlagsExitTwo() throws {
        let result = try Self.announce(["--today", "2026-13-01"], output: "/nonexistent")
        #expect(result.status == 2)
        #expect(result.error.contains("--today"))
        #expect(!result.error.contains("Backtrace"))
    }
}
