import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteMail

/// Reading DKIM keys as operators make them (openssl, in a scratch folder), and every kind of file
/// that is not a usable key, each with its own message.
@Suite struct DKIMKeyTests {
    static func openssl(_ arguments: [String], in folder: ScratchFolder) throws {
        let openssl = try #require(TestSupport.which("openssl"), "openssl is not installed: run `make deps`")
        let result = try runProgram(openssl, arguments, in: folder.path)
        try #require(result.status == 0, "openssl \(arguments.joined(separator: " ")): \(result.error)")
    }

    @Test func keysMadeByOpenSSLAreRead() throws {
        let folder = ScratchFolder("gazette-dkim-keys")
        try Self.openssl(["genrsa", "-traditional", "-out", "pkcs1.pem", "2048"], in: folder)
        try Self.openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072", "-out", "pkcs8.pem"], in: folder)
        try Self.openssl(["genpkey", "-algorithm", "ed25519", "-out", "ed25519.pem"], in: folder)
        #expect(folder.read("pkcs1.pem")!.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        #expect(folder.read("pkcs8.pem")!.hasPrefix("-----BEGIN PRIVATE KEY-----"))

        let pkcs1 = try DKIMKey.read(folder.path + "/pkcs1.pem")
        #expect(pkcs1.algorithm == .rsaSHA256 && pkcs1.bits == 2048)
        let pkcs8 = try DKIMKey.read(folder.path + "/pkcs8.pem")
        #expect(pkcs8.algorithm == .rsaSHA256 && pkcs8.bits == 3072)
        let ed25519 = try DKIMKey.read(folder.path + "/ed25519.pem")
        #expect(ed25519.algorithm == .ed25519SHA256 && ed25519.publicKey.data.count == 32)

        // The public halves are openssl's: its SubjectPublicKeyInfo of each key, as p= publishes it.
        for (file, key) in [("pkcs1.pem", pkcs1), ("pkcs8.pem", pkcs8), ("ed25519.pem", ed25519)] {
            try Self.openssl(["pkey", "-in", file, "-pubout", "-outform", "DER", "-out", file + ".pub"], in: folder)
            let der = [UInt8](FileManager.default.contents(atPath: folder.path + "/" + file + ".pub")!)
            // Ed25519's p= is the raw 32 bytes: the end of its SubjectPublicKeyInfo.
            #expect(key.algorithm == .rsaSHA256 ? key.publicKey.data == der : key.publicKey.data == Array(der.suffix(32)), "\(file)")
        }
        // Our own PKCS#8 writing (for tests) is read back, and by openssl.
        folder.write("again.pem", pkcs1.pkcs8PEM)
        #expect(try DKIMKey.read(folder.path + "/again.pem").publicKey == pkcs1.publicKey)
        try Self.openssl(["pkey", "-in", "again.pem", "-noout", "-check"], in: folder)
    }

    @Test func filesThatAreNotUsableKeysSayWhy() throws {
        let folder = ScratchFolder("gazette-dkim-bad-keys")
        try Self.openssl(["genrsa", "-traditional", "-out", "small.pem", "1024"], in: folder)
        try Self.openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1536", "-out", "medium.pem"], in: folder)
        try Self.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.pem"], in: folder)
        try Self.openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec-traditional.pem"], in: folder)
        try Self.openssl(["genpkey", "-algorithm", "ed448", "-out", "ed448.pem"], in: folder)
        try Self.openssl(["genpkey", "-algorithm", "ed25519", "-out", "ed25519.pem"], in: folder)
        try Self.openssl(["pkey", "-in", "ed25519.pem", "-pubout", "-out", "public.pem"], in: folder)
        try Self.openssl(["pkcs8", "-topk8", "-in", "ed25519.pem", "-out", "encrypted.pem", "-passout", "pass:secret"], in: folder)
        folder.write("garbage.pem", "not a key at all\n")
        folder.write("empty.pem", "")
        folder.write("cut.pem", String(folder.read("ed25519.pem")!.prefix(40)))
        try FileManager.default.createDirectory(atPath: folder.path + "/folder.pem", withIntermediateDirectories: true)

        let make =
            "make one with: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out dkim-rsa.pem, or openssl genpkey -algorithm ed25519 -out dkim-ed25519.pem"
        let cases: [(String, String)] = [
            ("small.pem", "is an RSA key of 1024 bits: DKIM needs 2048 or more (Gmail and Yahoo ignore smaller ones; \(make))"),
            ("medium.pem", "is an RSA key of 1536 bits: DKIM needs 2048 or more (Gmail and Yahoo ignore smaller ones; \(make))"),
            ("ec.pem", "is an EC (ECDSA) key: DKIM signs with RSA or Ed25519 only (\(make))"),
            ("ec-traditional.pem", "is an EC (ECDSA) key: DKIM signs with RSA or Ed25519 only (\(make))"),
            ("ed448.pem", "is an Ed448 key: DKIM signs with RSA or Ed25519 only (\(make))"),
            (
                "public.pem",
                "is a public key: signing needs the private key (the public one goes into DNS: gazette dkim-record --key PRIVATE-KEY)"
            ),
            (
                "encrypted.pem",
                "is encrypted with a passphrase: Gazette reads keys without one (decrypt it with openssl pkey -in KEY -out KEY.pem, and keep that file readable only by gazette)"
            ),
            ("garbage.pem", "is not a PEM private key (no -----BEGIN ... PRIVATE KEY----- line): \(make)"),
            ("empty.pem", "is not a PEM private key (no -----BEGIN ... PRIVATE KEY----- line): \(make)"),
            ("cut.pem", "has a broken PEM block (no END line, or damaged base64): make the key again"),
            ("folder.pem", "is a folder, not a key file"),
            ("missing.pem", "cannot be read: it does not exist"),
        ]
        for (file, message) in cases {
            #expect(throws: DKIMKeyError(message), "\(file)") { try DKIMKey.read(folder.path + "/" + file) }
        }
    }

    @Test func aKeyIsNeverInItsDescription() throws {
        let key = try DKIMKey.generate(.rsaSHA256, source: "/run/secrets/dkim.pem")
        #expect("\(key)" == "rsa key /run/secrets/dkim.pem")
    }

    @Test func publicKeyRecordsReadBack() throws {
        for algorithm in DKIMAlgorithm.allCases {
            let key = try DKIMKey.generate(algorithm)
            #expect(DKIMPublicKey(record: key.publicKey.record) == key.publicKey)
            #expect(DKIMPublicKey(record: key.publicKey.record.replacingOccurrences(of: "; ", with: ";\r\n\t ")) == key.publicKey)
        }
        #expect(DKIMPublicKey(record: "v=DKIM1; k=rsa; p=") == nil)  // a revoked key
        #expect(DKIMPublicKey(record: "v=DKIM2; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=") == nil)
        #expect(DKIMPublicKey(record: "v=DKIM1; k=dsa; p=AAAA") == nil)
    }
}
