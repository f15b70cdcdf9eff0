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
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.count > 1, lines.last!.isEmpty { lines.removeLast() }  // a final line end, not an empty line
        for (number, line) in lines.enumerated() {
            var bytes = Array(line)
            if bytes.last == 0x0D { bytes.removeLast() }
            encodeLine(bytes, into: &output)
            if number < lines.count - 1 || text.utf8.last == 0x0A { output.append(contentsOf: [0x0D, 0x0A]) }
        }
        return output
    }

    private static func encodeLine(_ bytes: [UInt8], into output: inout [UInt8]) {
        var length = 0
        var index = 0
        var unit: [UInt8] = []
        while index < bytes.count {
            // One unit: a whole UTF-8 character (1 to 4 bytes), encoded or literal.
            let count = sequenceLength(bytes[index])
            let end = min(index + count, bytes.count)
            unit.removeAll(keepingCapacity: true)
            for position in index..<end {
                let byte = bytes[position]
                let isLast = position == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !isLast)
                if literal {
                    unit.append(byte)
                } else {
                    unit.append(contentsOf: [61, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                }
            }
            // Room for the unit and, unless it ends the line, a soft break after it.
            let limit = end == bytes.count ? 76 : 75
            if length + unit.count > limit {
                output.append(contentsOf: [61, 0x0D, 0x0A])
                length = 0
            }
            output.append(contentsOf: unit)
            length += unit.count
            index = end
        }
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
