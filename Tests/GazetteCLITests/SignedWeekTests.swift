import Foundation
import GazetteCore
import GazetteMail
import GazetteTestSupport
import Testing

/// The sample week signed with DKIM by the `gazette` binary, as a user runs it (both algorithms:
/// a throwaway RSA-2048 key and the public Ed25519 test key), checked by independent verifiers
/// with the records `gazette dkim-record` prints: dkimpy and opendkim-testmsg accept every message;
/// SpamAssassin scores every one under 2.0; no key byte is in any output; a rerun writes the same
/// bytes; the summary counts the sender rules.
@Suite(.serialized) struct SignedWeekTests {
    static let keys = DKIMTestTools.environmentValue(rsa: true)

    static func gazette(_ arguments: [String], keys: String = SignedWeekTests.keys) throws -> ProgramResult {
        try runProgram(
            TestSupport.gazetteBinary, arguments, in: TestSupport.repositoryRoot,
            environment: ["GAZETTE_SECRET": DigestCLITests.secret, "GAZETTE_DKIM_KEYS": keys])
    }

    /// The sample week written once, signed, for the tests that read it.
    static let week: (folder: ScratchFolder, result: ProgramResult) = {
        let folder = ScratchFolder(processScoped: "signed-week")
        let result = try! gazette(DigestCLITests.digestArguments(output: folder.path + "/mail") + ["--week", "2026-W53"])
        return (folder, result)
    }()

    static var emails: [String] {
        let root = week.folder.path + "/mail/2026-W53"
        return FileManager.default.enumerator(atPath: root)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".eml") }.sorted().map {
            root + "/" + $0
        }
    }

    /// The DNS records of the test keys, from `gazette dkim-record` (selector and domain from the
    /// sample's digest.dkim and the two keys of GAZETTE_DKIM_KEYS).
    static func records(in folder: ScratchFolder) throws -> String {
        var lines = ""
        for key in [DKIMTestTools.rsaKeyPath, DKIMTestTools.ed25519KeyPath] {
            let result = try gazette(["dkim-record", "--key", key, "--config", TestSupport.path("Content/gazette.yml")])
            try #require(result.status == 0, "\(result.error)")
            let line = result.output.trimmingCharacters(in: .newlines)
            let name = String(line.prefix { $0 != " " })
            let strings = line.matches(of: /"([^"]*)"/).map { String($0.output.1) }
            #expect(line == "\(name) IN TXT " + strings.map { "\"\($0)\"" }.joined(separator: " "))
            #expect(strings.allSatisfy { $0.utf8.count <= 255 } && !strings.isEmpty)
            lines += "\(name)\t\(strings.joined())\n"
        }
        folder.write("records.txt", lines)
        return folder.path + "/records.txt"
    }

    @Test func theSummarySaysHowTheBatchFaresAgainstTheSenderRules() throws {
        let result = Self.week.result
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(result.output)")
        #expect(lines[0].hasPrefix("digest 2026-W53: 52 written, 10 skipped"))
        // Every rule passes but https: the sample's unsubscribe link is the preview server's, http on
        // loopback, which no mailbox provider can use; the line says so.
        #expect(lines[1] == "sender rules 2026-W53: 0 of 52 messages pass every rule")
        #expect(lines[2].hasPrefix("  https_unsubscribe: 52 fail, e.g. leie/E1001.eml: http://127.0.0.1:8025/unsubscribe/"))
        #expect(
            lines[2].hasSuffix(
                " is http on this machine (the preview server): one-click works here, but Gmail and Yahoo require an https URL that recipients can reach (RFC 8058); set digest.unsubscribe_url to your https endpoint before sending real mail"
            ))
        #expect(Self.emails.count == 52)
    }

    @Test func dkimpyAndOpenDKIMVerifyEveryEmail() throws {
        let folder = ScratchFolder("gazette-signed-verify")
        let records = try Self.records(in: folder)
        let dkimpy = try DKIMTestTools.dkimpy(records: records, files: Self.emails)
        #expect(dkimpy.status == 0, "\(dkimpy.output)\(dkimpy.error)")
        let verdicts = dkimpy.output.split(separator: "\n")
        #expect(verdicts.count == 52)
        #expect(
            verdicts.allSatisfy {
                $0.hasSuffix(": pass 2 signatures (rsa-sha256 s=gazette-dev-rsa, ed25519-sha256 s=gazette-dev-ed25519)")
            }, "\(verdicts)")

        var checked = 0
        for path in Self.emails {
            let bytes = [UInt8](FileManager.default.contents(atPath: path)!)
            let date = try MailDate.timestamp(of: try #require(ReadMessage(bytes)?.field("Date")?.value))
            for alone in DKIMTestTools.eachSignatureAlone(bytes) {
                let result = try DKIMTestTools.opendkim(records: records, message: alone, at: date + 60)
                #expect(result.status == 0, "opendkim-testmsg \(path): \(result.error)")
                checked += 1
            }
        }
        #expect(checked == 104)
        // And a changed email fails with both (the body of one, a signed field of another).
        let first = String(decoding: FileManager.default.contents(atPath: Self.emails[0])!, as: UTF8.self)
        folder.write("body.eml", first.replacingOccurrences(of: "Week 53", with: "Week 54"))
        folder.write("to.eml", first.replacingOccurrences(of: "\r\nTo: ", with: "\r\nTo: Eve <eve@evil.example>, "))
        let changed = try DKIMTestTools.dkimpy(records: records, files: [folder.path + "/body.eml", folder.path + "/to.eml"])
        #expect(changed.status == 1)
        #expect(changed.output.split(separator: "\n").allSatisfy { $0.contains(": FAIL ") }, "\(changed.output)")
        for file in ["body.eml", "to.eml"] {
            for alone in DKIMTestTools.eachSignatureAlone(Array(folder.read(file)!.utf8)) {
                #expect(try DKIMTestTools.opendkim(records: records, message: alone, at: 1_798_437_660).status != 0, "\(file)")
            }
        }
    }

    @Test func aRerunWritesTheSameBytes() throws {
        let again = ScratchFolder("gazette-signed-rerun")
        let result = try Self.gazette(DigestCLITests.digestArguments(output: again.path + "/mail") + ["--week", "2026-W53"])
        #expect(result.status == 0)
        let first = Self.week.folder.snapshot("mail")
        #expect(again.snapshot("mail") == first)
        #expect(first.keys.filter { $0.hasSuffix(".eml") }.count == 52)
    }

    /// The key files' contents (each PEM line, the DER, an Ed25519 key's seed) are in no file the
    /// run wrote: emails, manifest, static preview.
    @Test func noKeyIsInAnyOutput() throws {
        let outputs = Self.week.folder.snapshot()
        #expect(outputs.count > 100)
        for path in [DKIMTestTools.rsaKeyPath, DKIMTestTools.ed25519KeyPath] {
            let pem = try String(contentsOfFile: path, encoding: .utf8)
            let lines = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }
            let der = try #require(Base64.decode(lines.joined()))
            var needles = lines.map { Data($0.utf8) } + [Data(der)]
            if path == DKIMTestTools.ed25519KeyPath { needles.append(Data(DKIMTestTools.publicTestSeed)) }
            for (file, data) in outputs {
                for needle in needles { #expect(data.range(of: needle) == nil, "\(file) holds a part of \(path)") }
            }
        }
    }

    @Test func everyEmailScoresUnderTwoInSpamAssassin() throws {
        let home = ScratchFolder("gazette-spamassassin-home")
        let scores = try DKIMTestTools.spamAssassinScores(Self.emails, home: home.path)
        #expect(scores.count == 52)
        for score in scores {
            print("spamassassin -L: \(score.score) \(score.file.split(separator: "/").suffix(2).joined(separator: "/")) \(score.rules)")
            #expect(score.score < 2.0, "\(score.file): \(score.score) (\(score.rules))")
        }
        // The same score as the command itself gives (`spamassassin -L -t`), for the first email.
        let command = try #require(TestSupport.which("spamassassin"))
        let first = try runProgram(
            command, ["-L", "-t", "--cf=use_bayes 0", "--cf=bayes_auto_learn 0"], environment: ["HOME": home.path],
            input: String(decoding: FileManager.default.contents(atPath: Self.emails[0])!, as: UTF8.self))
        let report = try #require(first.output.firstMatch(of: /Content analysis details:\s+\((-?[0-9.]+) points/))
        print("spamassassin -L -t: \(report.output.1) \(Self.emails[0])")
        #expect(Double(report.output.1) == scores[0].score)
        // SpamAssassin kept its state in the private home folder, not the user's.
        #expect(FileManager.default.fileExists(atPath: home.path + "/.spamassassin"))
    }
}
