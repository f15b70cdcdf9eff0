import Crypto
import Foundation
import GazetteCore
import GazetteMail

/// DKIM keys and independent verifiers for the tests: throwaway keys in a scratch folder, dkimpy
/// (Python) and opendkim-testmsg (OpenDKIM) given the public keys without DNS, SpamAssassin.
public enum DKIMTestTools {
    /// The folder of the process's test keys, removed when the test process ends.
    public static let keyFolder: String = try! ProcessScratch.folder("dkim-test-keys")

    /// An Ed25519 test key derived from a public phrase, so that signatures, and the golden files that
    /// hold them, are the same on every run. It is public by construction: it signs test mail for the
    /// fictional koraal-hr.example only, and nothing may trust it.
    public static let publicTestSeed = Array(SHA256.hash(data: Array("Gazette's public Ed25519 test key: trust nothing it signs".utf8)))

    /// The path of the public Ed25519 test key (PKCS#8 PEM), written once per test process.
    public static let ed25519KeyPath: String = {
        let path = keyFolder + "/public-test-ed25519.pem"
        let key = try! DKIMKey(ed25519Seed: publicTestSeed, source: path)
        try! key.pkcs8PEM.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    /// The path of a throwaway RSA-2048 key made for this test process (its signatures differ
    /// between runs, not within one).
    public static let rsaKeyPath: String = {
        let path = keyFolder + "/throwaway-rsa.pem"
        let key = try! DKIMKey.generate(.rsaSHA256, source: path)
        try! key.pkcs8PEM.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    /// `GAZETTE_DKIM_KEYS` for the sample's `digest.dkim`: the public Ed25519 test key alone (the
    /// golden files stay the same bytes), or with the throwaway RSA key too.
    public static func environmentValue(rsa: Bool = false) -> String {
        rsa ? rsaKeyPath + ":" + ed25519KeyPath : ed25519KeyPath
    }

    /// A DNS records file for the verifiers: each signer key's record under its selector's name.
    public static func writeRecords(for signer: DKIMSigner, to path: String) throws {
        let lines = signer.signings.map { "\($0.selector)._domainkey.\(signer.domain)\t\($0.key.publicKey.record)\n" }
        try lines.joined().write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// dkimpy's verdict on every file (Tests/Tools/dkim_verify.py): status 0 when every signature of
    /// every file verifies.
    public static func dkimpy(records: String, files: [String]) throws -> ProgramResult {
        guard let python = TestSupport.which("python3") else { throw RunFailure("python3 is not installed: run `make deps`") }
        return try runProgram(python, [TestSupport.path("Tests/Tools/dkim_verify.py"), records] + files)
    }

    /// The LD_PRELOAD library that answers opendkim's DNS queries from a records file, compiled once
    /// per test process (Tests/Tools/dkim_dns_shim.c).
    static let dnsShim: Result<String, RunFailure> = {
        let output = keyFolder + "/dkim_dns_shim.so"
        guard let compiler = TestSupport.which("clang", "cc", "gcc") else {
            return .failure(RunFailure("no C compiler (clang, cc or gcc) on PATH"))
        }
        do {
            let result = try runProgram(
                compiler, ["-shared", "-fPIC", "-O1", "-o", output, TestSupport.path("Tests/Tools/dkim_dns_shim.c")])
            guard result.status == 0 else { return .failure(RunFailure("cannot compile the DNS shim: \(result.error)")) }
            return .success(output)
        } catch {
            return .failure(RunFailure("cannot compile the DNS shim: \(error)"))
        }
    }()

    /// opendkim-testmsg's verdict on one message (it verifies when given no key): status 0 when it
    /// verifies, with the keys of `records` instead of DNS, as at `time` (seconds since 1970; a
    /// digest is verified as at its Date: a signature whose t= is ahead of the clock fails).
    public static func opendkim(records: String, message: [UInt8], at time: Int) throws -> ProgramResult {
        guard
            let tool = TestSupport.which("opendkim-testmsg")
                ?? ["/usr/sbin/opendkim-testmsg", "/usr/bin/opendkim-testmsg"].first(where: {
                    FileManager.default.isExecutableFile(atPath: $0)
                })
        else { throw RunFailure("opendkim-testmsg is not installed: run `make deps` (opendkim-tools)") }
        let shim = try dnsShim.get()
        return try runProgram(
            tool, [], environment: ["LD_PRELOAD": shim, "GAZETTE_TEST_DNS": records, "GAZETTE_TEST_TIME": String(time)],
            input: String(decoding: message, as: UTF8.self))
    }

    /// Each signature of `message` alone: the message with every other DKIM-Signature field removed
    /// (none is signed by another), for verifiers that report on the message as a whole.
    public static func eachSignatureAlone(_ message: [UInt8]) -> [[UInt8]] {
        let header = RawHeader(message)
        let signatures = header.fields.filter { $0.lowercasedName == "dkim-signature" }
        return signatures.map { kept in
            var output: [UInt8] = []
            var position = 0
            for field in signatures where field != kept {
                output.append(contentsOf: message[position..<field.range.lowerBound])
                position = field.range.upperBound + 2  // its CRLF
            }
            output.append(contentsOf: message[position...])
            return output
        }
    }

    /// SpamAssassin's score and rules for each file, as `spamassassin -L -t` scores them, in one
    /// process (Tests/Tools/spamassassin_scores.pl), with a private home folder.
    public static func spamAssassinScores(_ files: [String], home: String) throws -> [(file: String, score: Double, rules: String)] {
        guard TestSupport.which("spamassassin") != nil, let perl = TestSupport.which("perl") else {
            throw RunFailure("spamassassin is not installed: run `make deps`")
        }
        let result = try runProgram(
            perl, [TestSupport.path("Tests/Tools/spamassassin_scores.pl"), home] + files, environment: ["HOME": home])
        guard result.status == 0 else { throw RunFailure("spamassassin_scores.pl failed: \(result.error)") }
        return result.output.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 3, let score = Double(parts[1]) else { return nil }
            return (String(parts[0]), score, String(parts[2]))
        }
    }
}
