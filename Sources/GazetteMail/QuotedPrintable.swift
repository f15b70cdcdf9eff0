/// Quoted-printable body encoding (RFC 2045 §6.7) with CRLF line ends.
///
/// Lines stay at most 76 characters (soft breaks `=`), so no line comes near SMTP's 998-octet limit.
/// A UTF-8 character is never split across a soft break, `=` is always encoded (so a MIME boundary
/// that starts with `=_` can never occur in an encoded body), and spaces before a line end are encoded.
public enum QuotedPrintable {
    static let hex = Array("0123456789ABCDEF".utf8)

    /// Encodes `text`; its line ends (LF or CRLF) become CRLF.
    public static func encode(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        var text = text
        text.withUTF8 { bytes in
            output.reserveCapacity(bytes.count + bytes.count / 4 + 16)
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                let hasLineEnd = end < bytes.count
                let contentEnd = hasLineEnd && end > start && bytes[end - 1] == 0x0D ? end - 1 : end
                encodeLine(bytes, from: start, to: contentEnd, into: &output)
                if hasLineEnd { output.append(contentsOf: [0x0D, 0x0A]) }
                start = end + 1
            }
        }
        return output
    }

    /// Encodes `bytes[start..<end]` (one line without its line end), adding soft breaks.
    private static func encodeLine(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, into output: inout [UInt8]) {
        var length = 0
        var index = start
        while index < end {
            // One unit: a whole UTF-8 character (1 to 4 bytes), each byte literal or =XX.
            let unitEnd = min(index + sequenceLength(bytes[index]), end)
            var width = 0
            for position in index..<unitEnd { width += isLiteral(bytes[position], atLineEnd: position == end - 1) ? 1 : 3 }
            // Room for the unit and, unless it ends the line, a soft break after it.
            if length + width > (unitEnd == end ? 76 : 75) {
                output.append(contentsOf: [61, 0x0D, 0x0A])
                length = 0
            }
            for position in index..<unitEnd {
                let byte = bytes[position]
                if isLiteral(byte, atLineEnd: position == end - 1) {
                    output.append(byte)
                } else {
                    output.append(61)
                    output.append(hex[Int(byte >> 4)])
                    output.append(hex[Int(byte & 0x0F)])
                }
            }
            length += width
            index = unitEnd
        }
    }

    /// Printable ASCII but `=`; a space or tab unless it ends the line.
    @inline(__always)
    static func isLiteral(_ byte: UInt8, atLineEnd: Bool) -> Bool {
        (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !atLineEnd)
    }

    /// Bytes in the UTF-8 sequence that `lead` starts (1 for ASCII and for stray bytes).
    static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC0...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF7: return 4
        default: return 1
        }
    }
}
