import Foundation
import GazetteCore

/// The user and password for SMTP AUTH: the user from `delivery.username`, the password from
/// `delivery.password_file` when set, else from `GAZETTE_SMTP_PASSWORD`. Held in memory only; never
/// written to the ledger, the metrics or any message.
public struct SMTPCredentials: Sendable, Equatable, CustomStringConvertible {
    public let username: String
    let password: String

    public static let environmentVariable = "GAZETTE_SMTP_PASSWORD"

    init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// nil when no user is set. A user without a password (or a password file that cannot be read)
    /// is an input problem, so that nothing is sent with the wrong account.
    public static func resolve(_ settings: DeliverySettings, config: String, environment: [String: String]) throws(InputError)
        -> SMTPCredentials?
    {
        guard let username = settings.username else { return nil }
        if case .sendmail = settings.relay {
            throw InputError(
                InputProblem(
                    path: config,
                    "delivery.username is set but the relay is sendmail, which takes no password: remove delivery.username or use an smtp:// relay"
                ))
        }
        if let file = settings.passwordFile {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw InputError(
                    InputProblem(
                        path: file,
                        "cannot read the SMTP password file (delivery.password_file in \(config)): it does not exist or is not readable"))
            }
            var bytes = [UInt8](data)
            while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
            guard !bytes.isEmpty, let password = String(validating: bytes, as: UTF8.self) else {
                throw InputError(InputProblem(path: file, "the SMTP password file is empty or not UTF-8 text"))
            }
            return SMTPCredentials(username: username, password: password)
        }
        guard let password = environment[environmentVariable], !password.isEmpty else {
            throw InputError(
                InputProblem(
                    path: config,
                    "delivery.username is \"\(username)\" but there is no password: set \(environmentVariable) or delivery.password_file"))
        }
        return SMTPCredentials(username: username, password: password)
    }

    /// Never the password.
    public var description: String { "SMTPCredentials(\(username))" }

    /// `AUTH PLAIN`'s initial response (RFC 4616): NUL, user, NUL, password, in base64.
    var plainResponse: String {
        Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
    }
}
