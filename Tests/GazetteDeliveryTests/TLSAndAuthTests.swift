import Foundation
import GazetteTestSupport
import Testing

@testable import GazetteDelivery

/// STARTTLS, TLS from the first byte (smtps://), certificates verified by default (a private CA with
/// `ca_file`), `require_tls`, and AUTH PLAIN and LOGIN, against a real Postfix with its own
/// certificates (made by openssl in the test) and Cyrus SASL logins.
@Suite struct TLSAndAuthTests {
    /// A fixture with four small messages and `delivery` as its settings.
    static func fixture(_ delivery: String) throws -> DeliveryFixture {
        let fixture = try DeliveryFixture(delivery: delivery, sample: false)
        try fixture.writeFolder("small", count: 4)
        return fixture
    }

    /// The Received headers Postfix wrote, one line each.
    static func received(_ postfix: PostfixServer, count: Int) -> [String] {
        postfix.delivered(count: count).compactMap { file in
            guard let text = try? String(contentsOfFile: file, encoding: .utf8), let start = text.range(of: "\nReceived: ") else {
                return nil
            }
            var header = ""
            for line in text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
                if !header.isEmpty, !(line.hasPrefix("\t") || line.hasPrefix(" ")) { break }
                header += line
            }
            return header
        }
    }

    @Test func startTLSIsUsedAndTheCertificateVerified() throws {
        let scratch = ScratchFolder("gazette-certs")
        let certificates = try PostfixServer.makeCertificates(in: scratch)
        // A certificate that no one trusts: nothing is sent, the relay "cannot be reached" (exit 1).
        let untrusted = try PostfixServer(PostfixServer.Options(tls: (certificates.selfSigned, certificates.selfSignedKey)))
        defer { untrusted.stop() }
        let refused = try Self.fixture("  relay: \"\(untrusted.url)\"\n")
        let result = try refused.gazette([])
        #expect(result.status == 1, "\(result.output) \(result.error)")
        #expect(result.error.contains("gazette: the relay could not be reached: TLS with the relay failed: "), "\(result.error)")
        #expect(result.error.contains("CERTIFICATE_VERIFY_FAILED"), "\(result.error)")
        #expect(try refused.states() == ["deferred": 4])
        #expect(untrusted.delivered(count: 1, within: 0.5).isEmpty)

        // Signed by a private CA that ca_file names: STARTTLS, then the messages.
        let trusted = try PostfixServer(PostfixServer.Options(tls: (certificates.certificate, certificates.key)))
        defer { trusted.stop() }
        let fixture = try Self.fixture("  relay: \"\(trusted.url)\"\n  ca_file: \"\(certificates.caCertificate)\"\n  require_tls: true\n")
        let sent = try fixture.gazette([])
        #expect(sent.status == 0, "\(sent.error)")
        let headers = Self.received(trusted, count: 4)
        #expect(headers.count == 4)
        #expect(headers.allSatisfy { $0.contains("(using TLSv1.3 with cipher ") }, "\(headers)")

        // smtps://: TLS from the first byte.
        let wrapper = try PostfixServer(PostfixServer.Options(tls: (certificates.certificate, certificates.key), wrapper: true))
        defer { wrapper.stop() }
        let implicit = try Self.fixture("  relay: \"smtps://127.0.0.1:\(wrapper.port)\"\n  ca_file: \"\(certificates.caCertificate)\"\n")
        #expect(try implicit.gazette([]).status == 0)
        #expect(Self.received(wrapper, count: 4).filter { $0.contains("(using TLSv1.3 with cipher ") }.count == 4)
    }

    /// require_tls and a relay without STARTTLS (smtp-sink offers none): nothing is sent.
    @Test func requireTLSRefusesAPlainRelay() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let fixture = try Self.fixture("  relay: \"\(sink.url)\"\n  require_tls: true\n")
        let result = try fixture.gazette([])
        #expect(result.status == 1)
        #expect(result.error.contains("the relay does not offer STARTTLS and delivery.require_tls is true"), "\(result.error)")
        #expect(sink.messages().isEmpty)
        #expect(try fixture.states() == ["deferred": 4])
    }

    @Test(arguments: [["PLAIN", "LOGIN"], ["LOGIN"]])
    func theRelayIsLoggedInto(_ mechanisms: [String]) throws {
        let postfix = try PostfixServer(PostfixServer.Options(users: [("gazette", "correct horse")], mechanisms: mechanisms))
        defer { postfix.stop() }
        let fixture = try Self.fixture("  relay: \"\(postfix.url)\"\n  username: gazette\n")
        // The password from the environment.
        let sent = try fixture.gazette([], environment: ["GAZETTE_SMTP_PASSWORD": "correct horse"])
        #expect(sent.status == 0, "\(sent.error)")
        #expect(postfix.delivered(count: 4).count == 4)
        let method = mechanisms.contains("PLAIN") ? "PLAIN" : "LOGIN"
        #expect(postfix.maillog.contains("sasl_method=\(method), sasl_username=gazette"), "\(postfix.maillog)")
        // A wrong password: refused for good, nothing sent, exit 1.
        let other = try Self.fixture(
            "  relay: \"\(postfix.url)\"\n  username: gazette\n  password_file: \"\(fixture.folder.path)/wrong\"\n")
        fixture.folder.write("wrong", "battery staple\n")
        let refused = try other.gazette([])
        #expect(refused.status == 1)
        #expect(
            refused.error.contains("the relay refused the login of \"gazette\": 535 5.7.8 Error: authentication failed"), "\(refused.error)"
        )
        #expect(try other.states() == ["deferred": 4])
        #expect(postfix.delivered(count: 5, within: 0.5).count == 4)
    }
}
