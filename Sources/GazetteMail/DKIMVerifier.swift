import Crypto
import Foundation

/// Checks the DKIM signatures of a message (RFC 6376 §6, Ed25519 by RFC 8463) with public keys the
/// caller supplies (Gazette's own keys, or a record's text): what the sender-rules check and the
/// preview use to say whether a message verifies. No DNS is looked up.
public enum DKIMVerifier {
    /// The outcome for one `DKIM-Signature` field.
    public struct Outcome: Sendable, Equatable {
        /// `d=`, `s=` and `a=` as written (lowercased), empty when missing.
        public var domain: String
        public var selector: String
        public var algorithm: String
        /// `h=`, lowercased, in order.
        public var signedFields: [String]
        /// nil when the signature verifies; else why not.
        public var failure: String?

        public var verifies: Bool { failure == nil }
    }

    /// Every signature of `message`, top to bottom, checked with the key `key(domain, selector)`
    /// gives (nil: no key is known for it).
    public static func verify(_ message: [UInt8], key: (_ domain: String, _ selector: String) -> DKIMPublicKey?) -> [Outcome] {
        verify(message, header: RawHeader(message), key: key)
    }

    /// The same, with the message's header already read.
    static func verify(_ message: [UInt8], header: RawHeader, key: (_ domain: String, _ selector: String) -> DKIMPublicKey?) -> [Outcome] {
        message.withUnsafeBufferPointer { bytes in
            let body = UnsafeBufferPointer(rebasing: bytes[header.bodyStart...])
            var bodyHashes: [DKIMCanonicalization: SHA256.Digest] = [:]
            return header.fields.enumerated().compactMap { index, field -> Outcome? in
                guard field.lowercasedName == "dkim-signature" else { return nil }
                return check(index, of: header, in: bytes, body: body, bodyHashes: &bodyHashes, key: key)
            }
        }
    }

    static func check(
        _ position: Int, of header: RawHeader, in bytes: UnsafeBufferPointer<UInt8>, body: UnsafeBufferPointer<UInt8>,
        bodyHashes: inout [DKIMCanonicalization: SHA256.Digest], key: (String, String) -> DKIMPublicKey?
    ) -> Outcome {
        let field = header.fields[position]
        let tags = Self.tags(RawHeader.value(of: field, in: bytes))
        let names = (tags.values["h"] ?? "").split(separator: ":").map { RawHeader.lowercased(String($0)) }
        var outcome = Outcome(
            domain: (tags.values["d"] ?? "").lowercased(), selector: (tags.values["s"] ?? "").lowercased(),
            algorithm: (tags.values["a"] ?? "").lowercased(), signedFields: names, failure: nil)
        func fail(_ reason: String) -> Outcome {
            outcome.failure = reason
            return outcome
        }
        if let duplicate = tags.duplicate { return fail("the tag \(duplicate)= appears twice") }
        guard tags.values["v"] == "1" else { return fail("v= is not 1") }
        for tag in ["a", "b", "bh", "d", "h", "s"] where (tags.values[tag] ?? "").isEmpty {
            return fail("the required tag \(tag)= is missing")
        }
        guard let algorithm = DKIMAlgorithm(rawValue: outcome.algorithm) else {
            return fail("a=\(outcome.algorithm) is not rsa-sha256 or ed25519-sha256")
        }
        let canonicalization = (tags.values["c"] ?? "simple/simple").lowercased().split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(canonicalization.count), let headerForm = DKIMCanonicalization(rawValue: String(canonicalization[0])),
            let bodyForm = DKIMCanonicalization(rawValue: canonicalization.count == 2 ? String(canonicalization[1]) : "simple")
        else { return fail("c=\(tags.values["c"] ?? "") is not a canonicalization") }
        if tags.values["l"] != nil { return fail("l= limits the signed body: anything may be appended after it") }
        guard names.contains("from") else { return fail("h= does not include From (RFC 6376 §5.4 requires it)") }

        if bodyHashes[bodyForm] == nil { bodyHashes[bodyForm] = bodyForm.bodyHash(body) }
        guard let expected = Base64.decode(tags.values["bh"]!), Array(bodyHashes[bodyForm]!) == expected else {
            return fail("the body hash (bh=) does not match: the body changed after signing")
        }
        guard let publicKey = key(outcome.domain, outcome.selector) else {
            return fail("no key is known for s=\(outcome.selector) d=\(outcome.domain)")
        }
        guard publicKey.algorithm == algorithm else {
            return fail(
                "the key for s=\(outcome.selector) is an \(publicKey.algorithm.keyType) key, the signature is \(algorithm.rawValue)")
        }
        guard let signature = Base64.decode(tags.values["b"]!) else { return fail("b= is not base64") }
        let digest = headerHash(signature: position, of: header, in: bytes, names: names, form: headerForm)
        guard publicKey.isValidSignature(signature, for: digest) else {
            return fail(
                "the signature (b=) does not verify with the \(algorithm.keyType) key for s=\(outcome.selector): a signed field changed, or the key is another"
            )
        }
        return outcome
    }

    /// What the signature field at `position` signs (RFC 6376 §3.7): the fields `names` selects, each
    /// canonical and ending in CRLF, then the signature field itself with its `b=` value removed,
    /// canonical and without a CRLF; hashed with SHA-256.
    static func headerHash(
        signature position: Int, of header: RawHeader, in bytes: UnsafeBufferPointer<UInt8>, names: [String], form: DKIMCanonicalization
    ) -> SHA256.Digest {
        let field = header.fields[position]
        var hash = SHA256()
        var others = header
        others.fields.remove(at: position)
        for selected in select(names, from: others) {
            hash.update(data: form.header(UnsafeBufferPointer(rebasing: bytes[selected.range])))
            hash.update(data: DKIMCanonicalization.crlf)
        }
        let unsigned = withoutSignature(Array(bytes[field.range]), valueStart: field.valueStart - field.range.lowerBound)
        hash.update(data: unsigned.withUnsafeBufferPointer { form.header($0) })
        return hash.finalize()
    }

    /// The fields `names` selects, in its order: for each name the lowest instance not yet taken
    /// (RFC 6376 §5.4.2); a name with no instance left selects nothing (oversigning).
    static func select(_ names: [String], from header: RawHeader) -> [RawHeader.Field] {
        var taken: [String: Int] = [:]
        var selected: [RawHeader.Field] = []
        for name in names {
            let instances = header.fields.filter { $0.lowercasedName == name }
            let used = taken[name, default: 0]
            if used < instances.count { selected.append(instances[instances.count - 1 - used]) }
            taken[name] = used + 1
        }
        return selected
    }

    /// A tag list (`v=1; a=rsa-sha256; …`): values with their white space removed for `b`, `bh` and
    /// `h` (they may be folded), trimmed for the others; the first tag named twice. Read on bytes:
    /// the batch reads two of these per message.
    static func tags(_ value: String) -> (values: [String: String], duplicate: String?) {
        var values: [String: String] = [:]
        var duplicate: String?
        var value = value
        value.withUTF8 { bytes in
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
            func trimmed(_ range: Range<Int>) -> Range<Int> {
                var (start, end) = (range.lowerBound, range.upperBound)
                while start < end, isSpace(bytes[start]) { start += 1 }
                while end > start, isSpace(bytes[end - 1]) { end -= 1 }
                return start..<end
            }
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: ";") { end += 1 }
                if let equals = (start..<end).first(where: { bytes[$0] == UInt8(ascii: "=") }) {
                    let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[trimmed(start..<equals)]), as: UTF8.self)
                    let text: String
                    if name == "b" || name == "bh" || name == "h" {
                        text = String(decoding: bytes[(equals + 1)..<end].filter { !isSpace($0) }, as: UTF8.self)
                    } else {
                        text = String(decoding: UnsafeBufferPointer(rebasing: bytes[trimmed((equals + 1)..<end)]), as: UTF8.self)
                    }
                    if values[name] != nil {
                        if duplicate == nil { duplicate = name }
                    } else {
                        values[name] = text
                    }
                }
                start = end + 1
            }
        }
        return (values, duplicate)
    }

    /// The signature field with the value of its `b=` tag removed (RFC 6376 §3.5: "treated as the
    /// empty string"), as it was hashed.
    static func withoutSignature(_ field: [UInt8], valueStart: Int) -> [UInt8] {
        var index = valueStart
        while index < field.count {
            var end = index
            while end < field.count, field[end] != UInt8(ascii: ";") { end += 1 }
            if let equals = field[index..<end].firstIndex(of: UInt8(ascii: "=")) {
                let name = field[index..<equals].filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }
                if name == [UInt8(ascii: "b")] {
                    return Array(field[..<(equals + 1)]) + Array(field[end...])
                }
            }
            index = end + 1
        }
        return field
    }
}
