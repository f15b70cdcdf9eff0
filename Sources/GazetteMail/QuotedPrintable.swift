import GazetteBytes

#if canImport(Glibc)
import Glibc
#endif

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
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return [] }
        // The tables as local pointers: no lazy-global check or bounds check per byte.
        return literal.withUnsafeBufferPointer { literal in
            hex.withUnsafeBufferPointer { hex in
                [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
                    var out = 0
                    var start = 0
                    let total = bytes.count
                    while start < total {
                        // The line's end: memchr (glibc's is vectorised) rather than a loop over the bytes.
                        let found = memchr(base + start, 0x0A, total - start)
                        let end = found.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? total
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
            }
        }
    }

    /// The bytes of `word` that are not printable ASCII or space, or that are `=`, as the high bit of
    /// each such byte (bit tricks on the whole word: a byte below 0x20, above 0x7E, equal to 0x3D).
    /// The lowest set bit is exact: the bytes below it are all literal.
    @inline(__always)
    static func nonLiteralBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let below = (word &- ones &* 0x20) & ~word & highs
        let above = ((word &+ ones) | word) & highs
        return below | above | ByteScan.equal(word, 0x3D)
    }

    /// Encodes `bytes[start..<end]` (one line without its line end), adding soft breaks so that no
    /// encoded line exceeds 76 characters and no UTF-8 character is split.
    ///
    /// The rule, for every unit (a literal byte: 1 character; another ASCII byte: `=XX`; a UTF-8
    /// character: `=XX` per byte): a soft break comes first when the unit would take the line past
    /// 75 characters, or past 76 when the unit ends the line (no soft break follows it then).
    @inline(__always)
    private static func encodeLine(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, into output: UnsafeMutableBufferPointer<UInt8>,
        at out: inout Int, literal: UnsafeBufferPointer<Bool>, hex: UnsafeBufferPointer<UInt8>
    ) {
        let source = UnsafeRawPointer(bytes.baseAddress!)
        let target = UnsafeMutableRawPointer(output.baseAddress!)
        var length = 0
        var index = start
        while index < end {
            // Up to eight literal bytes at once (most of a body), when none of the eight ends the line
            // (a space there would need encoding) and all fit before column 75. The word is stored
            // whole; only its literal bytes are kept (the rest is written over).
            if length <= 67, index + 8 < end {
                let word = source.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let stops = nonLiteralBytes(word)
                target.storeBytes(of: word, toByteOffset: out, as: UInt64.self)
                let run = stops == 0 ? 8 : stops.trailingZeroBitCount >> 3
                out += run
                length += run
                index += run
                if run == 8 { continue }
            }
            let lead = bytes[index]
            if lead < 0x80 {
                // One ASCII byte: literal, or =XX (`=`, controls, a space or tab that ends the line).
                let isLast = index + 1 == end
                let isLiteral = literal[Int(lead)] && !(isLast && (lead == 32 || lead == 9))
                let width = isLiteral ? 1 : 3
                if length + width > (isLast ? 76 : 75) {
                    output[out] = 61
                    output[out + 1] = 0x0D
                    output[out + 2] = 0x0A
                    out += 3
                    length = 0
                }
                if isLiteral {
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
