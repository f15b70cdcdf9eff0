import Foundation
import GazetteTestSupport
import Testing

/// Input mistakes that used to pass silently or crash, through the built binary as a user meets them:
/// exit statuses and messages.
@Suite("Input mistakes (end to end)")
struct InputMistakesCLITests {
    static let secret = DigestCLITests.secret

    static func gazette(_ arguments: [String], in directory: String = TestSupport.repositoryRoot) throws -> ProgramResult {
        try runProgram(
            TestSupport.gazetteBinary, arguments, in: directory,
            environment: ["GAZETTE_SECRET": secret, "GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue()])
    }

    /// A token that starts with "-" is a token, not flags: a tampered one used to print the help and
    /// exit 0, which a script took for valid.
    @Test(arguments: ["-QJrMQRsAAAA.BBBB", "-h.x", "-hQJ", "--help-me", "-"])
    func aTokenStartingWithADashIsCheckedAsAToken(token: String) throws {
        let result = try Self.gazette(["verify-unsubscribe", token])
        #expect(result.status == 1, "\(token): \(result.output) \(result.error)")
        #expect(result.error.hasPrefix("gazette: invalid unsubscribe token: "), "\(result.error)")
        #expect(result.output.isEmpty)
        // Also after the secret file, and after an explicit "--".
        let folder = ScratchFolder("gazette-cli-dash-token")
        folder.write("secret", Self.secret)
        let withFile = try Self.gazette(["verify-unsubscribe", "--secret-file", folder.path + "/secret", token])
        #expect(withFile.status == 1)
        let separated = try Self.gazette(["verify-unsubscribe", "--", token])
        #expect(separated.status == 1)
    }

    /// A valid token still verifies wherever it stands, and the help is still the help.
    @Test func validTokensAndHelpStillWork() throws {
        let folder = ScratchFolder("gazette-cli-dash-valid")
        let written = try Self.gazette(DigestCLITests.digestArguments(output: folder.path + "/mail") + ["--week", "2026-W53"])
        #expect(written.status == 0, "\(written.error)")
        let link = try DigestCLITests.unsubscribeLink(in: try #require(folder.read("mail/2026-W53/leie/E1001.eml")))
        folder.write("secret", Self.secret)
        for arguments in [
            [link], [link, "--secret-file", folder.path + "/secret"], ["--secret-file", folder.path + "/secret", "--", link],
        ] {
            let result = try Self.gazette(["verify-unsubscribe"] + arguments)
            #expect(result.status == 0, "\(arguments): \(result.error)")
            #expect(result.output == "company leie\nemployee E1001\nkey k1\n")
        }
        let help = try Self.gazette(["verify-unsubscribe", "--help"])
        #expect(help.status == 0)
        #expect(help.output.contains("USAGE: gazette verify-unsubscribe"))
        let missing = try Self.gazette(["verify-unsubscribe"])
        #expect(missing.status == 2)
    }

    /// Markdown nested 10,000 levels deep: exit 2 with the file and line, never a signal (it was
    /// SIGSEGV, exit 139, without a word).
    @Test(arguments: ["- ", "1. ", ">", "*"])
    func deepNestingIsAnInputProblem(marker: String) throws {
        let scratch = ScratchFolder("gazette-cli-deep")
        scratch.copy(TestSupport.path("Tests/GazetteSiteTests/Fixtures/content"), to: "Content")
        scratch.copy(TestSupport.path("Templates"), to: "Templates")
        let deep = String(repeating: marker, count: 10_000) + "deep" + (marker == "*" ? String(repeating: "*", count: 10_000) : "")
        scratch.write(
            "Content/policies/terms/2026-02-01.en.md", "---\ntitle: \"Deep\"\neffective: 2026-02-01\n---\n## Article 1\n\n" + deep + "\n")
        let result = try Self.gazette(["site", "--today", "2026-11-22"], in: scratch.path)
        #expect(result.status == 2, "\(result.error)")
        #expect(
            result.error == """
                Content/policies/terms/2026-02-01.en.md:7: lists, block quotes, emphasis and links are nested more than 100 levels deep here: \
                no reader can follow that; flatten the structure (at most 100 levels)
                gazette: 1 input problem; nothing was written.

                """)
        #expect(!scratch.exists("Output/site"))
    }
}
