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
            text += "\r\n " + token
            lineLength = 1 + length
        } else {
            text += " " + token
            lineLength += 1 + length
        }
        isEmpty = false
    }

    // MARK: - Kinds of field

    /// A field of free text (`Subject`): plain words when the text is printable ASCII that folds
    /// cleanly, else encoded-words.
    public static func unstructured(_ name: String, _ value: String) -> String {
        var field = HeaderField(name: name)
        if isPlainText(value) {
            for word in value.split(separator: " ") { field.append(String(word)) }
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
            precondition(part.utf8.allSatisfy { (0x21...0x7E).contains($0) || $0 == 0x20 }, "structured header part must be printable ASCII")
            field.append(part)
        }
        return field.text
    }

    // MARK: - Encoding

    /// The words of a display name: atoms when it is made of them, a quoted string when it is short
    /// printable ASCII, else encoded-words.
    static func phrase(_ text: String) -> [String] {
        if isPlainText(text), text.split(separator: " ").allSatisfy({ $0.utf8.allSatisfy(MailAddress.isAtext) }) {
            return text.split(separator: " ").map(String.init)
        }
        if isPlainText(text), text.utf8.count <= 60 {
            var quoted = "\""
            for character in text {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            return [quoted + "\""]
        }
        return encodedWords(text)
    }

    /// Printable ASCII, single spaces between words, no word that could be taken for an encoded-word,
    /// and no word too long to fold.
    static func isPlainText(_ text: String) -> Bool {
        guard !text.isEmpty, text.first != " ", text.last != " ", !text.contains("  "), !text.contains("=?") else { return false }
        guard text.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else { return false }
        return text.split(separator: " ").allSatisfy { $0.utf8.count <= 70 }
    }

    /// `=?UTF-8?B?…?=` words of at most `encodedWordBytes` UTF-8 bytes each, never splitting a character.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > encodedWordBytes {
                words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?=")
                chunk.removeAll(keepingCapacity: true)
            }
            chunk.append(contentsOf: bytes)
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?=") }
        return words
    }
}
