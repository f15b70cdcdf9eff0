import Foundation
import GazetteCore
import GazetteMail
import GazetteTestSupport
import Testing

@Suite struct UnsubscribeTokenTests {
    static let secret = UnsubscribeSecret(Array(String(repeating: "s", count: 32).utf8))!
    static let otherSecret = UnsubscribeSecret(Array(String(repeating: "t", count: 32).utf8))!
    static let token = UnsubscribeToken(keyID: "k1", company: "leie", employee: "E1001")

    @Test func roundTrip() {
        let text = Self.token.signed(with: Self.secret)
        #expect(
            text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95 })
        #expect(text == Self.token.signed(with: Self.secret))  // never expires, same every week
        #expect(UnsubscribeToken.verify(text, secret: Self.secret) == .success(Self.token))
    }

    @Test func linksAreSearchedForTheToken() {
        let text = Self.token.signed(with: Self.secret)
        for link in [
            "https://ess.koraal-hr.example/digest/unsubscribe/\(text)", "https://ess.example/u?token=\(text)&x=1",
            "mailto:unsubscribe@koraal-hr.example?subject=unsubscribe%20\(text)", " \(text)\n",
        ] {
            #expect(UnsubscribeToken.verify(linkOrToken: link, secret: Self.secret) == .success(Self.token), "\(link)")
        }
        #expect(
            UnsubscribeToken.verify(linkOrToken: "https://ess.koraal-hr.example/digest/unsubscribe/", secret: Self.secret)
                == .failure(.notFound))
    }

    @Test func wrongSecretIsRejected() {
        let text = Self.token.signed(with: Self.otherSecret)
        #expect(UnsubscribeToken.verify(text, secret: Self.secret) == .failure(.badSignature(Self.token)))
    }

    @Test func tamperedTokensAreRejected() {
        let text = Self.token.signed(with: Self.secret)
        // Another employee's id with the same signature.
        let forged = UnsubscribeToken(keyID: "k1", company: "leie", employee: "E1002")
        let forgedBytes =
            Array(Base64.decodeURLSafe(forged.signed(with: Self.otherSecret))!.dropLast(32)) + Array(Base64.decodeURLSafe(text)!.suffix(32))
        #expect(UnsubscribeToken.verify(Base64.encodeURLSafe(forgedBytes), secret: Self.secret) == .failure(.badSignature(forged)))
        // Every single changed character is caught.
        let characters = Array(text)
        for index in characters.indices {
            var changed = characters
            changed[index] = changed[index] == "A" ? "B" : "A"
            if case .success = UnsubscribeToken.verify(String(changed), secret: Self.secret) {
                Issue.record("changing character \(index) went unnoticed")
            }
        }
        #expect(UnsubscribeToken.verify(String(text.dropLast(5)), secret: Self.secret) == .failure(.malformed))
        #expect(UnsubscribeToken.verify("not a token!", secret: Self.secret) == .failure(.malformed))
        var version = Base64.decodeURLSafe(text)!
        version[0] = 9
        #expect(UnsubscribeToken.verify(Base64.encodeURLSafe(version), secret: Self.secret) == .failure(.unknownVersion(9)))
    }

    @Test func purposeAndKeyIDAreSigned() {
        let other = UnsubscribeToken(keyID: "k2", company: "leie", employee: "E1001")
        #expect(other.signed(with: Self.secret) != Self.token.signed(with: Self.secret))
    }

    @Test func secretFromFileOrEnvironment() throws {
        let folder = ScratchFolder("gazette-secret")
        folder.write("secret", String(repeating: "z", count: 32) + "\n")
        _ = try UnsubscribeSecret.resolve(file: folder.path + "/secret", environment: [:])
        folder.write("short", "abc\n")
        #expect(
            throws: InputError(
                InputProblem(
                    path: folder.path + "/short",
                    "the secret is 3 bytes; it needs at least 32 (make one with: head -c 32 /dev/urandom | base64)"))
        ) {
            try UnsubscribeSecret.resolve(file: folder.path + "/short", environment: ["GAZETTE_SECRET": String(repeating: "z", count: 40)])
        }
        _ = try UnsubscribeSecret.resolve(file: nil, environment: ["GAZETTE_SECRET": String(repeating: "z", count: 32)])
        #expect(throws: InputError.self) { try UnsubscribeSecret.resolve(file: nil, environment: [:]) }
    }

    /// A secret stored in a file with a line end, and the same secret in GAZETTE_SECRET with or without
    /// one, sign the same tokens: tokens of the batch verify in the preview however it was started.
    @Test func theSameSecretSignsTheSameTokensFromFileAndEnvironment() throws {
        let folder = ScratchFolder("gazette-secret-same")
        let text = String(repeating: "k", count: 40)
        folder.write("secret", text + "\n")
        let fromFile = try UnsubscribeSecret.resolve(file: folder.path + "/secret", environment: [:])
        let fromVariable = try UnsubscribeSecret.resolve(file: nil, environment: ["GAZETTE_SECRET": text])
        let fromVariableWithLineEnd = try UnsubscribeSecret.resolve(file: nil, environment: ["GAZETTE_SECRET": text + "\r\n"])
        let signed = Self.token.signed(with: fromFile)
        #expect(signed == Self.token.signed(with: fromVariable))
        #expect(signed == Self.token.signed(with: fromVariableWithLineEnd))
        #expect(throws: InputError.self) {
            try UnsubscribeSecret.resolve(file: nil, environment: ["GAZETTE_SECRET": String(repeating: "z", count: 31) + "\n"])
        }
    }
}

@Suite struct MailAddressTests {
    @Test(arguments: [
        ("wouter.vermeulen@brouwerij-leie.example", true), ("bram.kok+hr@grachten-logistiek.example", true), ("o'neil@x.example", true),
        ("jan.peeters(at)brouwerij-leie.example", false), ("", false), ("a@b", false), ("a..b@x.example", false), (".a@x.example", false),
        ("a@-x.example", false), ("zoë@x.example", false), ("a b@x.example", false), ("a@x.example\r\nBcc: y@z.example", false),
        ("a@1.2", false),
    ])
    func validity(_ address: String, _ valid: Bool) {
        #expect(MailAddress.isValid(address) == valid)
    }

    @Test func parsesSettings() {
        #expect(
            MailAddress.parse("Koraal HR <digest@koraal-hr.example>")
                == MailAddress(displayName: "Koraal HR", address: "digest@koraal-hr.example"))
        #expect(MailAddress.parse("\"HR, Koraal\" <digest@koraal-hr.example>")?.displayName == "HR, Koraal")
        #expect(MailAddress.parse("digest@koraal-hr.example")?.displayName == "")
        #expect(MailAddress.parse("Koraal HR <digest>") == nil)
    }
}
