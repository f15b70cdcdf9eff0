import GazetteBytes

/// Escaping text for HTML: the one place that decides what reaches a page unescaped.
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
}

/// Which link targets may reach a page, and how they are written in `href`/`src`.
public enum URLSafety {
    /// False for schemes that run code or read local files (javascript:, vbscript:, data:, file:), as
    /// cmark-gfm's own safe mode does.
    public static func isSafe(_ url: String) -> Bool {
        let lowered = url.drop(while: { $0 == " " || $0 == "\t" }).lowercased()
        // Browsers ignore tabs and newlines inside a scheme ("java\nscript:").
        let compact = lowered.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        for scheme in ["javascript:", "vbscript:", "data:", "file:"] where compact.hasPrefix(scheme) {
            return false
        }
        return true
    }

    /// Appends `url` percent-encoded where HTML or URLs need it (cmark's houdini_escape_href rules).
    public static func appendEscapedURL(_ url: String, to out: inout String) {
        for byte in url.utf8 {
            switch byte {
            case 0x26: out += "&amp;"
            case 0x27: out += "&#x27;"
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                if Self.safeBytes.contains(byte) {
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    out += "%"
                    out += Self.hex[Int(byte >> 4)]
                    out += Self.hex[Int(byte & 0x0F)]
                }
            }
        }
    }

    private static let safeBytes: Set<UInt8> = Set("-_.+!*(),%#@?=;:/$~".utf8)
    private static let hex = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]
}

/// Bytes of HTML being written: appending a string copies its UTF-8 bytes, with none of `String`'s
/// per-append bookkeeping (a 30 KB document is written in thousands of small pieces).
public struct HTMLBuffer: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    public static func += (buffer: inout HTMLBuffer, text: String) {
        buffer.bytes.append(contentsOf: text.utf8)
    }

    public mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    public mutating func append(_ run: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: run)
    }

    public func hasSuffix(_ byte: UInt8) -> Bool { bytes.last == byte }

    /// The HTML as text.
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}

extension HTMLEscaping {
    /// Appends `text` with `&`, `<`, `>` and `"` escaped.
    public static func appendText(_ text: String, to out: inout HTMLBuffer) {
        var text = text
        text.withUTF8 { appendText($0, to: &out) }
    }

    /// Appends UTF-8 `bytes` with `&`, `<`, `>` and `"` escaped.
    public static func appendText(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout HTMLBuffer) {
        // Runs without a character to escape are copied whole; they are found eight bytes at a time.
        var start = 0
        var index = 0
        while case let next = ByteScan.nextCandidate(in: bytes, from: index, specialBytes), next < bytes.count {
            index = next + 1
            let entity: StaticString
            switch bytes[next] {
            case 0x26: entity = "&amp;"
            case 0x3C: entity = "&lt;"
            case 0x3E: entity = "&gt;"
            case 0x22: entity = "&quot;"
            default: continue
            }
            out.append(UnsafeBufferPointer(rebasing: bytes[start..<next]))
            entity.withUTF8Buffer { out.append($0) }
            start = index
        }
        out.append(UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
    }

    /// Marks the bytes of `word` that may be `&`, `<`, `>` or `"` (see `ByteScan`).
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        ByteScan.equal(word, 0x26) | ByteScan.equal(word, 0x3C) | ByteScan.equal(word, 0x3E) | ByteScan.equal(word, 0x22)
    }

    public static func appendAttribute(_ text: String, to out: inout HTMLBuffer) {
        appendText(text, to: &out)
    }
}

extension URLSafety {
    public static func appendEscapedURL(_ url: String, to out: inout HTMLBuffer) {
        var text = ""
        appendEscapedURL(url, to: &text)
        out += text
    }
}
