import GazetteCore

/// The preview's URLs, with their query strings percent-encoded.
enum PreviewLinks {
    /// `?name=value&…` for the pairs whose value is not empty; "" when none.
    static func query(_ pairs: [(String, String?)]) -> String {
        let items = pairs.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return encode(name) + "=" + encode(value)
        }
        return items.isEmpty ? "" : "?" + items.joined(separator: "&")
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                result += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }

    /// The email page of `employee`, or one of its parts (`html`, `text`, `raw`, `eml`, `headers`, `checks`).
    static func email(
        _ employee: String, week: ISOWeek, part: String? = nil, language: String? = nil, width: String? = nil, theme: String? = nil
    ) -> String {
        "/emails/" + encode(employee) + (part.map { "/" + $0 } ?? "")
            + query([("week", week.description), ("lang", language), ("width", width), ("theme", theme)])
    }
}
