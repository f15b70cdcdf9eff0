import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteMail

/// Each sender rule fails when its rule is broken, and only then, with a message that says why.
@Suite struct SenderRulesTests {
    static let signer = DKIMSignerTests.signer

    /// The unsigned test message as text, changed by `edit`, then signed by `signer`.
    static func message(signer: DKIMSigner? = SenderRulesTests.signer, _ edit: (String) -> String = { $0 }) throws -> [UInt8] {
        let text = edit(String(decoding: MailMessageTests.message().bytes(), as: UTF8.self))
        return try signer.map { try $0.sign(Array(text.utf8)) } ?? Array(text.utf8)
    }

    static func statuses(_ bytes: [UInt8], signer: DKIMSigner? = SenderRulesTests.signer) -> [String: MessageCheck.Status] {
        Dictionary(uniqueKeysWithValues: SenderRules.check(bytes, signer: signer).map { ($0.id, $0.status) })
    }

    static func detail(_ id: String, _ bytes: [UInt8], signer: DKIMSigner? = SenderRulesTests.signer) -> String {
        SenderRules.check(bytes, signer: signer).first { $0.id == id }!.detail
    }

    @Test func aSignedDigestPassesEveryRule() throws {
        let checks = SenderRules.check(try Self.message(), signer: Self.signer)
        #expect(checks.map(\.id) == SenderRules.ids)
        #expect(checks.allSatisfy { $0.status == .pass }, "\(checks.filter { $0.status != .pass })")
        #expect(
            checks[0].detail
                == "rsa-sha256 (s=gazette2026-rsa) and ed25519-sha256 (s=gazette2026-ed25519) verify with the configured keys' public keys, d=koraal-hr.example"
        )
        #expect(checks[1].detail == "d=koraal-hr.example and From koraal-hr.example are the same domain")
    }

    static func replace(_ old: String, _ new: String) -> (String) -> String {
        { $0.replacingOccurrences(of: old, with: new) }
    }

    @Test(arguments: [
        ("dkim_aligned", "sign with another domain"),
        ("one_click", "no List-Unsubscribe-Post"),
        ("one_click", "List-Unsubscribe-Post added after signing"),
        ("one_click", "List-Unsubscribe-Post: yes"),
        ("https_unsubscribe", "http on loopback"),
        ("https_unsubscribe", "http"),
        ("list_id", "no List-Id"),
        ("message_id", "Message-ID without @"),
        ("date", "Date on the wrong day"),
        ("date", "two Dates"),
        ("size", "a body over 102 KB"),
        ("line_length", "a line of 999 octets"),
    ])
    func eachRuleFailsWhenBroken(_ id: String, _ change: String) throws {
        let post = "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
        var signer = Self.signer
        let bytes: [UInt8]
        switch change {
        case "sign with another domain":
            signer = DKIMSigner(domain: "other.example", selector: "gazette2026", keys: [DKIMSignerTests.ed25519])
            bytes = try Self.message(signer: signer)
        case "no List-Unsubscribe-Post": bytes = try Self.message(Self.replace(post, ""))
        case "List-Unsubscribe-Post added after signing":
            let signed = String(decoding: try Self.message(Self.replace(post, "")), as: UTF8.self)
            bytes = Array(signed.replacingOccurrences(of: "\r\nAuto-Submitted:", with: "\r\n" + post + "Auto-Submitted:").utf8)
        case "List-Unsubscribe-Post: yes": bytes = try Self.message(Self.replace(post, "List-Unsubscribe-Post: yes\r\n"))
        case "http on loopback": bytes = try Self.message(Self.replace("<https://ess.example/u/TOKEN>", "<http://127.0.0.1:8025/u/TOKEN>"))
        case "http": bytes = try Self.message(Self.replace("<https://ess.example/u/TOKEN>", "<http://ess.example/u/TOKEN>"))
        case "no List-Id": bytes = try Self.message(Self.replace("List-Id: Brouwerij Leiedauw NV <digest.koraal-hr.example>\r\n", ""))
        case "Message-ID without @":
            bytes = try Self.message {
                $0.replacingOccurrences(
                    of: #"Message-ID: <([0-9a-f]+)@koraal-hr\.example>"#, with: "Message-ID: <$1>", options: .regularExpression)
            }
        case "Date on the wrong day": bytes = try Self.message(Self.replace("Date: Mon, 28 Dec", "Date: Tue, 28 Dec"))
        case "two Dates":
            bytes = try Self.message(
                Self.replace(
                    "Date: Mon, 28 Dec 2026 07:00:00 +0100\r\n",
                    "Date: Mon, 28 Dec 2026 07:00:00 +0100\r\nDate: Mon, 28 Dec 2026 07:00:00 +0100\r\n"))
        case "a body over 102 KB":
            bytes = try Self.message { $0 + String(repeating: String(repeating: "x", count: 76) + "\r\n", count: 1400) }
        case "a line of 999 octets": bytes = try Self.message { $0 + String(repeating: "y", count: 999) + "\r\n" }
        default:
            Issue.record("no case \(change)")
            return
        }
        let checks = SenderRules.check(bytes, signer: signer)
        let failing = checks.filter { $0.status == .fail }.map(\.id)
        #expect(failing == [id], "\(change): \(checks.filter { $0.status != .pass })")
    }

    @Test func theReasonsAreSaid() throws {
        #expect(
            Self.detail(
                "https_unsubscribe", try Self.message(Self.replace("<https://ess.example/u/TOKEN>", "<http://127.0.0.1:8025/u/TOKEN>")))
                == "http://127.0.0.1:8025/u/TOKEN is http on this machine (the preview server): one-click works here, but Gmail and Yahoo require an https URL that recipients can reach (RFC 8058); set digest.unsubscribe_url to your https endpoint before sending real mail"
        )
        #expect(
            Self.detail("date", try Self.message(Self.replace("Date: Mon, 28 Dec", "Date: Tue, 28 Dec")))
                == "Tue, 28 Dec 2026 07:00:00 +0100: 28 Dec 2026 is a Mon, not a Tue (RFC 5322 §3.3)")
        #expect(
            Self.detail(
                "dkim_aligned",
                try Self.message(signer: DKIMSigner(domain: "other.example", selector: "s", keys: [DKIMSignerTests.ed25519])),
                signer: DKIMSigner(domain: "other.example", selector: "s", keys: [DKIMSignerTests.ed25519]))
                == "d=other.example is not aligned with From koraal-hr.example: sign with the From domain or a parent of it")
    }

    @Test func unsignedMessagesFailTheDKIMRules() throws {
        let unsigned = try Self.message(signer: nil)
        let checks = SenderRules.check(unsigned, signer: nil)
        #expect(checks.filter { $0.status == .fail }.map(\.id) == ["dkim", "dkim_aligned", "one_click"])
        #expect(
            checks[0].detail
                == "not signed: no digest.dkim in gazette.yml (domain, selector, keys); Gmail, Yahoo and Outlook.com require DKIM for bulk mail"
        )
        #expect(checks[2].detail == "present, but no DKIM signature verifies (RFC 8058 §4 requires one to cover both fields)")
        // Configured keys, a message without their signatures (or with another key's).
        #expect(
            Self.detail("dkim", unsigned)
                == "rsa-sha256 (s=gazette2026-rsa): no signature with d=koraal-hr.example s=gazette2026-rsa; ed25519-sha256 (s=gazette2026-ed25519): no signature with d=koraal-hr.example s=gazette2026-ed25519"
        )
        let other = DKIMSigner(
            domain: "koraal-hr.example", selector: "gazette2026",
            keys: [try DKIMKey.generate(.rsaSHA256), try DKIMKey.generate(.ed25519SHA256)])
        #expect(Self.statuses(try Self.message(signer: other))["dkim"] == .fail)
        #expect(
            Self.detail("dkim", try Self.message(signer: other)).hasPrefix(
                "rsa-sha256 (s=gazette2026-rsa): the signature (b=) does not verify"))
    }

    @Test func theSizeIsSaidInKilobytesAndWarnsNearTheLimit() {
        #expect(
            SenderRules.size(Array(repeating: 0x41, count: 10_240))
                == MessageCheck(
                    id: "size", title: "Size within Gmail's 102 KB", status: .pass,
                    detail: "10.0 KB of 102 KB (the whole .eml, 10240 bytes); Gmail clips longer messages, hiding their end"))
        #expect(SenderRules.size(Array(repeating: 0x41, count: 1_587)).detail.hasPrefix("1.5 KB of 102 KB"))
        #expect(SenderRules.size(Array(repeating: 0x41, count: 95 * 1024)).status == .warn)
        #expect(SenderRules.size(Array(repeating: 0x41, count: 102 * 1024)).status == .warn)
        #expect(SenderRules.size(Array(repeating: 0x41, count: 102 * 1024 + 1)).status == .fail)
    }

    @Test func theFromDomainIsFoundInEveryFormOfMailbox() {
        #expect(SenderRules.domain(ofMailbox: "Koraal HR <digest@Koraal-HR.example>") == "koraal-hr.example")
        #expect(SenderRules.domain(ofMailbox: "=?UTF-8?B?S29yYWFs?= <digest@koraal-hr.example>") == "koraal-hr.example")
        #expect(SenderRules.domain(ofMailbox: "digest@koraal-hr.example") == "koraal-hr.example")
        #expect(SenderRules.domain(ofMailbox: "\"a@b\" <digest@koraal-hr.example>") == "koraal-hr.example")
        #expect(SenderRules.domain(ofMailbox: "no address") == nil)
    }

    @Test func alignmentIsTheDomainOrAParentOrASubdomain() {
        #expect(DKIMSettings.isAligned("koraal-hr.example", with: "koraal-hr.example"))
        #expect(DKIMSettings.isAligned("koraal-hr.example", with: "mail.koraal-hr.example"))
        #expect(DKIMSettings.isAligned("Mail.Koraal-HR.example", with: "koraal-hr.example"))
        #expect(!DKIMSettings.isAligned("a.koraal-hr.example", with: "b.koraal-hr.example"))
        #expect(!DKIMSettings.isAligned("example", with: "koraal-hr.example"))
        #expect(!DKIMSettings.isAligned("hr.example", with: "koraal-hr.example"))
        #expect(!DKIMSettings.isAligned("other.example", with: "koraal-hr.example"))
    }

    @Test(arguments: [
        ("Mon, 28 Dec 2026 07:00:00 +0100", 1_798_437_600),
        ("28 Dec 2026 07:00 +0100", 1_798_437_600),
        ("Fri, 11 Jul 2003 21:00:37 -0700 (PDT)", 1_057_982_437),
        ("Fri, 11 Jul 2003 21:00:37 PDT", 1_057_982_437),
        ("Mon,28 Dec 2026 06:00:00 GMT", 1_798_437_600),
    ])
    func datesAreRead(_ text: String, _ timestamp: Int) throws {
        #expect(try MailDate.timestamp(of: text) == timestamp)
    }

    @Test(arguments: [
        "", "Mon, 28 Dec 2026", "Mon, 32 Dec 2026 07:00:00 +0100", "Mon, 28 Dez 2026 07:00:00 +0100", "Mon, 28 Dec 26 07:00:00 +0100",
        "Mon, 28 Dec 2026 25:00:00 +0100", "Mon, 28 Dec 2026 07:00:00 +01", "Mon, 28 Dec 2026 07:00:00 CET",
    ])
    func badDatesAreNot(_ text: String) {
        #expect(throws: MailDateProblem.self) { try MailDate.timestamp(of: text) }
    }
}
