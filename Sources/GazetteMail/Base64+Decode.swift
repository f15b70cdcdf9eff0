extension Base64 {
    /// Decodes standard base64 (`+`, `/`, `=` padding), ignoring line breaks and spaces, as in MIME
    /// bodies and encoded-words; nil for any other character or an impossible length.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var urlSafe: [UInt8] = []
        urlSafe.reserveCapacity(text.utf8.count)
        var padding = 0
        for byte in text.utf8 {
            switch byte {
            case 0x20, 0x09, 0x0D, 0x0A: continue
            case UInt8(ascii: "="): padding += 1
            case _ where padding > 0: return nil
            case UInt8(ascii: "+"): urlSafe.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): urlSafe.append(UInt8(ascii: "_"))
            case UInt8(ascii: "-"), UInt8(ascii: "_"): return nil
            default: urlSafe.append(byte)
            }
        }
        guard padding <= 2 else { return nil }
        return decodeURLSafe(String(decoding: urlSafe, as: UTF8.self))
    }
}
