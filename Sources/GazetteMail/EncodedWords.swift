/// Decoding RFC 2047 encoded-words in header values (`=?UTF-8?B?…?=`, `=?ISO-8859-1?Q?…?=`), the
/// reverse of what `HeaderField` writes, for showing headers to people.
public enum EncodedWords {
    /// `value` with every encoded-word decoded. White space between two adjacent encoded-words is
    /// dropped (RFC 2047 §6.2); a word in an unknown charset or encoding is left as it is.
    public static func decode(_ value: String) -> String {
        // Most values have no encoded-word: one pass over the bytes says so.
        var previous: UInt8 = 0
        guard
            value.utf8.contains(where: { byte in
                defer { previous = byte }
                return previous == UInt8(ascii: "=") && byte == UInt8(ascii: "?")
            })
        else { return value }
        var result = ""
        var lastWasEncoded = false
        var rest = Substring(value)
        while !rest.isEmpty {
            // Split off white space, then one run of non-white-space characters.
            let space = rest.prefix { $0 == " " || $0 == "\t" }
            rest = rest.dropFirst(space.count)
            let word = rest.prefix { $0 != " " && $0 != "\t" }
            rest = rest.dropFirst(word.count)
            if let decoded = decodeWord(word) {
                result += lastWasEncoded ? "" : String(space)
                result += decoded
                lastWasEncoded = true
            } else {
                result += String(space) + word
                lastWasEncoded = false
            }
        }
        return result
    }

    /// One `=?charset?encoding?text?=` word, or nil when `word` is not one this decoder understands.
    static func decodeWord(_ word: Substring) -> String? {
        guard word.hasPrefix("=?"), word.hasSuffix("?="), word.count >= 8 else { return nil }
        let inner = word.dropFirst(2).dropLast(2)
        let parts = inner.split(separator: "?", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        // RFC 2231 allows a language after "*": UTF-8*en.
        let charset = parts[0].split(separator: "*").first.map { $0.uppercased() } ?? ""
        let bytes: [UInt8]?
        switch parts[1].uppercased() {
        case "B": bytes = Base64.decode(parts[2])
        case "Q": bytes = decodeQ(parts[2])
        default: return nil
        }
        guard let bytes else { return nil }
        switch charset {
        case "UTF-8", "US-ASCII": return String(validating: bytes, as: UTF8.self)
        case "ISO-8859-1", "LATIN1":
            var text = ""
            for byte in bytes { text.unicodeScalars.append(Unicode.Scalar(byte)) }
            return text
        default: return nil
        }
    }

    /// The "Q" encoding: quoted-printable where `_` stands for a space.
    static func decodeQ(_ text: Substring) -> [UInt8]? {
        var bytes = Array(text.utf8)
        for index in bytes.indices where bytes[index] == UInt8(ascii: "_") { bytes[index] = 0x20 }
        return QuotedPrintable.decode(bytes)
    }
}
