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

extension URLSafety {
    public static func appendEscapedURL(_ url: String, to out: inout HTMLBuffer) {
        var text = ""
        appendEscapedURL(url, to: &text)
        out += text
    }
}
