import Crypto

/// The signed part of an unsubscribe link: which company's employee asks to stop the digest.
///
/// Written as URL-safe base64 without padding of
/// `version(1) · len(key id) · key id · len(company) · company · len(employee) · employee · HMAC(32)`,
/// where the HMAC-SHA256 covers a purpose label and every field before it. The purpose label keeps a
/// MAC made for unsubscribing from ever being valid for anything else signed with the same secret; the
/// key id names the secret, so a later key can be told apart from this one. Tokens never expire.
public struct UnsubscribeToken: Equatable, Hashable, Sendable {
    public var keyID: String
    public var company: String
    public var employee: String

    public init(keyID: String, company: String, employee: String) {
        self.keyID = keyID
        self.company = company
        self.employee = employee
    }

    static let version: UInt8 = 1
    static let purpose = Array("gazette/digest-unsubscribe/v1".utf8)
    static let macLength = 32

    /// The token text, signed with `secret`. Each field must be at most 255 UTF-8 bytes (ids are
    /// checked to be far shorter when the export is loaded).
    public func signed(with secret: UnsubscribeSecret) -> String {
        let payload = self.payload
        var signer = secret.tokenSigner
        signer.update(data: payload)
        return Base64.encodeURLSafe(payload + Array(signer.finalize()))
    }

    var payload: [UInt8] {
        var bytes: [UInt8] = [Self.version]
        for field in [keyID, company, employee] {
            let utf8 = Array(field.utf8)
            precondition(utf8.count <= 255, "token field longer than 255 bytes")
            bytes.append(UInt8(utf8.count))
            bytes.append(contentsOf: utf8)
        }
        return bytes
    }

    /// Why a token is not valid; `description` says it for a person.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// Nothing in the text looks like a token.
        case notFound
        /// Looks like a token but does not decode into one.
        case malformed
        /// A version this Gazette does not know.
        case unknownVersion(UInt8)
        /// The signature does not match: altered, or made with another secret.
        case badSignature(UnsubscribeToken)

        public var description: String {
            switch self {
            case .notFound: return "no unsubscribe token found: pass the link from an email or the token in it"
            case .malformed: return "not a valid unsubscribe token: it is cut short or altered"
            case .unknownVersion(let version): return "unsubscribe token version \(version) is not known to this Gazette"
            case .badSignature(let token):
                return "the signature does not match (token for company \"\(token.company)\", employee \"\(token.employee)\", "
                    + "key \"\(token.keyID)\"): the token was altered or was made with another secret"
            }
        }
    }

    /// Decodes and verifies `token` (the token alone) in constant time against `secret`.
    public static func verify(_ token: String, secret: UnsubscribeSecret) -> Result<UnsubscribeToken, Problem> {
        guard let bytes = Base64.decodeURLSafe(token), bytes.count > macLength else { return .failure(.malformed) }
        let payload = Array(bytes.dropLast(macLength))
        let mac = Array(bytes.suffix(macLength))
        guard let first = payload.first else { return .failure(.malformed) }
        guard first == version else { return .failure(.unknownVersion(first)) }
        guard let decoded = decode(payload) else { return .failure(.malformed) }
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: purpose + payload, using: secret.key) else {
            return .failure(.badSignature(decoded))
        }
        return .success(decoded)
    }

    /// Finds the token in an unsubscribe link (https or mailto) or takes `text` as the token itself,
    /// then verifies it. A link is searched for the one run of base64url characters that decodes into a
    /// token (the URL's other words, like `unsubscribe`, do not).
    public static func verify(linkOrToken text: String, secret: UnsubscribeSecret) -> Result<UnsubscribeToken, Problem> {
        let decoded = text.removingPercentEncoding()
        var runs: [Substring] = []
        var start: String.Index?
        for index in decoded.indices {
            let isTokenCharacter =
                decoded[index].isASCII
                && (decoded[index].isLetter || decoded[index].isNumber || decoded[index] == "-" || decoded[index] == "_")
            if isTokenCharacter {
                if start == nil { start = index }
            } else if let begin = start {
                runs.append(decoded[begin..<index])
                start = nil
            }
        }
        if let begin = start { runs.append(decoded[begin...]) }
        let candidates = runs.filter { run in
            guard let bytes = Base64.decodeURLSafe(run), bytes.count > macLength, bytes.first == version else { return false }
            return decode(Array(bytes.dropLast(macLength))) != nil
        }
        if let candidate = candidates.last { return verify(String(candidate), secret: secret) }
        // Nothing decodes: report the longest run that could have been a token as damaged.
        if let longest = runs.max(by: { $0.count < $1.count }), longest.count >= 40 || runs.count == 1 {
            return verify(String(longest), secret: secret)
        }
        return .failure(.notFound)
    }

    /// Reads the length-prefixed fields; nil unless they fill the payload exactly.
    static func decode(_ payload: [UInt8]) -> UnsubscribeToken? {
        var fields: [String] = []
        var index = 1
        for _ in 0..<3 {
            guard index < payload.count else { return nil }
            let length = Int(payload[index])
            index += 1
            guard length > 0, index + length <= payload.count,
                let field = String(validating: payload[index..<(index + length)], as: UTF8.self)
            else { return nil }
            fields.append(field)
            index += length
        }
        guard index == payload.count else { return nil }
        return UnsubscribeToken(keyID: fields[0], company: fields[1], employee: fields[2])
    }
}

extension String {
    /// `%XX` escapes decoded where they form valid UTF-8; the text unchanged where they do not.
    func removingPercentEncoding() -> String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        let utf8 = Array(self.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
                let value = UInt8(String(decoding: utf8[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? self
    }
}
