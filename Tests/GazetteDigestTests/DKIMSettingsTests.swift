import Foundation
import GazetteCore
import GazetteDigest
import GazetteMail
import GazetteTestSupport
import Testing

/// `digest.dkim` in gazette.yml and `GAZETTE_DKIM_KEYS`: keys read once, every problem an input error
/// located where it was written (file and line, or the variable), all of them at once.
@Suite struct DKIMSettingsTests {
    /// A folder with keys made by openssl: RSA 2048 (PKCS#1 and PKCS#8), RSA 1024, Ed25519, a public
    /// key (removed when the test process ends).
    static let keys: String = {
        let folder = try! ProcessScratch.folder("dkim-settings-test-keys")
        let openssl = TestSupport.which("openssl")!
        for arguments in [
            ["genrsa", "-traditional", "-out", "rsa.pem", "2048"], ["genrsa", "-out", "small.pem", "1024"],
            ["genpkey", "-algorithm", "ed25519", "-out", "ed25519.pem"], ["pkey", "-in", "ed25519.pem", "-pubout", "-out", "public.pem"],
            ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa2.pem"],
        ] {
            precondition(try! runProgram(openssl, arguments, in: folder).status == 0, "openssl \(arguments)")
        }
        return folder
    }()

    static func key(_ name: String) -> String { keys + "/" + name }

    /// Loads the sample export with a gazette.yml whose digest section ends with `dkim` (lines 5 on).
    static func load(_ dkim: String, environment: [String: String] = [:]) throws -> (DigestInputs, String) {
        let folder = ScratchFolder("gazette-dkim-config")
        folder.write(
            "gazette.yml",
            """
            digest:
              from: "Koraal HR <digest@koraal-hr.example>"
              unsubscribe_url: "https://ess.koraal-hr.example/digest/unsubscribe/{token}"
              unsubscribe_mailto: "unsubscribe@koraal-hr.example"
            \(dkim)
            """)
        var sources = Sample.sources
        sources.config = folder.path + "/gazette.yml"
        sources.environment = ["GAZETTE_SECRET": testSecret].merging(environment) { $1 }
        return (try DigestInputs.load(sources), folder.path + "/gazette.yml")
    }

    static func problems(_ dkim: String, environment: [String: String] = [:]) -> [String] {
        do {
            _ = try load(dkim, environment: environment)
            return []
        } catch let error as InputError {
            return error.problems.map {
                $0.description.replacingOccurrences(of: #"^/.*/gazette\.yml"#, with: "gazette.yml", options: .regularExpression)
            }
        } catch {
            return ["\(error)"]
        }
    }

    @Test func keysFromTheFileSignEveryDigest() throws {
        let (inputs, _) = try Self.load(
            """
              dkim:
                domain: "koraal-hr.example"
                selector: "gazette2026"
                keys:
                  - "\(Self.key("rsa.pem"))"
                  - "\(Self.key("ed25519.pem"))"
            """)
        let signer = try #require(inputs.composer.signer)
        #expect(signer.domain == "koraal-hr.example")
        #expect(signer.signings.map(\.selector) == ["gazette2026-rsa", "gazette2026-ed25519"])
        #expect(signer.signings.map(\.key.source) == [Self.key("rsa.pem"), Self.key("ed25519.pem")])
        let digest = try inputs.composer.company(Sample.companyWeek("2026-W53", of: "E1001")).compose(Sample.employee("E1001"))
        #expect(
            String(decoding: digest.bytes(), as: UTF8.self).hasPrefix(
                "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=koraal-hr.example;\r\n s=gazette2026-rsa; t=1798437600;"))
        #expect(SenderRules.check(digest.bytes(), signer: signer).first?.status == .pass)
    }

    @Test func theVariableTakesThePlaceOfTheFilesKeys() throws {
        let (inputs, _) = try Self.load(
            """
              dkim:
                domain: "koraal-hr.example"
                selector: "gazette2026"
                keys: ["/nowhere/rsa.pem"]
            """, environment: ["GAZETTE_DKIM_KEYS": Self.key("ed25519.pem")])
        #expect(inputs.composer.signer?.signings.map(\.selector) == ["gazette2026"])
        #expect(inputs.composer.signer?.signings.first?.key.algorithm == .ed25519SHA256)
    }

    @Test func everyKeyProblemNamesItsLine() {
        let make =
            "make one with: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out dkim-rsa.pem, or openssl genpkey -algorithm ed25519 -out dkim-ed25519.pem"
        #expect(
            Self.problems(
                """
                  dkim:
                    domain: "koraal-hr.example"
                    selector: "gazette2026"
                    keys:
                      - "\(Self.key("missing.pem"))"
                      - "\(Self.key("small.pem"))"
                      - "\(Self.key("public.pem"))"
                """) == [
                    "gazette.yml:9: digest.dkim.keys: \(Self.key("missing.pem")) cannot be read: it does not exist",
                    "gazette.yml:10: digest.dkim.keys: \(Self.key("small.pem")) is an RSA key of 1024 bits: DKIM needs 2048 or more (Gmail and Yahoo ignore smaller ones; \(make))",
                    "gazette.yml:11: digest.dkim.keys: \(Self.key("public.pem")) is a public key: signing needs the private key (the public one goes into DNS: gazette dkim-record --key PRIVATE-KEY)",
                ])
        #expect(
            Self.problems(
                """
                  dkim:
                    domain: "koraal-hr.example"
                    selector: "gazette2026"
                """, environment: ["GAZETTE_DKIM_KEYS": Self.key("small.pem") + ":" + Self.key("ed25519.pem")]) == [
                    "GAZETTE_DKIM_KEYS: \(Self.key("small.pem")) is an RSA key of 1024 bits: DKIM needs 2048 or more (Gmail and Yahoo ignore smaller ones; \(make))"
                ])
    }

    @Test func domainSelectorAndKeysAreChecked() {
        #expect(
            Self.problems(
                """
                  dkim:
                    domain: "mail.other.example"
                    selector: "gazette_2026"
                    keys: []
                """) == [
                    // (The keys are read only once the section itself is right: "no keys" comes after these are fixed.)
                    "gazette.yml:6: digest.dkim.domain \"mail.other.example\" is not aligned with the From domain koraal-hr.example: DMARC needs d= to be the From domain, a parent of it or a subdomain of it (write domain: \"koraal-hr.example\")",
                    "gazette.yml:7: digest.dkim.selector \"gazette_2026\" is not a DNS label: use 1 to 55 letters, digits and hyphens, not starting or ending with a hyphen (like \"gazette2026\"; with several keys Gazette adds -rsa or -ed25519)",
                ])
        #expect(
            Self.problems(
                """
                  dkim:
                    domain: "koraal-hr.example"
                    selector: "gazette2026"
                """) == [
                    "gazette.yml:5: digest.dkim: no keys: list PEM key files in keys, or set GAZETTE_DKIM_KEYS (paths separated by \":\")"
                ])
        #expect(
            Self.problems(
                """
                  dkim:
                    domain: "not a domain"
                    selector: "-s"
                    key: "x.pem"
                """) == [
                    "gazette.yml:6: digest.dkim.domain \"not a domain\" is not a domain name: write it like \"example.com\"",
                    "gazette.yml:7: digest.dkim.selector \"-s\" is not a DNS label: use 1 to 55 letters, digits and hyphens, not starting or ending with a hyphen (like \"gazette2026\"; with several keys Gazette adds -rsa or -ed25519)",
                    "gazette.yml:8: unknown key \"key\" in digest.dkim: expected one of domain, selector, keys",
                ])
        // One label is no domain (a top-level domain cannot sign).
        #expect(
            Self.problems(
                """
                  dkim:
                    domain: "example"
                    selector: "s"
                """
            ).first?.hasPrefix("gazette.yml:6: digest.dkim.domain \"example\" is not a domain name") == true)
    }

    @Test func twoKeysOfOneAlgorithmAreRefused() {
        #expect(
            Self.problems(
                """
                  dkim:
                    domain: "koraal-hr.example"
                    selector: "gazette2026"
                    keys: ["\(Self.key("rsa.pem"))", "\(Self.key("rsa2.pem"))"]
                """) == [
                    "gazette.yml:5: digest.dkim: two rsa keys (\(Self.key("rsa.pem")), \(Self.key("rsa2.pem"))): sign with one key per algorithm; to rotate, give the new key a new selector (docs/deploy.md)"
                ])
    }

    @Test func keysWithoutSettingsAreRefused() {
        #expect(
            Self.problems("", environment: ["GAZETTE_DKIM_KEYS": Self.key("ed25519.pem")]).map {
                $0.replacingOccurrences(of: #"/\S*/gazette\.yml"#, with: "gazette.yml", options: .regularExpression)
            } == [
                "GAZETTE_DKIM_KEYS: is set, but gazette.yml has no digest.dkim section (domain and selector) to sign with: add one, or unset GAZETTE_DKIM_KEYS"
            ])
        // Without either, digests are not signed (and the sender rules say so).
        #expect(Self.problems("") == [])
    }
}
