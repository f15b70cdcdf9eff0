import GazetteBytes

/// Escaping text for HTML: the one place that decides what reaches a page unescaped (Markdown, the
/// site's and the digest's templates, the previews' pages).
///
/// Two sets of characters: Gazette's own HTML escapes `&`, `<`, `>` and `"` (text and attribute
/// values alike); a Mustache `{{ }}` tag also escapes `'` as `&#39;`, as the Mustache spec and
/// swift-mustache do, so that templates written for any Mustache renderer read the same.
public enum HTMLEscaping {
    /// `&`, `<`, `>` and `"` as entities, for text and attribute values alike.
    public static func escape(_ text: String) -> String {
        var out = ""
        appendText(text, to: &out)
        return out
    }

    /// Appends `text` with `&`, `<`, `>` and `"` escaped.
    public static func appendText(_ text: String, to out: inout String) {
        // Fast path: most text has nothing to escape.
        if !text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) {
            out += text
            return
        }
        var start = text.utf8.startIndex
        var index = start
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let entity: String?
            switch utf8[index] {
            case 0x26: entity = "&amp;"
            case 0x3C: entity = "&lt;"
            case 0x3E: entity = "&gt;"
            case 0x22: entity = "&quot;"
            default: entity = nil
            }
            if let entity {
                out += text[start..<index]
                out += entity
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        out += text[start..<utf8.endIndex]
    }

    /// Appends an attribute value (the same escaping as text: `"` is always escaped).
    public static func appendAttribute(_ text: String, to out: inout String) {
        appendText(text, to: &out)
    }

    /// Appends `text` with `&`, `<`, `>` and `"` escaped.
    public static func appendText(_ text: String, to out: inout HTMLBuffer) {
        var text = text
        text.withUTF8 { appendText($0, to: &out) }
    }

    /// Appends UTF-8 `bytes` with `&`, `<`, `>` and `"` escaped.
    public static func appendText(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout HTMLBuffer) {
        append(bytes, to: &out.bytes, apostrophe: false)
    }

    public static func appendAttribute(_ text: String, to out: inout HTMLBuffer) {
        appendText(text, to: &out)
    }

    /// Appends `text` escaped as a Mustache `{{ }}` tag escapes it: `&`, `<`, `>`, `"` and `'`.
    public static func appendMustacheEscaped(_ text: String, to out: inout [UInt8]) {
        // A native string's bytes in place (no copy of the string to make it contiguous first).
        if text.utf8.withContiguousStorageIfAvailable({ append($0, to: &out, apostrophe: true) }) != nil { return }
        var text = text
        text.withUTF8 { append($0, to: &out, apostrophe: true) }
    }

    /// Appends UTF-8 `bytes` escaped as a Mustache `{{ }}` tag escapes them: `&`, `<`, `>`, `"` and `'`.
    public static func appendMustacheEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        append(bytes, to: &out, apostrophe: true)
    }

    /// The one byte escaper: copies the runs between the bytes it replaces whole (most text has
    /// nothing to escape and is one run); the runs are found eight bytes at a time.
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], apostrophe: Bool) {
        var start = 0
        var index = 0
        while case let next = apostrophe
            ? ByteScan.nextCandidate(in: bytes, from: index, specialBytesAndApostrophe)
            : ByteScan.nextCandidate(in: bytes, from: index, specialBytes),
            next < bytes.count
        {
            index = next + 1
            let entity: StaticString
            switch bytes[next] {
            case 0x26: entity = "&amp;"
            case 0x3C: entity = "&lt;"
            case 0x3E: entity = "&gt;"
            case 0x22: entity = "&quot;"
            case 0x27 where apostrophe: entity = "&#39;"
            default: continue
            }
            if next > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<next])) }
            entity.withUTF8Buffer { out.append(contentsOf: $0) }
            start = index
        }
        if bytes.count > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count])) }
    }

    /// Marks the bytes of `word` that may be `&`, `<`, `>` or `"` (see `ByteScan`).
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        ByteScan.equal(word, 0x26) | ByteScan.equal(word, 0x3C) | ByteScan.equal(word, 0x3E) | ByteScan.equal(word, 0x22)
    }

    /// Marks the bytes of `word` that may be `&`, `<`, `>`, `"` or `'`.
    @inline(__always)
    static func specialBytesAndApostrophe(_ word: UInt64) -> UInt64 {
        specialBytes(word) | ByteScan.equal(word, 0x27)
    }
}
