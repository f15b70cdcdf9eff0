import Crypto
import Foundation
import _CryptoExtras

/// The two signing algorithms Gazette writes and checks (`a=` of a DKIM-Signature).
public enum DKIMAlgorithm: String, Sendable, Equatable, CaseIterable {
    case rsaSHA256 = "rsa-sha256"
    case ed25519SHA256 = "ed25519-sha256"

    /// `k=` of the key record, and the name used for it in messages and selectors.
    public var keyType: String {
        switch self {
        case .rsaSHA256: return "rsa"
        case .ed25519SHA256: return "ed25519"
        }
    }
}

/// The public half of a DKIM key: what the DNS record publishes (`v=DKIM1; k=…; p=…`) and what
/// checks a signature.
// The swift-crypto 3 key types are immutable values that it does not mark Sendable.
public struct DKIMPublicKey: @unchecked Sendable, Equatable {
    enum Material {
        case rsa(_RSA.Signing.PublicKey)
        case ed25519(Curve25519.Signing.PublicKey)
    }

    let material: Material
    public let algorithm: DKIMAlgorithm
    /// `p=`: the DER SubjectPublicKeyInfo of an RSA key, the 32 raw bytes of an Ed25519 key (RFC 8463 §4).
    public let data: [UInt8]

    init(rsa key: _RSA.Signing.PublicKey) {
        material = .rsa(key)
        algorithm = .rsaSHA256
        data = Array(key.derRepresentation)
    }

    init(ed25519 key: Curve25519.Signing.PublicKey) {
        material = .ed25519(key)
        algorithm = .ed25519SHA256
        data = Array(key.rawRepresentation)
    }

    public static func == (lhs: DKIMPublicKey, rhs: DKIMPublicKey) -> Bool {
        lhs.algorithm == rhs.algorithm && lhs.data == rhs.data
    }

    /// The key's size: the RSA modulus in bits, or 256 for Ed25519.
    public var bits: Int {
        switch material {
        case .rsa(let key): return key.keySizeInBits
        case .ed25519: return 256
        }
    }

    /// The TXT record's value: `v=DKIM1; k=rsa; p=<base64>` (RFC 6376 §3.6.1).
    public var record: String {
        "v=DKIM1; k=\(algorithm.keyType); p=" + Base64.encode(data)
    }

    /// The record to publish, in zone-file form: `<selector>._domainkey.<domain>. IN TXT "…" "…"`, the
    /// value split into quoted strings of at most 255 characters (one DNS character-string each;
    /// verifiers join them, RFC 6376 §3.6.2.2).
    public func zoneRecord(selector: String, domain: String) -> String {
        let value = Array(record.utf8)
        var strings: [String] = []
        var index = 0
        while index < value.count {
            strings.append("\"" + String(decoding: value[index..<min(index + 255, value.count)], as: UTF8.self) + "\"")
            index += 255
        }
        return "\(selector)._domainkey.\(domain.lowercased()). IN TXT " + strings.joined(separator: " ")
    }

    /// A key from a TXT record's value (`v=DKIM1; k=ed25519; p=…`); nil when it is not a usable key
    /// record (revoked, `p=` empty, another key type, a broken key). RSA keys of 1024 bits and more
    /// are read: checking other signers' mail is not Gazette's to refuse.
    public init?(record: String) {
        var tags: [String: String] = [:]
        for piece in record.split(separator: ";") {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingCharacters(in: .whitespacesAndNewlines)
            let value = piece[piece.index(after: equals)...].filter { !$0.isWhitespace }
            if tags[name] == nil { tags[name] = String(value) }
        }
        if let version = tags["v"], version != "DKIM1" { return nil }
        guard let p = tags["p"], !p.isEmpty, let data = Base64.decode(p) else { return nil }
        switch tags["k"] ?? "rsa" {
        case "rsa":
            guard let key = try? _RSA.Signing.PublicKey(unsafeDERRepresentation: data) else { return nil }
            self.init(rsa: key)
        case "ed25519":
            guard data.count == 32, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: data) else { return nil }
            self.init(ed25519: key)
        default:
            return nil
        }
    }

    /// Whether `signature` signs the SHA-256 `digest` of a signature's header data with this key.
    public func isValidSignature(_ signature: [UInt8], for digest: SHA256.Digest) -> Bool {
        switch material {
        case .rsa(let key):
            return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: digest, padding: .insecurePKCS1v1_5)
        case .ed25519(let key):
            return key.isValidSignature(signature, for: Array(digest))
        }
    }
}
