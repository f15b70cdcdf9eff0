import Foundation
import GazetteTestSupport
import Testing

/// `gazette digest` and `gazette verify-unsubscribe`, run as a user runs them: the built binary.
@Suite struct DigestCLITests {
    static let secret = String(repeating: "cli-test-secret-", count: 3)

    static func gazette(_ arguments: [String], secret: String? = DigestCLITests.secret) throws -> ProgramResult {
        try runProgram(
            TestSupport.gazetteBinary, arguments, in: TestSupport.repositoryRoot,
            environment: ["GAZETTE_SECRET": secret ?? "", "GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue(rsa: true)])
    }

    static func digestArguments(output: String, data: String = TestSupport.path("Content/data")) -> [String] {
        [
            "digest", "--data", data, "--config", TestSupport.path("Content/gazette.yml"), "--templates", TestSupport.path("Templates"),
            "--output", output,
        ]
    }

    /// The https unsubscribe link of a written .eml.
    static func unsubscribeLink(in eml: String) throws -> String {
        let start = try #require(eml.range(of: "List-Unsubscribe: <"))
        let end = try #require(eml[start.upperBound...].firstIndex(of: ">"))
        return String(eml[start.upperBound..<end])
    }

    @Test func digestWritesTheSampleWeek() throws {
        let folder = ScratchFolder("gazette-cli")
        let result = try Self.gazette(Self.digestArguments(output: folder.path + "/mail") + ["--week", "2026-W53"])
        #expect(result.status == 0, "\(result.error)")
        #expect(
            result.output.hasPrefix(
                "digest 2026-W53: 52 written, 10 skipped (inactive 3, not_onboarded 3, opted_out 2, no_email 1, invalid_email 1), 0 invalid rows, in "
            ))
        #expect(result.output.contains(" → \(folder.path)/mail/2026-W53\nsender rules 2026-W53: "))
        #expect(result.error.isEmpty)  // no progress bar when standard error is not a terminal
        #expect(folder.exists("mail/2026-W53/manifest.json"))
        #expect(folder.exists("mail/2026-W53/grachten/E3006.eml"))

        // The link in an email verifies; a changed one does not; another secret does not.
        let link = try Self.unsubscribeLink(in: try #require(folder.read("mail/2026-W53/leie/E1001.eml")))
        // The sample points at `gazette preview` on this machine.
        #expect(link.hasPrefix("http://127.0.0.1:8025/unsubscribe/"))
        let verified = try Self.gazette(["verify-unsubscribe", link])
        #expect(verified.status == 0)
        #expect(verified.output == "company leie\nemployee E1001\nkey k1\n")
        var tampered = Array(link)
        tampered[tampered.count - 3] = tampered[tampered.count - 3] == "A" ? "B" : "A"
        let rejected = try Self.gazette(["verify-unsubscribe", String(tampered)])
        #expect(rejected.status == 1)
        #expect(rejected.error.hasPrefix("gazette: invalid unsubscribe token: the signature does not match"))
        let wrongSecret = try Self.gazette(["verify-unsubscribe", link], secret: String(repeating: "another-secret-", count: 3))
        #expect(wrongSecret.status == 1)
        let noSecret = try Self.gazette(["verify-unsubscribe", link], secret: nil)
        #expect(noSecret.status == 2)

        // --secret-file works the same, and takes precedence over the environment.
        folder.write("secret", Self.secret + "\n")
        let fromFile = try Self.gazette(
            ["verify-unsubscribe", link, "--secret-file", folder.path + "/secret"], secret: "ignored-because-a-file-is-given-xxxxxxxx")
        #expect(fromFile.status == 0)
    }

    /// Two machines of a sharded run: `--shard 1/2` and `--shard 2/2` into one folder; the second to
    /// finish merges the manifest. Bad shard values are flag problems (exit 2).
    @Test func shardedRunsWriteTheWholeWeekTogether() throws {
        let folder = ScratchFolder("gazette-cli-shards")
        let arguments = Self.digestArguments(output: folder.path + "/mail") + ["--week", "2026-W53"]
        let first = try Self.gazette(arguments + ["--shard", "2/2"])
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output.hasPrefix("digest 2026-W53 (shard 2/2): "))
        #expect(!folder.exists("mail/2026-W53/manifest.json"))
        let second = try Self.gazette(arguments + ["--shard", "1/2"])
        #expect(second.status == 0, "\(second.error)")
        let manifest = try #require(folder.read("mail/2026-W53/manifest.json"))
        #expect(manifest.components(separatedBy: "\"outcome\": \"written\"").count - 1 == 52)
        for bad in ["0/2", "3/2", "two/2", "1"] {
            let result = try Self.gazette(arguments + ["--shard", bad])
            #expect(result.status == 2, "\(bad)")
            #expect(result.error.contains("--shard <K/N>"))
        }
    }

    @Test func nightlyModeRunsOnceAWeek() throws {
        let folder = ScratchFolder("gazette-cli-nightly")
        let first = try Self.gazette(Self.digestArguments(output: folder.path + "/mail") + ["--today", "2026-12-27"])
        #expect(first.status == 0)
        #expect(first.output.hasPrefix("digest 2026-W53: 52 written"))
        let second = try Self.gazette(Self.digestArguments(output: folder.path + "/mail") + ["--today", "2026-12-27"])
        #expect(second.status == 0)
        #expect(second.output == "digest 2026-W53: already complete in \(folder.path)/mail/2026-W53, left alone\n")
    }

    @Test func badInputExitsTwoAndWritesNothing() throws {
        let folder = ScratchFolder("gazette-cli-bad")
        for file in ["companies.csv", "employees.csv", "leave.csv", "days_off.csv", "shifts.csv", "optouts.csv"] {
            folder.copy(TestSupport.path("Content/data/" + file), to: "data/" + file)
        }
        folder.write(
            "data/shifts.csv",
            folder.read("data/shifts.csv")! + "E3002,2026-12-31,DC Amsterdam-West,25:00,06:00\nE9999,2026-12-31,,06:00,14:00\n")
        let result = try Self.gazette(
            Self.digestArguments(output: folder.path + "/mail", data: folder.path + "/data") + ["--week", "2026-W53"])
        #expect(result.status == 2)
        #expect(
            result.error == """
                \(folder.path)/data/shifts.csv:55: start "25:00" is not a time (HH:MM, 00:00 to 23:59)
                \(folder.path)/data/shifts.csv:56: employee_id "E9999" is not in \(folder.path)/data/employees.csv: add the employee or fix the id
                gazette: 2 input problems; nothing was written.

                """)
        #expect(!folder.exists("mail"))

        let skipping = try Self.gazette(
            Self.digestArguments(output: folder.path + "/mail", data: folder.path + "/data") + ["--week", "2026-W53", "--skip-invalid"])
        #expect(skipping.status == 0)
        #expect(skipping.output.contains(", 2 invalid rows, in "))
    }

    @Test(arguments: [
        (["--week", "2026-W53", "--today", "2026-12-27"], "--week and --today cannot be combined"),
        (["--week", "2025-W53"], "2025-W53"),
        (["--today", "2026-02-30"], "2026-02-30"),
    ])
    func badFlagsExitTwo(_ flags: [String], _ mention: String) throws {
        let folder = ScratchFolder("gazette-cli-flags")
        let result = try Self.gazette(Self.digestArguments(output: folder.path) + flags)
        #expect(result.status == 2)
        #expect(result.error.contains(mention), "\(result.error)")
        #expect(folder.snapshot().isEmpty)
    }

    @Test func noSecretNoDigest() throws {
        let folder = ScratchFolder("gazette-cli-nosecret")
        let result = try Self.gazette(Self.digestArguments(output: folder.path + "/mail") + ["--week", "2026-W53"], secret: nil)
        #expect(result.status == 2)
        #expect(
            result.error.hasPrefix(
                "GAZETTE_SECRET: no unsubscribe secret: set GAZETTE_SECRET (at least 32 bytes) or pass --secret-file PATH"))
        #expect(!folder.exists("mail"))
    }
}
