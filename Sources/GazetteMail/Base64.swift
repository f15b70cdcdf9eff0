import Foundation

/// Base64 through Foundation: the standard alphabet for MIME encoded-words, DKIM and PEM, the
/// URL-safe one without padding for unsubscribe tokens (RFC 4648 §4 and §5).
public enum Base64 {
    /// Standard base64 with `=` padding.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }

    /// URL-safe base64 without padding: only `A–Z a–z 0–9 - _`, so it goes into a URL path as it is.
    public static func encodeURLSafe(_ bytes: some Collection<UInt8>) -> String {
        var text = Array(encode(bytes).utf8)
        while text.last == UInt8(ascii: "=") { text.removeLast() }
        for index in text.indices {
            switch text[index] {
            case UInt8(ascii: "+"): text[index] = UInt8(ascii: "-")
            case UInt8(ascii: "/"): text[index] = UInt8(ascii: "_")
            default: break
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes URL-safe base64 without padding; nil for any other character, an impossible length or
    /// bits set beyond the last byte (so that every token has exactly one spelling).
    public static func decodeURLSafe(_ text: some StringProtocol) -> [UInt8]? {
        var standard: [UInt8] = []
        standard.reserveCapacity(text.utf8.count + 2)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                standard.append(byte)
            case UInt8(ascii: "-"): standard.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): standard.append(UInt8(ascii: "/"))
            default: return nil
            }
        }
        guard standard.count % 4 != 1 else { return nil }
        while standard.count % 4 != 0 { standard.append(UInt8(ascii: "=")) }
        guard let data = Data(base64Encoded: Data(standard)) else { return nil }
        let bytes = [UInt8](data)
        // Foundation ignores bits beyond the last byte; a spelling with any set is not the canonical one.
        guard encodeURLSafe(bytes).utf8.elementsEqual(text.utf8) else { return nil }
        return bytes
    }
}
