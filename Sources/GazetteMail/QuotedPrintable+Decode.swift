extension QuotedPrintable {
    /// Decodes a quoted-printable body (RFC 2045 §6.7): `=XX` escapes, soft line breaks (`=` at a line
    /// end) removed, CRLF kept as it is. A malformed escape is kept literally, as the RFC advises.
    public static func decode(_ encoded: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(encoded)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "=") else {
                output.append(byte)
                index += 1
                continue
            }
            // A soft break: "=" then optional spaces, then CRLF or LF.
            var after = index + 1
            while after < bytes.count, bytes[after] == 0x20 || bytes[after] == 0x09 { after += 1 }
            if after < bytes.count, bytes[after] == 0x0A {
                index = after + 1
                continue
            }
            if after + 1 < bytes.count, bytes[after] == 0x0D, bytes[after + 1] == 0x0A {
                index = after + 2
                continue
            }
            if after == bytes.count {
                index = after
                continue
            }
            if index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
