import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteDelivery

/// The `delivery:` section and the relay URL: defaults, every bad value named with its line, the
/// password from the environment or a file.
@Suite struct DeliverySettingsTests {
    static func settings(_ delivery: String, relay: String? = nil) throws -> DeliverySettings {
        let folder = ScratchFolder("gazette-settings")
        folder.write("gazette.yml", "digest:\n  from: \"Koraal HR <digest@koraal-hr.example>\"\ndelivery:\n" + delivery)
        return try DeliverySettings(from: SettingsFile.load(folder.path + "/gazette.yml"), relayOverride: relay)
    }

    static func problems(_ delivery: String, relay: String? = nil) -> [String] {
        do {
            _ = try settings(delivery, relay: relay)
            return []
        } catch let error as InputError {
            return error.problems.map { ($0.line.map { "\($0): " } ?? "") + $0.message }
        } catch {
            return ["\(error)"]
        }
    }

    @Test(arguments: [
        ("smtp://127.0.0.1:25", Relay.smtp(host: "127.0.0.1", port: 25, implicitTLS: false)),
        ("smtp://mail.example.com", Relay.smtp(host: "mail.example.com", port: 25, implicitTLS: false)),
        ("smtps://mail.example.com", Relay.smtp(host: "mail.example.com", port: 465, implicitTLS: true)),
        ("smtps://mail.example.com:4650/", Relay.smtp(host: "mail.example.com", port: 4650, implicitTLS: true)),
        ("smtp://[::1]:2525", Relay.smtp(host: "::1", port: 2525, implicitTLS: false)),
        ("sendmail:/usr/sbin/sendmail", Relay.sendmail(path: "/usr/sbin/sendmail")),
    ])
    func relayURLsParse(_ text: String, _ relay: Relay) {
        #expect(Relay(url: text) == relay)
    }

    @Test(arguments: [
        ("http://mail.example.com", "unknown scheme"),
        ("smtp://", "\"\" is not a host name"),
        ("smtp://mail.example.com:99999", "the port \"99999\" is not a number from 1 to 65535"),
        ("smtp://mail.example.com:smtp", "the port \"smtp\" is not a number"),
        ("smtp://user:secret@mail.example.com", "no user or password in the URL"),
        ("smtp://mail.example.com/path", "a relay URL has a host and a port only"),
        ("smtp://::1:25", "too many colons"),
        ("smtp://mail example.com", "is not a host name"),
        ("sendmail:sendmail", "must be an absolute path"),
        ("smtp://[::1", "closing ]"),
    ])
    func badRelayURLsAreExplained(_ text: String, _ reason: String) {
        #expect(Relay(url: text) == nil)
        #expect(Relay.problem(with: text)?.contains(reason) == true, "\(Relay.problem(with: text) ?? "nil")")
    }

    @Test func everyKeyHasADefaultButTheRelay() throws {
        let settings = try Self.settings("  relay: \"smtp://127.0.0.1:2525\"\n")
        #expect(
            settings
                == DeliverySettings(
                    relay: .smtp(host: "127.0.0.1", port: 2525, implicitTLS: false),
                    envelopeFrom: .init(address: "digest@koraal-hr.example")!))
        #expect(settings.connections == 4 && settings.retryForHours == 72 && settings.maxWaitSeconds == 60 && settings.retentionDays == 90)
        #expect(settings.rate == 0 && !settings.requireTLS && settings.username == nil)
        // --relay takes the place of the setting.
        #expect(
            try Self.settings("  relay: \"smtp://127.0.0.1:2525\"\n", relay: "sendmail:/usr/sbin/sendmail").relay
                == .sendmail(path: "/usr/sbin/sendmail"))
    }

    @Test func badValuesAreNamedWithTheirLine() {
        let problems = Self.problems(
            """
              relay: "smtp://mail.example.com:0"
              envelope_from: "not an address"
              connections: 0
              rate: fast
              require_tls: maybe
              retention_days: 0
              helo_name: "-bad-"
              colour: blue

            """)
        #expect(
            problems == [
                "4: delivery.relay \"smtp://mail.example.com:0\" is not a relay URL: the port \"0\" is not a number from 1 to 65535",
                "5: delivery.envelope_from \"not an address\" is not an address: write it like bounces@example.com",
                "6: \"connections\" is \"0\": expected a whole number from 1 to 64",
                "7: delivery.rate is \"fast\": expected messages per second from 0 to 100000",
                "8: \"require_tls\" is \"maybe\": expected true or false",
                "9: \"retention_days\" is \"0\": expected a whole number from 1 to 36500",
                "10: delivery.helo_name \"-bad-\" is not a host name: write it like mail.example.com",
                "11: unknown key \"colour\" in delivery: expected one of " + DeliverySettings.keys.joined(separator: ", "),
            ])
        let noRelay = Self.problems("  connections: 2\n")
        #expect(
            noRelay.count == 1 && noRelay[0].hasPrefix("4: no relay: set delivery.relay in ")
                && noRelay[0].hasSuffix(" (like smtp://127.0.0.1:25) or pass --relay URL"))
        #expect(
            Self.problems("  relay: \"smtp://127.0.0.1:25\"\n", relay: "smtp:/x") == [
                "\"smtp:/x\" is not a relay URL: unknown scheme (write it like smtp://127.0.0.1:25, smtps://mail.example.com:465 or sendmail:/usr/sbin/sendmail)"
            ])
    }

    @Test func thePasswordComesFromTheEnvironmentOrAFile() throws {
        let folder = ScratchFolder("gazette-password")
        let base = try Self.settings("  relay: \"smtp://127.0.0.1:25\"\n  username: gazette\n")
        let fromEnvironment = try SMTPCredentials.resolve(base, config: "gazette.yml", environment: ["GAZETTE_SMTP_PASSWORD": "s3cret"])
        #expect(fromEnvironment == SMTPCredentials(username: "gazette", password: "s3cret"))
        #expect(!"\(fromEnvironment!)".contains("s3cret"))
        // No password at all.
        #expect(
            throws: InputError(
                InputProblem(
                    path: "gazette.yml",
                    "delivery.username is \"gazette\" but there is no password: set GAZETTE_SMTP_PASSWORD or delivery.password_file"))
        ) {
            try SMTPCredentials.resolve(base, config: "gazette.yml", environment: [:])
        }
        // A file, its final line end dropped; it wins over the environment.
        folder.write("password", "from-file\n")
        var withFile = base
        withFile.passwordFile = folder.path + "/password"
        #expect(
            try SMTPCredentials.resolve(withFile, config: "gazette.yml", environment: ["GAZETTE_SMTP_PASSWORD": "env"])?.password
                == "from-file")
        // A file that is not there.
        withFile.passwordFile = folder.path + "/missing"
        #expect(
            throws: InputError(
                InputProblem(
                    path: folder.path + "/missing",
                    "cannot read the SMTP password file (delivery.password_file in gazette.yml): it does not exist or is not readable"))
        ) {
            try SMTPCredentials.resolve(withFile, config: "gazette.yml", environment: ["GAZETTE_SMTP_PASSWORD": "env"])
        }
        // AUTH PLAIN's initial response: NUL user NUL password (RFC 4616).
        #expect(SMTPCredentials(username: "gazette", password: "pw").plainResponse == "AGdhemV0dGUAcHc=")
    }

    @Test func retriesGrowAreCappedAndJittered() {
        let policy = RetryPolicy(first: 60, maximum: 3600, retryFor: 72 * 3600)
        var random = SeededGenerator(seed: 7)
        var previousBase = 0.0
        for attempts in 1...12 {
            let base = min(3600, 60 * pow(2, Double(attempts - 1)))
            let delays = (0..<50).map { _ in policy.delay(after: attempts, using: &random) }
            #expect(delays.allSatisfy { $0 >= base * 0.75 && $0 <= base * 1.25 })
            // Jittered: not all the same.
            #expect(Set(delays).count > 40)
            #expect(base >= previousBase)
            previousBase = base
        }
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect(policy.mayRetry(firstAttempt: start, at: start.addingTimeInterval(71 * 3600)))
        #expect(!policy.mayRetry(firstAttempt: start, at: start.addingTimeInterval(72 * 3600)))
    }
}
