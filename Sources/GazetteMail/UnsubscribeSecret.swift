import Crypto
import Foundation
import GazetteCore

/// The secret that signs unsubscribe tokens: from `--secret-file` or the environment variable
/// `GAZETTE_SECRET`, at least 32 bytes. It is only ever held in memory, never written anywhere.
// SymmetricKey is an immutable value that swift-crypto 3 does not mark Sendable.
public struct UnsubscribeSecret: @unchecked Sendable {
    let key: SymmetricKey

    /// The fewest bytes a secret may have (the HMAC-SHA256 key size).
    public static let minimumLength = 32
    public static let environmentVariable = "GAZETTE_SECRET"

    /// A secret from its bytes; nil when it is shorter than `minimumLength`.
    public init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count >= Self.minimumLength else { return nil }
        key = SymmetricKey(data: Array(bytes))
        var signer = HMAC<SHA256>(key: key)
        signer.update(data: UnsubscribeToken.purpose)
        tokenSigner = signer
    }

    /// HMAC-SHA256 with this key and the token purpose label already absorbed: each token copies it
    /// (the hash states are copied on write) instead of setting up the key again.
    let tokenSigner: HMAC<SHA256>

    /// The secret of a run: the file when `file` is given, else `GAZETTE_SECRET`; from either, without
    /// its final line ends (`echo` and editors add one to a file, `$(cat file)` drops it from a
    /// variable: the same secret signs the same tokens both ways). A missing or short secret is an
    /// input problem (exit 2).
    public static func resolve(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(InputError) -> UnsubscribeSecret
    {
        let howTo = "make one with: head -c 32 /dev/urandom | base64"
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw InputError(InputProblem(path: file, "cannot read the secret file: it does not exist or is not readable"))
            }
            let bytes = withoutLineEnds([UInt8](data))
            guard let secret = UnsubscribeSecret(bytes) else {
                throw InputError(
                    InputProblem(
                        path: file,
                        "the secret is \(bytes.count) bytes; it needs at least \(minimumLength) (\(howTo))"))
            }
            return secret
        }
        guard let value = environment[environmentVariable], !value.isEmpty else {
            throw InputError(
                InputProblem(
                    path: environmentVariable,
                    "no unsubscribe secret: set \(environmentVariable) (at least \(minimumLength) bytes) or pass --secret-file PATH (\(howTo))"
                ))
        }
        let bytes = withoutLineEnds(Array(value.utf8))
        guard let secret = UnsubscribeSecret(bytes) else {
            throw InputError(
                InputProblem(
                    path: environmentVariable,
                    "the secret is \(bytes.count) bytes; it needs at least \(minimumLength) (\(howTo))"))
        }
        return secret
    }

    /// `bytes` without the CR and LF at its end.
    static func withoutLineEnds(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        return bytes
    }
}
