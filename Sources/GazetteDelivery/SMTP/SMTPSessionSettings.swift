import NIOCore
import NIOSSL

/// What a connection needs to know: the relay, names, credentials, TLS and timeouts.
struct SMTPSessionSettings: Sendable {
    var host: String
    var port: Int
    var implicitTLS: Bool
    var requireTLS: Bool
    /// The relay is on this machine: AUTH may go without TLS.
    var loopback: Bool
    var heloName: String
    var envelopeFrom: String
    var credentials: SMTPCredentials?
    /// Verifies the relay's certificate (the system's CAs, or `delivery.ca_file`'s).
    var tls: NIOSSLContext
    var timeout: TimeAmount

    /// SNI and the name the certificate must carry; nil for an IP address (then the certificate
    /// must name that address).
    var serverHostname: String? {
        host.contains(":") || host.split(separator: ".").allSatisfy({ Int($0) != nil }) ? nil : host
    }
}
