import Crypto
import Foundation
import GazetteTestSupport
import Testing

@testable import GazetteMail

/// RFC 8463 Appendix A: its Ed25519 key, signing its message (RFC 6376 Appendix A's) with its own
/// DKIM-Signature field, gives the signature the RFC prints, byte for byte. That holds only if the
/// canonical forms, the hashing and the Ed25519 signing are all right, and the signing is
/// deterministic (it is: RFC 8032 Ed25519, BoringSSL on Linux). Both of the RFC's signatures verify
/// with our verifier and its published keys; any change to the message breaks them.
@Suite struct DKIMRFC8463Tests {
    /// A.1: the Ed25519 secret key (the RFC 8032 §7.1 test 1 seed), base64.
    static let seed = Base64.decode("nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=")!
    /// A.2: the public key records.
    static let ed25519Record = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
    static let rsaRecord =
        "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWR"
        + "iGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutAC"
        + "DfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3"
        + "Ip3G+2kryOTIKT+l/K4w3QIDAQAB"
    /// A.3: the signed message.
    static let message = [
        "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;",
        " d=football.example.com; i=@football.example.com;",
        " q=dns/txt; s=brisbane; t=1528637909; h=from : to :",
        " subject : date : message-id : from : subject : date;",
        " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;",
        " b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus",
        " Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==",
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;",
        " d=football.example.com; i=@football.example.com;",
        " q=dns/txt; s=test; t=1528637909; h=from : to : subject :",
        " date : message-id : from : subject : date;",
        " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;",
        " b=F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3",
        " DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2Jz",
        " dA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=",
        "From: Joe SixPack <joe@football.example.com>",
        "To: Suzie Q <suzie@shopping.example.net>",
        "Subject: Is dinner ready?",
        "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)",
        "Message-ID: <20030712040037.46341.5F8J@football.example.com>",
        "",
        "Hi.",
        "",
        "We lost the game.  Are you hungry yet?",
        "",
        "Joe.",
        "",
    ].joined(separator: "\r\n")
    static let printedSignature = "/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11BusFa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw=="

    static func keys(_ domain: String, _ selector: String) -> DKIMPublicKey? {
        guard domain == "football.example.com" else { return nil }
        return selector == "brisbane" ? DKIMPublicKey(record: ed25519Record) : selector == "test" ? DKIMPublicKey(record: rsaRecord) : nil
    }

    @Test func theKeyIsTheRFCsKey() throws {
        let key = try DKIMKey(ed25519Seed: Self.seed, source: "RFC 8463 A.1")
        #expect(key.publicKey == DKIMPublicKey(record: Self.ed25519Record))
        #expect(key.publicKey.record == Self.ed25519Record)
        // The same key as openssl writes it (PKCS#8 PEM) reads back to the same key.
        let pem = key.pkcs8PEM
        #expect(
            pem
                == "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n-----END PRIVATE KEY-----\n"
        )
        #expect(try DKIMKey(pem: pem, source: "pem").publicKey == key.publicKey)
    }

    @Test func theBodyHashIsTheRFCs() {
        let bytes = Array(Self.message.utf8)
        let body = RawHeader(bytes).bodyStart
        #expect(
            Base64.encode(Array(DKIMCanonicalization.relaxed.bodyHash(Array(bytes[body...]))))
                == "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=")
    }

    @Test func signingTheRFCsFieldGivesTheRFCsSignature() throws {
        let key = try DKIMKey(ed25519Seed: Self.seed, source: "RFC 8463 A.1")
        let bytes = Array(Self.message.utf8)
        let header = RawHeader(bytes)
        let names = ["from", "to", "subject", "date", "message-id", "from", "subject", "date"]
        let digest = bytes.withUnsafeBufferPointer {
            DKIMVerifier.headerHash(signature: 0, of: header, in: $0, names: names, form: .relaxed)
        }
        let signature = try key.signature(for: digest)
        #expect(Base64.encode(signature) == Self.printedSignature)
        // Deterministic: again, the same bytes.
        #expect(try key.signature(for: digest) == signature)
    }

    @Test func bothOfTheRFCsSignaturesVerify() {
        let outcomes = DKIMVerifier.verify(Array(Self.message.utf8), key: Self.keys)
        #expect(outcomes.map(\.algorithm) == ["ed25519-sha256", "rsa-sha256"])
        #expect(outcomes.map(\.failure) == [nil, nil])
        #expect(outcomes[0].signedFields == ["from", "to", "subject", "date", "message-id", "from", "subject", "date"])
    }

    @Test(arguments: [
        ("Hi.", "Hi!", "the body hash (bh=) does not match: the body changed after signing"),
        ("Subject: Is dinner ready?", "Subject: Is lunch ready?", "the signature (b=) does not verify"),
        ("Message-ID: <20030712040037", "Message-ID: <20030712040038", "the signature (b=) does not verify"),
        // Oversigned: a second Subject added in transit is caught.
        ("Subject: Is dinner ready?\r\n", "Subject: Is dinner ready?\r\nSubject: Free money\r\n", "the signature (b=) does not verify"),
    ])
    func aChangedMessageDoesNotVerify(_ old: String, _ new: String, _ reason: String) {
        let changed = Self.message.replacingOccurrences(of: old, with: new)
        let outcomes = DKIMVerifier.verify(Array(changed.utf8), key: Self.keys)
        #expect(outcomes.count == 2)
        for outcome in outcomes { #expect(outcome.failure?.hasPrefix(reason) == true, "\(outcome)") }
    }

    @Test func refoldingAndTrailingWhiteSpaceStillVerify() {
        // What relays do to a message in transit, which relaxed canonicalization allows.
        let refolded = Self.message.replacingOccurrences(
            of: "To: Suzie Q <suzie@shopping.example.net>", with: "To:   Suzie Q\r\n\t<suzie@shopping.example.net>  "
        )
        .replacingOccurrences(of: "Joe.\r\n", with: "Joe.   \r\n\r\n\r\n")
        #expect(DKIMVerifier.verify(Array(refolded.utf8), key: Self.keys).map(\.failure) == [nil, nil])
    }

    @Test func theWrongKeyOrNoKeyIsSaid() {
        let swapped = DKIMVerifier.verify(Array(Self.message.utf8)) { _, selector in
            Self.keys("football.example.com", selector == "brisbane" ? "test" : "brisbane")
        }
        #expect(
            swapped.map(\.failure) == [
                "the key for s=brisbane is an rsa key, the signature is ed25519-sha256",
                "the key for s=test is an ed25519 key, the signature is rsa-sha256",
            ])
        #expect(
            DKIMVerifier.verify(Array(Self.message.utf8)) { _, _ in nil }.first?.failure
                == "no key is known for s=brisbane d=football.example.com")
    }
}
