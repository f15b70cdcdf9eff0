import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteMail

/// Signing a message: what the signature says and covers, that it is deterministic, and that the
/// independent verifiers (dkimpy, opendkim-testmsg) accept it with both algorithms and refuse it once
/// a signed field or the body is changed.
@Suite struct DKIMSignerTests {
    static let rsa = try! DKIMKey.read(DKIMTestTools.rsaKeyPath)
    static let ed25519 = try! DKIMKey.read(DKIMTestTools.ed25519KeyPath)
    static let signer = DKIMSigner(domain: "Koraal-HR.example", selector: "gazette2026", keys: [rsa, ed25519])

    static func message(subject: String = "Week 53: 1 colleague out") -> MailMessage {
        var message = MailMessageTests.message()
        message.subject = subject
        return message
    }

    static func fields(_ bytes: [UInt8]) -> [String] {
        let header = RawHeader(bytes)
        return bytes.withUnsafeBufferPointer { buffer in
            header.fields(named: "DKIM-Signature").map { String(decoding: buffer[$0.range], as: UTF8.self) }
        }
    }

    static func tags(_ field: String) -> [String: String] {
        DKIMVerifier.tags(String(field.dropFirst("DKIM-Signature:".count)).replacingOccurrences(of: "\r\n", with: "")).values
    }

    @Test func theSignatureSaysWhatTheIssueAsks() throws {
        let signed = try Self.signer.sign(Self.message())
        let fields = Self.fields(signed)
        #expect(fields.count == 2)
        #expect(
            signed.starts(
                with: Array("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=koraal-hr.example;\r\n s=gazette2026-rsa;".utf8)))
        let rsa = Self.tags(fields[0])
        let ed25519 = Self.tags(fields[1])
        #expect(rsa["a"] == "rsa-sha256" && ed25519["a"] == "ed25519-sha256")
        #expect(rsa["s"] == "gazette2026-rsa" && ed25519["s"] == "gazette2026-ed25519")
        #expect(rsa["d"] == "koraal-hr.example" && rsa["c"] == "relaxed/relaxed")
        // t= is the Date: Monday 28 December 2026 07:00 +0100 is 06:00 UTC.
        #expect(rsa["t"] == "1798437600" && Self.message().date.timestamp == 1_798_437_600)
        #expect(rsa["l"] == nil && rsa["x"] == nil)
        #expect(
            rsa["h"]
                == "date:from:to:subject:message-id:list-id:list-unsubscribe:list-unsubscribe-post:auto-submitted:content-language:mime-version:content-type:from"
        )
        #expect(rsa["h"] == ed25519["h"] && rsa["bh"] == ed25519["bh"])
        // The body hash is over the whole canonical body.
        let header = RawHeader(signed)
        #expect(rsa["bh"] == Base64.encode(Array(DKIMCanonicalization.relaxed.bodyHash(Array(signed[header.bodyStart...])))))
        // Folded at 78 characters; the message after the signatures is the message as it was.
        for field in fields { #expect(field.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 }, "\(field)") }
        #expect(Array(signed.suffix(Self.message().bytes().count)) == Self.message().bytes())
        #expect(try Self.signer.sign(Self.message().bytes()) == signed)
    }

    @Test func theSameMessageSignsToTheSameBytes() throws {
        #expect(try Self.signer.sign(Self.message()) == Self.signer.sign(Self.message()))
        let fresh = DKIMSigner(
            domain: "koraal-hr.example", selector: "gazette2026",
            keys: [try DKIMKey.read(DKIMTestTools.rsaKeyPath), try DKIMKey.read(DKIMTestTools.ed25519KeyPath)])
        #expect(try fresh.sign(Self.message()) == Self.signer.sign(Self.message()))
        #expect(try Self.signer.sign(Self.message(subject: "Week 53")) != Self.signer.sign(Self.message()))
    }

    @Test func oneKeySignsWithTheSelectorItself() throws {
        let signed = try DKIMSigner(domain: "koraal-hr.example", selector: "gazette2026", keys: [Self.ed25519]).sign(Self.message())
        #expect(Self.fields(signed).count == 1)
        #expect(Self.tags(Self.fields(signed)[0])["s"] == "gazette2026")
    }

    @Test func ourVerifierAgrees() throws {
        let signed = try Self.signer.sign(Self.message())
        let keys = { (domain: String, selector: String) in
            Self.signer.signings.first { $0.selector == selector && domain == "koraal-hr.example" }?.key.publicKey
        }
        #expect(DKIMVerifier.verify(signed, key: keys).map(\.failure) == [nil, nil])
        var changed = signed
        changed[changed.count - 10] ^= 0x01
        #expect(DKIMVerifier.verify(changed, key: keys).allSatisfy { $0.failure?.hasPrefix("the body hash") == true })
    }

    @Test func aMessageWithoutFromIsNotSigned() {
        #expect(throws: DKIMSigningError(source: "message", message: "the message has no From field: DKIM signs for the From domain")) {
            try Self.signer.sign(Array("Subject: x\r\n\r\nbody\r\n".utf8))
        }
    }

    /// dkimpy, with the public keys through its DNS hook, for both algorithms; a changed signed field
    /// or body fails. And opendkim-testmsg (OpenDKIM's library) agrees on each signature alone.
    @Test func independentVerifiersAcceptItAndRefuseChanges() throws {
        let folder = ScratchFolder("gazette-dkim-verify")
        try DKIMTestTools.writeRecords(for: Self.signer, to: folder.path + "/records.txt")
        let signed = try Self.signer.sign(Self.message())
        let text = String(decoding: signed, as: UTF8.self)
        let changes: [(String, String)] = [
            ("signed.eml", text),
            ("subject.eml", text.replacingOccurrences(of: "Subject: Week 53: 1 colleague out", with: "Subject: Week 53: 2 colleagues out")),
            ("unsubscribe.eml", text.replacingOccurrences(of: "<https://ess.example/u/TOKEN>", with: "<https://evil.example/u/TOKEN>")),
            ("second-from.eml", text.replacingOccurrences(of: "\r\nTo: ", with: "\r\nFrom: Mallory <m@evil.example>\r\nTo: ")),
            ("body.eml", text.replacingOccurrences(of: "Hello", with: "Hallo")),
            ("appended.eml", text + "P.S. an added line\r\n"),
        ]
        for (name, content) in changes {
            #expect(content != text || name == "signed.eml", "\(name) changed nothing")
            folder.write(name, content)
        }
        let dkimpy = try DKIMTestTools.dkimpy(records: folder.path + "/records.txt", files: changes.map { folder.path + "/" + $0.0 })
        print(dkimpy.output)
        let verdicts = dkimpy.output.split(separator: "\n").map { String($0).replacingOccurrences(of: folder.path + "/", with: "") }
        #expect(verdicts.first == "signed.eml: pass 2 signatures (rsa-sha256 s=gazette2026-rsa, ed25519-sha256 s=gazette2026-ed25519)")
        for verdict in verdicts.dropFirst() {
            #expect(
                verdict.contains(": FAIL rsa-sha256 s=gazette2026-rsa") && verdict.contains("fail, ed25519-sha256 s=gazette2026-ed25519")
                    && verdict.hasSuffix(" fail"), "\(verdict)")
        }
        #expect(dkimpy.status == 1)

        for (name, content) in changes {
            for alone in DKIMTestTools.eachSignatureAlone(Array(content.utf8)) {
                let result = try DKIMTestTools.opendkim(
                    records: folder.path + "/records.txt", message: alone, at: Self.message().date.timestamp + 60)
                #expect((result.status == 0) == (name == "signed.eml"), "opendkim-testmsg on \(name): \(result.status) \(result.error)")
            }
        }
    }
}
