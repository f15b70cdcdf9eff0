import Crypto
import Foundation
import _CryptoExtras

/// A private key that signs DKIM signatures: RSA of 2048 bits or more (`rsa-sha256`, RFC 6376 and
/// RFC 8301) or Ed25519 (`ed25519-sha256`, RFC 8463), read from a PEM file (PKCS#1
/// `RSA PRIVATE KEY`, or PKCS#8 `PRIVATE KEY` as `openssl genpkey` writes both).
///
/// It is only ever held in memory: nothing writes it anywhere, and its descriptions name the file it
/// came from, never its bytes.
// The swift-crypto 3 key types are immutable values that it does not mark Sendable.
public struct DKIMKey: @unchecked Sendable, CustomStringConvertible {
    enum Material {
        case rsa(_RSA.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
    }

    let material: Material
    /// Where the key was read from (its path), for messages.
    public let source: String
    /// The public half, for the DNS record and for checking signatures.
    public let publicKey: DKIMPublicKey

    /// RFC 8301 §3.2 allows 1024; Gmail and Yahoo ask for 2048 and more, and so does Gazette.
    public static let minimumRSABits = 2048

    public var algorithm: DKIMAlgorithm { publicKey.algorithm }

    /// The key's size: the RSA modulus, or 256 for Ed25519.
    public var bits: Int { publicKey.bits }

    public var description: String { "\(algorithm.keyType) key \(source)" }

    init(material: Material, source: String) {
        self.material = material
        self.source = source
        switch material {
        case .rsa(let key): publicKey = DKIMPublicKey(rsa: key.publicKey)
        case .ed25519(let key): publicKey = DKIMPublicKey(ed25519: key.publicKey)
        }
    }

    /// An Ed25519 key from its 32-byte seed (tests, and the RFC 8463 example key).
    public init(ed25519Seed seed: [UInt8], source: String) throws(DKIMKeyError) {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw DKIMKeyError("is not an Ed25519 seed: one has 32 bytes, not \(seed.count)")
        }
        self.init(material: .ed25519(key), source: source)
    }

    /// Reads the key in the PEM file at `path`.
    public static func read(_ path: String) throws(DKIMKeyError) -> DKIMKey {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DKIMKeyError("cannot be read: it does not exist")
        }
        guard !isDirectory.boolValue else { throw DKIMKeyError("is a folder, not a key file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DKIMKeyError("cannot be read: permission denied (it must be readable by the user who runs gazette)")
        }
        return try DKIMKey(pem: String(decoding: data, as: UTF8.self), source: path)
    }

    static let howToMake =
        "make one with: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out dkim-rsa.pem, "
        + "or openssl genpkey -algorithm ed25519 -out dkim-ed25519.pem"

    /// The key in the first PEM block of `text`.
    public init(pem text: String, source: String) throws(DKIMKeyError) {
        guard let document = PEMDocument(text) else {
            if PEMDocument.hasBeginLine(text) {
                throw DKIMKeyError("has a broken PEM block (no END line, or damaged base64): make the key again")
            }
            throw DKIMKeyError("is not a PEM private key (no -----BEGIN ... PRIVATE KEY----- line): \(Self.howToMake)")
        }
        switch document.label {
        case "RSA PRIVATE KEY":
            try self.init(rsaDER: document.der, source: source)
        case "PRIVATE KEY":
            guard let info = PEMDocument.pkcs8(document.der) else {
                throw DKIMKeyError("is not a PKCS#8 private key (its DER is not a PrivateKeyInfo): make the key again")
            }
            switch info.algorithm {
            case PEMDocument.rsaOID:
                try self.init(rsaDER: document.der, source: source)
            case PEMDocument.ed25519OID:
                // The privateKey OCTET STRING holds a CurvePrivateKey: another OCTET STRING, the seed.
                guard info.privateKey.count == 34, info.privateKey[0] == 0x04, info.privateKey[1] == 0x20 else {
                    throw DKIMKeyError("is an Ed25519 key of an unexpected shape: make it again with openssl genpkey -algorithm ed25519")
                }
                try self.init(ed25519Seed: Array(info.privateKey[2...]), source: source)
            case PEMDocument.ecOID:
                throw DKIMKeyError("is an EC (ECDSA) key: DKIM signs with RSA or Ed25519 only (\(Self.howToMake))")
            case PEMDocument.ed448OID:
                throw DKIMKeyError("is an Ed448 key: DKIM signs with RSA or Ed25519 only (\(Self.howToMake))")
            default:
                throw DKIMKeyError("is a private key of an algorithm DKIM does not sign with: use RSA or Ed25519 (\(Self.howToMake))")
            }
        case "ENCRYPTED PRIVATE KEY":
            throw DKIMKeyError(
                "is encrypted with a passphrase: Gazette reads keys without one (decrypt it with openssl pkey -in KEY -out KEY.pem, and keep that file readable only by gazette)"
            )
        case "PUBLIC KEY", "RSA PUBLIC KEY":
            throw DKIMKeyError(
                "is a public key: signing needs the private key (the public one goes into DNS: gazette dkim-record --key PRIVATE-KEY)")
        case "EC PRIVATE KEY":
            throw DKIMKeyError("is an EC (ECDSA) key: DKIM signs with RSA or Ed25519 only (\(Self.howToMake))")
        case "OPENSSH PRIVATE KEY":
            throw DKIMKeyError("is an OpenSSH key: Gazette reads PEM keys (\(Self.howToMake))")
        case "CERTIFICATE":
            throw DKIMKeyError("is a certificate, not a private key (\(Self.howToMake))")
        default:
            throw DKIMKeyError("holds a PEM block \"\(document.label)\", not a private key (\(Self.howToMake))")
        }
    }

    private init(rsaDER der: [UInt8], source: String) throws(DKIMKeyError) {
        let key: _RSA.Signing.PrivateKey
        do {
            // The "unsafe" initialiser reads keys down to 1024 bits, so that a small key gets its own message.
            key = try _RSA.Signing.PrivateKey(unsafeDERRepresentation: der)
        } catch CryptoKitError.incorrectParameterSize {
            throw DKIMKeyError("is an RSA key of fewer than 1024 bits: DKIM needs 2048 or more (\(Self.howToMake))")
        } catch {
            throw DKIMKeyError("is not a readable RSA private key (\(error)): make the key again")
        }
        guard key.keySizeInBits >= Self.minimumRSABits else {
            throw DKIMKeyError(
                "is an RSA key of \(key.keySizeInBits) bits: DKIM needs \(Self.minimumRSABits) or more (Gmail and Yahoo ignore smaller ones; \(Self.howToMake))"
            )
        }
        self.init(material: .rsa(key), source: source)
    }

    /// Signs the SHA-256 `digest` of a signature's header data: RSASSA-PKCS1-v1_5 (RFC 6376 §3.3.1),
    /// or Ed25519 over the digest's 32 bytes (RFC 8463 §3: PureEdDSA of the SHA-256 hash).
    func signature(for digest: SHA256.Digest) throws(DKIMKeyError) -> [UInt8] {
        do {
            switch material {
            case .rsa(let key): return Array(try key.signature(for: digest, padding: .insecurePKCS1v1_5).rawRepresentation)
            case .ed25519(let key): return Array(try key.signature(for: Array(digest)))
            }
        } catch {
            throw DKIMKeyError("cannot sign (\(error)): check it with openssl pkey -check -noout -in \(source)")
        }
    }

    /// The key as a PKCS#8 PEM (`openssl genpkey` form), for tests that write throwaway keys to files
    /// (package access: no part of Gazette writes a key).
    package var pkcs8PEM: String {
        switch material {
        case .rsa(let key): return key.pkcs8PEMRepresentation
        case .ed25519(let key):
            return PEMDocument.pem(label: "PRIVATE KEY", der: PEMDocument.ed25519PKCS8(seed: Array(key.rawRepresentation)))
        }
    }

    /// A new random key (tests make throwaway keys with it).
    package static func generate(_ algorithm: DKIMAlgorithm, source: String = "generated") throws -> DKIMKey {
        switch algorithm {
        case .rsaSHA256: return DKIMKey(material: .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048)), source: source)
        case .ed25519SHA256: return DKIMKey(material: .ed25519(Curve25519.Signing.PrivateKey()), source: source)
        }
    }
}

/// What is wrong with a key file, without its path (the caller says where it came from).
public struct DKIMKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
