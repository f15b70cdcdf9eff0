import Foundation
import GazetteMail
import GazetteTestSupport
import Testing

/// `gazette dkim-record` and the DKIM input errors of `gazette digest`, run as a user runs them.
@Suite struct DKIMRecordCLITests {
    static func gazette(_ arguments: [String], keys: String? = nil) throws -> ProgramResult {
        var environment = ["GAZETTE_SECRET": DigestCLITests.secret, "GAZETTE_DKIM_KEYS": ""]
        if let keys { environment["GAZETTE_DKIM_KEYS"] = keys }
        return try runProgram(TestSupport.gazetteBinary, arguments, in: TestSupport.repositoryRoot, environment: environment)
    }

    @Test func theRecordIsPrintedInQuotedStringsOf255AtMost() throws {
        let ed25519 = try DKIMKey.read(DKIMTestTools.ed25519KeyPath)
        let short = try Self.gazette([
            "dkim-record", "--key", DKIMTestTools.ed25519KeyPath, "--selector", "s2026", "--domain", "Koraal-HR.example",
        ])
        #expect(short.status == 0, "\(short.error)")
        #expect(short.output == "s2026._domainkey.koraal-hr.example. IN TXT \"\(ed25519.publicKey.record)\"\n")

        let rsa = try DKIMKey.read(DKIMTestTools.rsaKeyPath)
        let long = try Self.gazette([
            "dkim-record", "--key", DKIMTestTools.rsaKeyPath, "--selector", "s2026", "--domain", "koraal-hr.example",
        ])
        let value = Array(rsa.publicKey.record.utf8)
        #expect(value.count > 255)
        #expect(
            long.output
                == "s2026._domainkey.koraal-hr.example. IN TXT \"\(String(decoding: value[..<255], as: UTF8.self))\" \"\(String(decoding: value[255...], as: UTF8.self))\"\n"
        )
        // Nothing of the private key is printed.
        let pem = try String(contentsOfFile: DKIMTestTools.rsaKeyPath, encoding: .utf8)
        for line in pem.split(separator: "\n") where !line.hasPrefix("-----") { #expect(!long.output.contains(line)) }
    }

    @Test func selectorAndDomainDefaultToTheSettings() throws {
        // The sample's digest.dkim: koraal-hr.example, gazette-dev; one key signs with the selector itself.
        let one = try Self.gazette(["dkim-record", "--key", DKIMTestTools.ed25519KeyPath], keys: DKIMTestTools.ed25519KeyPath)
        #expect(one.output.hasPrefix("gazette-dev._domainkey.koraal-hr.example. IN TXT \"v=DKIM1; k=ed25519; p="), "\(one.error)")
        let two = try Self.gazette(["dkim-record", "--key", DKIMTestTools.ed25519KeyPath], keys: DKIMTestTools.environmentValue(rsa: true))
        #expect(two.output.hasPrefix("gazette-dev-ed25519._domainkey.koraal-hr.example. IN TXT \"v=DKIM1; k=ed25519; p="))
    }

    @Test func badKeysAndFlagsExitTwo() throws {
        let folder = ScratchFolder("gazette-dkim-record")
        let missing = try Self.gazette(["dkim-record", "--key", folder.path + "/missing.pem", "--selector", "s", "--domain", "example.com"])
        #expect(missing.status == 2)
        #expect(
            missing.error
                == "\(folder.path)/missing.pem: cannot be read: it does not exist\ngazette: 1 input problem; nothing was written.\n")
        folder.write(
            "gazette.yml",
            "digest:\n  from: \"HR <hr@example.com>\"\n  unsubscribe_url: \"https://e.example.com/u/{token}\"\n  unsubscribe_mailto: \"u@example.com\"\n"
        )
        let noSettings = try Self.gazette(["dkim-record", "--key", DKIMTestTools.ed25519KeyPath, "--config", folder.path + "/gazette.yml"])
        #expect(noSettings.status == 2)
        #expect(
            noSettings.error.hasPrefix(
                "\(folder.path)/gazette.yml: has no digest.dkim section to take the selector from: pass --selector and --domain\n"))
        let badSelector = try Self.gazette([
            "dkim-record", "--key", DKIMTestTools.ed25519KeyPath, "--selector", "a.b", "--domain", "example.com",
        ])
        #expect(badSelector.status == 2)
        #expect(badSelector.error.contains("--selector \"a.b\" is not a DNS label"))
    }

    /// A key problem stops the digest before anything is written (exit 2, the problem located).
    @Test func aBadKeyStopsTheDigest() throws {
        let folder = ScratchFolder("gazette-dkim-bad-digest")
        folder.write(
            "public.pem",
            "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n")
        let result = try Self.gazette(
            DigestCLITests.digestArguments(output: folder.path + "/mail") + ["--week", "2026-W53"], keys: folder.path + "/public.pem")
        #expect(result.status == 2)
        #expect(
            result.error == """
                GAZETTE_DKIM_KEYS: \(folder.path)/public.pem is a public key: signing needs the private key (the public one goes into DNS: gazette dkim-record --key PRIVATE-KEY)
                gazette: 1 input problem; nothing was written.

                """)
        #expect(!folder.exists("mail"))
        let none = try Self.gazette(DigestCLITests.digestArguments(output: folder.path + "/mail") + ["--week", "2026-W53"])
        #expect(none.status == 2)
        // The line of the sample's `dkim:` key.
        let sample = try String(contentsOfFile: TestSupport.path("Content/gazette.yml"), encoding: .utf8)
        let line = try #require(sample.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "  dkim:" }) + 1
        #expect(
            none.error.hasPrefix(
                "\(TestSupport.path("Content/gazette.yml")):\(line): digest.dkim: no keys: list PEM key files in keys, or set GAZETTE_DKIM_KEYS"
            ))
        #expect(!folder.exists("mail"))
    }
}
