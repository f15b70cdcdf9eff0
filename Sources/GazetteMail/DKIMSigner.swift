import Crypto

/// Signs finished messages with DKIM (RFC 6376; Ed25519 by RFC 8463): one `DKIM-Signature` per key,
/// put above the message's own fields.
///
/// `relaxed/relaxed`, the body hash over the whole canonical body (no `l=`, so nothing can be
/// appended), `t=` from the message's own `Date` (the same message signs to the same bytes: RSA
/// PKCS#1 v1.5 and Ed25519 signatures are deterministic), and `h=` naming the fields of
/// `signedFields` the message has, then `From` once more (oversigned: a second From added in transit
/// breaks the signature). The body is hashed once for all keys, on its bytes.
public struct DKIMSigner: Sendable {
    /// One key and the selector its public half is published under (`s=`).
    public struct Signing: Sendable {
        public let key: DKIMKey
        public let selector: String
    }

    /// `d=`: the signing domain, aligned with the From domain.
    public let domain: String
    public let signings: [Signing]

    /// What the signature covers when the message has it: RFC 6376 §5.4.1's recommendations that a
    /// digest has, and the one-click unsubscribe fields, which RFC 8058 §4 requires to be signed.
    public static let signedFields = [
        "from", "to", "subject", "date", "message-id", "mime-version", "content-type", "content-language", "list-id",
        "list-unsubscribe", "list-unsubscribe-post", "auto-submitted",
    ]
    /// Named once more at the end of `h=`, so that one added in transit does not verify.
    public static let oversignedFields = ["from"]

    /// Signs with `keys` for `domain`. One key signs with `selector` itself; several keys each get
    /// `selector-<key type>` (`gazette2026-rsa`, `gazette2026-ed25519`), because a selector names one
    /// DNS TXT record and two records at one name leave verifiers guessing (RFC 6376 §3.6.2.2).
    public init(domain: String, selector: String, keys: [DKIMKey]) {
        self.domain = domain.lowercased()
        signings = keys.map { Signing(key: $0, selector: Self.selector(selector, for: $0.algorithm, keyCount: keys.count)) }
    }

    /// The selector a key of `algorithm` signs with, among `keyCount` keys.
    public static func selector(_ selector: String, for algorithm: DKIMAlgorithm, keyCount: Int) -> String {
        keyCount > 1 ? selector + "-" + algorithm.keyType : selector
    }

    /// `message` with its signatures above it; `t=` from its Date field (none when it has none).
    public func sign(_ message: [UInt8]) throws(DKIMSigningError) -> [UInt8] {
        try sign(message, timestamp: nil)
    }

    /// `message` written and signed (`t=` its `date`).
    public func sign(_ message: some OutgoingMessage) throws(DKIMSigningError) -> [UInt8] {
        try sign(message.bytes(), timestamp: message.date.timestamp)
    }

    /// `timestamp`: the Date's moment when the caller knows it (nil: read from the Date field).
    func sign(_ message: [UInt8], timestamp: Int?) throws(DKIMSigningError) -> [UInt8] {
        let fields = try signatureFields(for: message, timestamp: timestamp)
        var output: [UInt8] = []
        output.reserveCapacity(message.count + fields.reduce(0) { $0 + $1.utf8.count + 2 })
        for field in fields {
            output.append(contentsOf: field.utf8)
            output.append(contentsOf: DKIMCanonicalization.crlf)
        }
        output.append(contentsOf: message)
        return output
    }

    /// The `DKIM-Signature` fields for `message` (each without its final CRLF), in the order of the keys.
    public func signatureFields(for message: [UInt8], timestamp: Int? = nil) throws(DKIMSigningError) -> [String] {
        var result: Result<[String], DKIMSigningError> = .success([])
        message.withUnsafeBufferPointer { bytes in
            do throws(DKIMSigningError) {
                result = .success(try signatureFields(for: bytes, timestamp: timestamp))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    func signatureFields(for bytes: UnsafeBufferPointer<UInt8>, timestamp known: Int?) throws(DKIMSigningError) -> [String] {
        let header = RawHeader(bytes)
        guard header.fields.contains(where: { $0.lowercasedName == "from" }) else {
            throw DKIMSigningError(source: "message", message: "the message has no From field: DKIM signs for the From domain")
        }
        let bodyHash = Base64.encode(
            Array(DKIMCanonicalization.relaxed.bodyHash(UnsafeBufferPointer(rebasing: bytes[header.bodyStart...]))))
        var names = header.fields.map(\.lowercasedName).filter { Self.signedFields.contains($0) }
        names += Self.oversignedFields
        // The signed fields, hashed once for every key: only the signature field itself differs.
        var fieldsHash = SHA256()
        for field in DKIMVerifier.select(names, from: header) {
            fieldsHash.update(data: DKIMCanonicalization.relaxed.header(UnsafeBufferPointer(rebasing: bytes[field.range])))
            fieldsHash.update(data: DKIMCanonicalization.crlf)
        }
        let timestamp =
            known ?? header.fields(named: "date").last.flatMap { try? MailDate.timestamp(of: RawHeader.value(of: $0, in: bytes)) }
        var fields: [String] = []
        for signing in signings {
            let unsigned = field(signing, bodyHash: bodyHash, names: names, timestamp: timestamp, signature: nil)
            var hash = fieldsHash
            var text = unsigned
            hash.update(data: text.withUTF8 { DKIMCanonicalization.relaxed.header($0) })
            let signature: [UInt8]
            do {
                signature = try signing.key.signature(for: hash.finalize())
            } catch {
                throw DKIMSigningError(source: signing.key.source, message: error.message)
            }
            fields.append(field(signing, bodyHash: bodyHash, names: names, timestamp: timestamp, signature: Base64.encode(signature)))
        }
        return fields
    }

    /// One `DKIM-Signature` field, folded at 78 characters between its tags and inside `h=` and
    /// `b=` (folding white space is allowed there); `b=` comes last and empty when `signature` is nil,
    /// which is the form that is hashed.
    func field(_ signing: Signing, bodyHash: String, names: [String], timestamp: Int?, signature: String?) -> String {
        var parts = ["v=1;", "a=\(signing.key.algorithm.rawValue);", "c=relaxed/relaxed;", "d=\(domain);", "s=\(signing.selector);"]
        if let timestamp { parts.append("t=\(timestamp);") }
        var list = "h="
        for (index, name) in names.enumerated() {
            let piece = name + (index == names.count - 1 ? ";" : ":")
            if list.utf8.count + piece.utf8.count > 70 {
                parts.append(list)
                list = ""
            }
            list += piece
        }
        parts.append(list)
        parts.append("bh=\(bodyHash);")
        if let signature {
            let characters = Array(signature.utf8)
            var index = 0
            var first = true
            while index < characters.count {
                let length = first ? 62 : 72
                let chunk = String(decoding: characters[index..<min(index + length, characters.count)], as: UTF8.self)
                parts.append(first ? "b=" + chunk : chunk)
                first = false
                index += length
            }
        } else {
            parts.append("b=")
        }
        return HeaderField.structured("DKIM-Signature", parts)
    }
}

/// A message that could not be signed: the key (its path) or the message, and why.
public struct DKIMSigningError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The key's path, or "message" when the message itself cannot be signed.
    public var source: String
    public var message: String

    public var description: String { "\(source): \(message)" }
}
