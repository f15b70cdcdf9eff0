import Foundation
import GazetteCore
import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#endif

/// Makes the transport the settings name, checking what can be checked before anything is sent: the
/// sendmail program exists, the CA file is PEM, TLS can be set up.
enum DeliveryTransport {
    static func make(_ settings: DeliverySettings, credentials: SMTPCredentials?, config: String) throws(InputError) -> any Transport {
        switch settings.relay {
        case .sendmail(let path):
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw InputError(
                    InputProblem(
                        path: config,
                        "delivery.relay is sendmail:\(path), but there is no program there: install the MTA (postfix, exim4) or fix the path"
                    ))
            }
            return SendmailTransport(program: path, envelopeFrom: settings.envelopeFrom.address, connections: settings.connections)
        case .smtp(let host, let port, let implicitTLS):
            let tls = try tlsContext(caFile: settings.caFile, config: config)
            let session = SMTPSessionSettings(
                host: host, port: port, implicitTLS: implicitTLS, requireTLS: settings.requireTLS, loopback: settings.relay.isLoopback,
                heloName: settings.heloName ?? localHostName(), envelopeFrom: settings.envelopeFrom.address, credentials: credentials,
                tls: tls, timeout: .seconds(Int64(settings.timeoutSeconds)))
            return SMTPTransport(settings: session, connections: settings.connections, group: MultiThreadedEventLoopGroup.singleton)
        }
    }

    /// Certificates are verified (chain and name) against the system's CAs, or only those of `caFile`.
    static func tlsContext(caFile: String?, config: String) throws(InputError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .fullVerification
        configuration.minimumTLSVersion = .tlsv12
        if let caFile {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw InputError(
                    InputProblem(
                        path: caFile, "cannot read the CA file (delivery.ca_file in \(config)): it does not exist or is not readable"))
            }
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(caFile)
            } catch {
                throw InputError(InputProblem(path: caFile, "not a PEM file of certificates (delivery.ca_file in \(config)): \(error)"))
            }
            guard !certificates.isEmpty else {
                throw InputError(
                    InputProblem(path: caFile, "holds no certificate (delivery.ca_file in \(config)): expected -----BEGIN CERTIFICATE-----")
                )
            }
            configuration.trustRoots = .certificates(certificates)
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw InputError(InputProblem(path: caFile ?? config, "cannot set up TLS: \(error)"))
        }
    }

    /// This machine's name for EHLO, when it is a usable domain; else `localhost`.
    static func localHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return DeliverySettings.isHostName(name) ? name : "localhost"
    }
}
