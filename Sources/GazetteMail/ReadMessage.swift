/// A message read back from its bytes: the header fields (unfolded, and decoded for people) and the
/// leaf parts of its body with their transfer encoding undone. It reads what `MailMessage` writes and
/// ordinary single-part or (nested) multipart messages: it is for showing messages, not a full MIME
/// parser.
public struct ReadMessage: Sendable {
    /// One header field: `value` unfolded as written (encoded-words and all), `decoded` for people.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
        public var decoded: String { EncodedWords.decode(value) }
    }

    /// A leaf part: its media type (lowercased, like `text/html`), charset and decoded content.
    public struct Part: Sendable {
        public var mediaType: String
        public var charset: String
        public var content: [UInt8]

        /// The content as text in its charset (UTF-8, US-ASCII or ISO-8859-1; others read as UTF-8).
        public var text: String {
            switch charset {
            case "iso-8859-1", "latin1":
                var text = ""
                for byte in content { text.unicodeScalars.append(Unicode.Scalar(byte)) }
                return text
            default: return String(decoding: content, as: UTF8.self)
            }
        }
    }

    public var fields: [Field]
    public var parts: [Part]

    /// Reads `bytes`; nil when there is no header block at all.
    public init?(_ bytes: some Collection<UInt8>) {
        let bytes = Array(bytes)
        guard let (fields, bodyStart) = Self.readFields(bytes[...]), !fields.isEmpty else { return nil }
        self.fields = fields
        parts = Self.readParts(fields: fields, body: bytes[bodyStart...], depth: 0)
    }

    /// The first field named `name` (case-insensitive).
    public func field(_ name: String) -> Field? {
        let lowered = name.lowercased()
        return fields.first { $0.name.lowercased() == lowered }
    }

    /// The first part of `mediaType` (`text/plain`, `text/html`), as text.
    public func text(ofType mediaType: String) -> String? {
        parts.first { $0.mediaType == mediaType }?.text
    }

    // MARK: - Reading

    /// The header fields of `bytes` and where the body starts (after the empty line).
    static func readFields(_ bytes: ArraySlice<UInt8>) -> ([Field], Int)? {
        var fields: [Field] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            var end = index
            while end < bytes.endIndex, bytes[end] != 0x0A { end += 1 }
            var line = bytes[index..<end]
            if line.last == 0x0D { line = line.dropLast() }
            let next = min(end + 1, bytes.endIndex)
            if line.isEmpty { return (fields, next) }
            if line.first == 0x20 || line.first == 0x09, !fields.isEmpty {
                // Unfolding removes the line break and keeps the white space (RFC 5322 §2.2.3).
                fields[fields.count - 1].value += String(decoding: line, as: UTF8.self)
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
                var value = line[(colon + 1)...]
                while value.first == 0x20 || value.first == 0x09 { value = value.dropFirst() }
                fields.append(Field(name: name, value: String(decoding: value, as: UTF8.self)))
            } else {
                return nil
            }
            index = next
        }
        return (fields, bytes.endIndex)
    }

    /// The leaf parts of a body with the given header fields.
    static func readParts(fields: [Field], body: ArraySlice<UInt8>, depth: Int) -> [Part] {
        let type = fields.first { $0.name.lowercased() == "content-type" }.map { ContentType($0.value) } ?? ContentType("text/plain")
        if type.mediaType.hasPrefix("multipart/"), let boundary = type.parameters["boundary"], depth < 8 {
            return splitMultipart(body, boundary: boundary).flatMap { part -> [Part] in
                guard let (partFields, start) = readFields(part) else { return [] }
                return readParts(fields: partFields, body: part[start...], depth: depth + 1)
            }
        }
        let encoding =
            fields.first { $0.name.lowercased() == "content-transfer-encoding" }?.value.lowercased()
            .trimmingSpaces() ?? "7bit"
        let content: [UInt8]
        switch encoding {
        case "quoted-printable": content = QuotedPrintable.decode(body)
        case "base64": content = Base64.decode(String(decoding: body, as: UTF8.self)) ?? Array(body)
        default: content = Array(body)
        }
        return [Part(mediaType: type.mediaType, charset: type.parameters["charset"]?.lowercased() ?? "us-ascii", content: content)]
    }

    /// The parts between `--boundary` lines, each without the line break before the next delimiter.
    static func splitMultipart(_ body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var index = body.startIndex
        while index < body.endIndex {
            var end = index
            while end < body.endIndex, body[end] != 0x0A { end += 1 }
            let line = body[index..<end]
            if line.starts(with: delimiter) {
                let rest = line.dropFirst(delimiter.count)
                let isClosing = rest.starts(with: Array("--".utf8))
                if let start = partStart {
                    // The line break before the delimiter belongs to the delimiter (RFC 2046 §5.1.1).
                    var partEnd = index
                    if partEnd > start, body[partEnd - 1] == 0x0A { partEnd -= 1 }
                    if partEnd > start, body[partEnd - 1] == 0x0D { partEnd -= 1 }
                    parts.append(body[start..<partEnd])
                }
                if isClosing { return parts }
                partStart = min(end + 1, body.endIndex)
            }
            index = min(end + 1, body.endIndex)
        }
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        return parts
    }
}

/// A `Content-Type` value: the media type (lowercased) and its parameters (names lowercased, values
/// unquoted).
struct ContentType {
    var mediaType: String
    var parameters: [String: String] = [:]

    init(_ value: String) {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        for character in value {
            if character == "\"" { quoted.toggle() }
            if character == ";", !quoted {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        mediaType = pieces[0].trimmingSpaces().lowercased()
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = String(piece[..<equals]).trimmingSpaces().lowercased()
            var value = String(piece[piece.index(after: equals)...]).trimmingSpaces()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast()).replacingEscapes()
            }
            parameters[name] = value
        }
    }
}
