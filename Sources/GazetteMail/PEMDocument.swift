/// One PEM block (`-----BEGIN PRIVATE KEY-----` … `-----END PRIVATE KEY-----`): its label and the
/// DER bytes, and just enough DER reading to tell which algorithm a PKCS#8 key is for.
struct PEMDocument: Sendable {
    var label: String
    var der: [UInt8]

    /// The first PEM block of `text`; nil when there is none or its base64 is broken.
    init?(_ text: String) {
        var label: String?
        var body = ""
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = String(rawLine).trimmingSpaces()
            if let current = label {
                if line == "-----END \(current)-----" {
                    guard let der = Base64.decode(body), !der.isEmpty else { return nil }
                    self.label = current
                    self.der = der
                    return
                }
                // Headers of old encrypted PEM (`Proc-Type: 4,ENCRYPTED`) are not base64.
                if line.contains(":") { return nil }
                body += line
            } else if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") {
                label = String(line.dropFirst(11).dropLast(5))
            }
        }
        return nil
    }

    /// Whether `text` holds a PEM header line at all (to tell "not PEM" from "a broken PEM block").
    static func hasBeginLine(_ text: String) -> Bool {
        text.contains("-----BEGIN ")
    }

    // MARK: - DER

    /// One DER element: its tag and the range of its contents.
    struct Element {
        var tag: UInt8
        var contents: Range<Int>
        var end: Int { contents.upperBound }
    }

    /// The element that starts at `offset` in `der`, when its length fits.
    static func element(in der: [UInt8], at offset: Int) -> Element? {
        guard offset + 2 <= der.count else { return nil }
        let tag = der[offset]
        var length = Int(der[offset + 1])
        var start = offset + 2
        if length & 0x80 != 0 {
            let octets = length & 0x7F
            guard (1...3).contains(octets), start + octets <= der.count else { return nil }
            length = 0
            for index in start..<start + octets { length = length << 8 | Int(der[index]) }
            start += octets
        }
        guard start + length <= der.count else { return nil }
        return Element(tag: tag, contents: start..<start + length)
    }

    /// A PKCS#8 `PrivateKeyInfo`'s algorithm OID (the DER bytes of its value) and the contents of
    /// its `privateKey` OCTET STRING; nil when the DER is not shaped like one.
    static func pkcs8(_ der: [UInt8]) -> (algorithm: [UInt8], privateKey: [UInt8])? {
        guard let info = element(in: der, at: 0), info.tag == 0x30,
            let version = element(in: der, at: info.contents.lowerBound), version.tag == 0x02,
            let algorithm = element(in: der, at: version.end), algorithm.tag == 0x30,
            let oid = element(in: der, at: algorithm.contents.lowerBound), oid.tag == 0x06,
            let key = element(in: der, at: algorithm.end), key.tag == 0x04
        else { return nil }
        return (Array(der[oid.contents]), Array(der[key.contents]))
    }

    /// rsaEncryption, 1.2.840.113549.1.1.1.
    static let rsaOID: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]
    /// id-Ed25519, 1.3.101.112 (RFC 8410).
    static let ed25519OID: [UInt8] = [0x2B, 0x65, 0x70]
    /// id-ecPublicKey, 1.2.840.10045.2.1.
    static let ecOID: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]
    /// id-Ed448, 1.3.101.113.
    static let ed448OID: [UInt8] = [0x2B, 0x65, 0x71]

    /// A PKCS#8 Ed25519 key: the `PrivateKeyInfo` wrapping a 32-byte seed, as `openssl genpkey
    /// -algorithm ed25519` writes it (RFC 8410 §7).
    static func ed25519PKCS8(seed: [UInt8]) -> [UInt8] {
        [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20] + seed
    }

    /// `der` as a PEM block with `label`, base64 in lines of 64.
    static func pem(label: String, der: [UInt8]) -> String {
        let encoded = Array(Base64.encode(der).utf8)
        var text = "-----BEGIN \(label)-----\n"
        var index = 0
        while index < encoded.count {
            text += String(decoding: encoded[index..<min(index + 64, encoded.count)], as: UTF8.self) + "\n"
            index += 64
        }
        return text + "-----END \(label)-----\n"
    }
}
