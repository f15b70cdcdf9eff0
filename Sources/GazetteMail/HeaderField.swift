/// Writes one RFC 5322 header field: folded at 78 characters where it can be, never over 998 octets,
/// RFC 2047 encoded-words for anything that is not plain printable ASCII.
///
/// No text reaches a header unencoded unless it is printable ASCII without line breaks, so a display
/// name or a subject cannot end the field or add one ("Eve\r\nBcc: …" becomes an encoded-word).
public struct HeaderField: Sendable {
    /// The field as written, lines joined by CRLF, without the final CRLF.
    public private(set) var text: String
    private var lineLength: Int
    private var isEmpty = true

    /// Soft limit for a line (RFC 5322 §2.1.1 recommends 78).
    static let foldAt = 78
    /// UTF-8 bytes per encoded-word: 30 bytes make 40 base64 characters, a 52-character word.
    static let encodedWordBytes = 30

    init(name: String) {
        text = name + ":"
        lineLength = text.utf8.count
    }

    /// Appends `token` after a space, folding (CRLF + space) first when the line would grow past 78.
    /// The first token stays beside the name. A token is never split.
    mutating func append(_ token: String) {
        let length = token.utf8.count
        precondition(length < 900, "a header token must fit on one line")
        if !isEmpty, lineLength + 1 + length > Self.foldAt {
            text.append("\r\n ")
            lineLength = 1 + length
        } else {
            text.append(" ")
            lineLength += 1 + length
        }
        text.append(token)
        isEmpty = false
    }

    // MARK: - Kinds of field

    /// A field of free text (`Subject`): plain words when the text is printable ASCII that folds
    /// cleanly, else encoded-words.
    public static func unstructured(_ name: String, _ value: String) -> String {
        var field = HeaderField(name: name)
        if isPlainText(value) {
            for word in words(value) { field.append(word) }
        } else {
            for word in encodedWords(value) { field.append(word) }
        }
        return field.text
    }

    /// A field naming one mailbox (`From`, `To`): the display name as atoms, a quoted string or
    /// encoded-words; the address in angle brackets, never split or encoded.
    public static func mailbox(_ name: String, _ mailbox: MailAddress) -> String {
        var field = HeaderField(name: name)
        if mailbox.displayName.isEmpty {
            field.append(mailbox.address)
            return field.text
        }
        for token in phrase(mailbox.displayName) { field.append(token) }
        field.append("<" + mailbox.address + ">")
        return field.text
    }

    /// `List-Id: phrase <list.id>` (RFC 2919), the phrase written like a display name.
    public static func listID(_ name: String, _ id: String) -> String {
        var field = HeaderField(name: "List-Id")
        if !name.isEmpty {
            for token in phrase(name) { field.append(token) }
        }
        field.append("<" + id + ">")
        return field.text
    }

    /// A field whose value the caller built from checked ASCII parts (`Date`, `Message-ID`, URLs in
    /// angle brackets), folded only between the given parts.
    public static func structured(_ name: String, _ parts: [String]) -> String {
        var field = HeaderField(name: name)
        for part in parts {
            precondition(isPrintableASCII(part), "structured header part must be printable ASCII")
            field.append(part)
        }
        return field.text
    }

    // MARK: - Encoding

    /// The words of a display name: atoms when it is made of them, a quoted string when it is short
    /// printable ASCII, else encoded-words.
    static func phrase(_ text: String) -> [String] {
        guard isPlainText(text) else { return encodedWords(text) }
        var copy = text
        if copy.withUTF8({ $0.allSatisfy { $0 == 0x20 || MailAddress.isAtext($0) } }) {
            return words(text)
        }
        if text.utf8.count <= 60 {
            var quoted = "\""
            for character in text {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            return [quoted + "\""]
        }
        return encodedWords(text)
    }

    /// The words of `text` between single spaces (text that `isPlainText` accepted), split on its
    /// bytes: `String.split` would find the characters first.
    static func words(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            bytes.split(separator: 0x20).map { String(decoding: UnsafeBufferPointer(rebasing: $0), as: UTF8.self) }
        }
    }

    /// Only printable ASCII and spaces.
    static func isPrintableASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in !bytes.contains { $0 < 0x20 || $0 > 0x7E } }
    }

    /// Printable ASCII, single spaces between words, no word that could be taken for an encoded-word,
    /// and no word too long to fold. One pass over the bytes (every message's subject and names).
    static func isPlainText(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isPlainText($0) }
    }

    private static func isPlainText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, first != 0x20, bytes.last != 0x20 else { return false }
        var previous: UInt8 = 0
        var wordLength = 0
        for byte in bytes {
            guard byte >= 0x20, byte <= 0x7E else { return false }
            if byte == 0x20 {
                if previous == 0x20 { return false }
                wordLength = 0
            } else {
                wordLength += 1
                if wordLength > 70 { return false }
                if byte == 0x3F, previous == 0x3D { return false }  // "=?"
            }
            previous = byte
        }
        return true
    }

    /// `=?UTF-8?B?…?=` words of at most `encodedWordBytes` UTF-8 bytes each, never splitting a character.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        chunk.reserveCapacity(encodedWordBytes + 4)
        let bytes = text.utf8
        var index = bytes.startIndex
        while index != bytes.endIndex {
            // One character's bytes: its lead byte and the continuation bytes (10xxxxxx) after it.
            var next = bytes.index(after: index)
            while next != bytes.endIndex, bytes[next] & 0xC0 == 0x80 { next = bytes.index(after: next) }
            let length = bytes.distance(from: index, to: next)
            if chunk.count + length > encodedWordBytes {
                words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?=")
                chunk.removeAll(keepingCapacity: true)
            }
            chunk.append(contentsOf: bytes[index..<next])
            index = next
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?=") }
        return words
    }
}
