import Foundation
import GazetteCore
import GazetteMail

/// The `delivery:` section of gazette.yml: where and how `gazette send` hands messages over. Every
/// key has a default except the relay (which `--relay` may give instead) and the envelope sender
/// (which defaults to the address of `digest.from`).
public struct DeliverySettings: Sendable, Equatable {
    public var relay: Relay
    /// Never send over an unencrypted connection (STARTTLS must be offered and succeed).
    public var requireTLS: Bool
    /// Set: AUTH PLAIN or LOGIN with this user (the password from `GAZETTE_SMTP_PASSWORD` or `passwordFile`).
    public var username: String?
    public var passwordFile: String?
    /// `MAIL FROM`: where bounces go.
    public var envelopeFrom: MailAddress
    /// At most this many connections at once (sendmail: programs at once).
    public var connections: Int
    /// Messages per second over all connections; 0: no limit.
    public var rate: Double
    /// A deferred message is retried this long after its first attempt, then failed.
    public var retryForHours: Double
    /// How long one run waits for deferred messages that come due before it exits 75.
    public var maxWaitSeconds: Int
    /// Delivery records (of folders that are done) older than this are removed at the start of a run.
    public var retentionDays: Int
    /// The first delay before a deferred message is retried; doubled after every attempt, up to
    /// `maxRetryDelaySeconds`, each with up to a quarter of random jitter either way.
    public var retryDelaySeconds: Int
    public var maxRetryDelaySeconds: Int
    /// How long to wait for each reply of the server (twice as long for the reply to the data, as
    /// RFC 5321 4.5.3.2 gives that one 10 minutes).
    public var timeoutSeconds: Int
    /// A Prometheus text file of the run's counts, for node_exporter's textfile collector.
    public var metricsFile: String?
    /// PEM file of the certificate authorities to trust for the relay's certificate instead of the
    /// system's (a relay with a private CA).
    public var caFile: String?
    /// The name given in EHLO; default: this machine's host name.
    public var heloName: String?
    /// `full`: every ledger commit is synced to disk, so that even a power loss cannot make a sent
    /// message look unsent (slower); `normal` (default): durable when the process is killed, and
    /// synced at the end of every run.
    public var syncEveryCommit: Bool
    /// A message is not sent before the moment of its `Date:` header (a digest is dated Monday at
    /// `digest.send_time` and written days earlier); until then it stays pending, held.
    public var holdUntilDate: Bool

    public static let keys = [
        "relay", "require_tls", "username", "password_file", "envelope_from", "connections", "rate", "retry_for_hours",
        "max_wait_seconds", "retention_days", "retry_delay_seconds", "max_retry_delay_seconds", "timeout_seconds", "metrics_file",
        "ca_file", "helo_name", "ledger_sync", "hold_until_date",
    ]

    public init(
        relay: Relay, envelopeFrom: MailAddress, requireTLS: Bool = false, username: String? = nil, passwordFile: String? = nil,
        connections: Int = 4, rate: Double = 0, retryForHours: Double = 72, maxWaitSeconds: Int = 60, retentionDays: Int = 90,
        retryDelaySeconds: Int = 60, maxRetryDelaySeconds: Int = 3600, timeoutSeconds: Int = 300, metricsFile: String? = nil,
        caFile: String? = nil, heloName: String? = nil, syncEveryCommit: Bool = false, holdUntilDate: Bool = true
    ) {
        self.relay = relay
        self.envelopeFrom = envelopeFrom
        self.requireTLS = requireTLS
        self.username = username
        self.passwordFile = passwordFile
        self.connections = connections
        self.rate = rate
        self.retryForHours = retryForHours
        self.maxWaitSeconds = maxWaitSeconds
        self.retentionDays = retentionDays
        self.retryDelaySeconds = retryDelaySeconds
        self.maxRetryDelaySeconds = maxRetryDelaySeconds
        self.timeoutSeconds = timeoutSeconds
        self.metricsFile = metricsFile
        self.caFile = caFile
        self.heloName = heloName
        self.syncEveryCommit = syncEveryCommit
        self.holdUntilDate = holdUntilDate
    }

    /// Reads and checks the section; `relayOverride` (`--relay`) takes the place of `delivery.relay`.
    /// Every problem names its line in gazette.yml; relative paths are taken from the working folder.
    public init(from file: SettingsFile, relayOverride: String? = nil) throws(InputError) {
        var problems = ProblemList()
        let map = file.root.map("delivery", in: &problems)
        map?.checkKeys(Self.keys, in: &problems, context: "delivery")
        func fail(_ key: String, _ message: String) { problems.add(file.path, line: map?.line(of: key) ?? 1, message) }
        func string(_ key: String) -> String? { map?.string(key, in: &problems) }
        func integer(_ key: String, _ range: ClosedRange<Int>, _ fallback: Int) -> Int {
            map?.integer(key, in: range, problems: &problems) ?? fallback
        }
        func decimal(_ key: String, _ range: ClosedRange<Double>, _ fallback: Double, unit: String) -> Double {
            guard let text = string(key) else { return fallback }
            guard let value = Double(text), value.isFinite, range.contains(value), !text.contains("e"), !text.contains("E") else {
                fail(
                    key,
                    "delivery.\(key) is \"\(text)\": expected \(unit) from \(Self.number(range.lowerBound)) to \(Self.number(range.upperBound))"
                )
                return fallback
            }
            return value
        }

        var relay: Relay?
        if let relayOverride {
            relay = Relay(url: relayOverride)
            if relay == nil {
                problems.add("--relay", "\"\(relayOverride)\" is not a relay URL: \(Relay.problem(with: relayOverride) ?? "")")
            }
        } else if let text = string("relay") {
            relay = Relay(url: text)
            if relay == nil { fail("relay", "delivery.relay \"\(text)\" is not a relay URL: \(Relay.problem(with: text) ?? "")") }
        } else {
            problems.add(
                file.path, line: map?.line ?? 1,
                "no relay: set delivery.relay in \(file.path) (like smtp://127.0.0.1:25) or pass --relay URL")
        }
        let requireTLS = map?.boolean("require_tls", in: &problems) ?? false
        let username = string("username")
        if let username, username.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            fail("username", "delivery.username holds a control character")
        }
        let passwordFile = string("password_file")
        var envelopeFrom: MailAddress?
        if let text = string("envelope_from") {
            envelopeFrom = MailAddress(address: text)
            if envelopeFrom == nil {
                fail("envelope_from", "delivery.envelope_from \"\(text)\" is not an address: write it like bounces@example.com")
            }
        } else {
            // The digest's sender, when there is one.
            var ignored = ProblemList()
            if let from = file.root.map("digest", in: &ignored)?.string("from", in: &ignored), let address = MailAddress.parse(from) {
                envelopeFrom = MailAddress(address: address.address)
            } else {
                problems.add(file.path, line: map?.line ?? 1, "no envelope sender: set delivery.envelope_from (like bounces@example.com)")
            }
        }
        let connections = integer("connections", 1...64, 4)
        let rate = decimal("rate", 0...100_000, 0, unit: "messages per second")
        let retryForHours = decimal("retry_for_hours", 0...8760, 72, unit: "hours")
        let maxWait = integer("max_wait_seconds", 0...86_400, 60)
        let retention = integer("retention_days", 1...36_500, 90)
        let retryDelay = integer("retry_delay_seconds", 1...86_400, 60)
        let maxRetryDelay = integer("max_retry_delay_seconds", 1...604_800, max(3600, retryDelay))
        if maxRetryDelay < retryDelay {
            fail(
                "max_retry_delay_seconds",
                "delivery.max_retry_delay_seconds (\(maxRetryDelay)) is less than delivery.retry_delay_seconds (\(retryDelay))")
        }
        let timeout = integer("timeout_seconds", 1...3600, 300)
        let metricsFile = string("metrics_file")
        if let metricsFile, metricsFile.hasSuffix("/") {
            fail(
                "metrics_file",
                "delivery.metrics_file \"\(metricsFile)\" is a folder: name a file, like /var/lib/node_exporter/textfile/gazette_send.prom")
        }
        let caFile = string("ca_file")
        let heloName = string("helo_name")
        if let heloName, !Self.isHostName(heloName) {
            fail("helo_name", "delivery.helo_name \"\(heloName)\" is not a host name: write it like mail.example.com")
        }
        let hold = map?.boolean("hold_until_date", in: &problems) ?? true
        let sync = string("ledger_sync") ?? "normal"
        if sync != "normal", sync != "full" { fail("ledger_sync", "delivery.ledger_sync is \"\(sync)\": expected normal or full") }
        try problems.check()
        self.init(
            relay: relay!, envelopeFrom: envelopeFrom!, requireTLS: requireTLS, username: username, passwordFile: passwordFile,
            connections: connections, rate: rate, retryForHours: retryForHours, maxWaitSeconds: maxWait, retentionDays: retention,
            retryDelaySeconds: retryDelay, maxRetryDelaySeconds: maxRetryDelay, timeoutSeconds: timeout, metricsFile: metricsFile,
            caFile: caFile, heloName: heloName, syncEveryCommit: sync == "full", holdUntilDate: hold)
    }

    /// Letters, digits, hyphens and dots, as EHLO takes a domain (RFC 5321 4.1.2).
    static func isHostName(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return text.utf8.count <= 253
            && labels.allSatisfy { label in
                !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.utf8.allSatisfy {
                        (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D
                    }
            }
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
