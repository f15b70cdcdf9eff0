/// Quoted-printable body encoding (RFC 2045 §6.7) with CRLF line ends.
///
/// Lines stay at most 76 characters (soft breaks `=`), so no line comes near SMTP's 998-octet limit.
/// A UTF-8 character is never split across a soft break, `=` is always encoded (so a MIME boundary
/// that starts with `=_` can never occur in an encoded body), and spaces before a line end are encoded.
public enum QuotedPrintable {
    static let hex = Array("0123456789ABCDEF".utf8)

    /// Bytes written as themselves: printable ASCII but `=`, and space and tab (unless they end a line).
    static let literal: [Bool] = (0..<256).map { ($0 >= 33 && $0 <= 126 && $0 != 61) || $0 == 32 || $0 == 9 }

    /// Encodes `text`; its line ends (LF or CRLF) become CRLF.
    public static func encode(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { encode($0) }
    }

    /// Encodes UTF-8 `bytes`; line ends (LF or CRLF) become CRLF. Written into one preallocated buffer
    /// (the digest encodes two bodies per email, tens of thousands of times a run).
    public static func encode(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // Worst case: every byte as =XX, a soft break (=CRLF) per 25 encoded bytes, CRLF per LF.
        let capacity = bytes.count * 3 + bytes.count / 8 + 16
        // The tables as local pointers: no lazy-global check or bounds check per byte.
        return literal.withUnsafeBufferPointer { literal in hex.withUnsafeBufferPointer { hex in
            [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
            var out = 0
            var start = 0
            let total = bytes.count
            while start < total {
                var end = start
                while end < total, bytes[end] != 0x0A { end += 1 }
                let hasLineEnd = end < total
                let contentEnd = hasLineEnd && end > start && bytes[end - 1] == 0x0D ? end - 1 : end
                encodeLine(bytes, from: start, to: contentEnd, into: output, at: &out, literal: literal, hex: hex)
                if hasLineEnd {
                    output[out] = 0x0D
                    output[out + 1] = 0x0A
                    out += 2
                }
                start = end + 1
            }
            count = out
            }
        } }
    }

    /// Encodes `bytes[start..<end]` (one line without its line end), adding soft breaks so that no
    /// encoded line exceeds 76 characters and no UTF-8 character is split.
    @inline(__always)
    private static func encodeLine(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, into output: UnsafeMutableBufferPointer<UInt8>,
        at out: inout Int, literal: UnsafeBufferPointer<Bool>, hex: UnsafeBufferPointer<UInt8>
    ) {
        var length = 0
        var index = start
        while index < end {
            let lead = bytes[index]
            if literal[Int(lead)], index != end - 1 || (lead != 32 && lead != 9) {
                // A run of literal ASCII (most of a body): copied as far as the line allows. A space or
                // tab that ends the line is not literal.
                var runEnd = index + 1
                while runEnd < end, literal[Int(bytes[runEnd])] { runEnd += 1 }
                if runEnd == end, runEnd - 1 > index, bytes[runEnd - 1] == 32 || bytes[runEnd - 1] == 9 { runEnd -= 1 }
                var run = runEnd - index
                // 75 characters leave room for a soft break; the line's last character may be the 76th.
                let room = runEnd == end && length + run <= 76 ? run : min(run, 75 - length)
                if room <= 0 {
                    output[out] = 61
                    output[out + 1] = 0x0D
                    output[out + 2] = 0x0A
                    out += 3
                    length = 0
                    continue
                }
                run = room
                UnsafeMutableRawPointer(output.baseAddress! + out).copyMemory(from: bytes.baseAddress! + index, byteCount: run)
                out += run
                length += run
                index += run
            } else if lead < 0x80 {
                // One ASCII byte: literal, or =XX (`=`, controls, a space or tab that ends the line).
                let literal = (lead >= 33 && lead <= 126 && lead != 61) || ((lead == 32 || lead == 9) && index != end - 1)
                let width = literal ? 1 : 3
                if length + width > (index + 1 == end ? 76 : 75) {
                    output[out] = 61
                    output[out + 1] = 0x0D
                    output[out + 2] = 0x0A
                    out += 3
                    length = 0
                }
                if literal {
                    output[out] = lead
                    out += 1
                } else {
                    output[out] = 61
                    output[out + 1] = hex[Int(lead >> 4)]
                    output[out + 2] = hex[Int(lead & 0x0F)]
                    out += 3
                }
                length += width
                index += 1
            } else {
                // A whole UTF-8 character (or a stray byte), every byte as =XX, never split.
                let unitEnd = min(index + sequenceLength(lead), end)
                let width = (unitEnd - index) * 3
                if length + width > (unitEnd == end ? 76 : 75) {
                    output[out] = 61
                    output[out + 1] = 0x0D
                    output[out + 2] = 0x0A
                    out += 3
                    length = 0
                }
                for position in index..<unitEnd {
                    let byte = bytes[position]
                    output[out] = 61
                    output[out + 1] = hex[Int(byte >> 4)]
                    output[out + 2] = hex[Int(byte & 0x0F)]
                    out += 3
                }
                length += width
                index = unitEnd
            }
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
