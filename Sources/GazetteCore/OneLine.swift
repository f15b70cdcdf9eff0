/// Text that must stay on one line of a terminal or log: a path or message with a line break in it
/// (a file named "a\nb.md") would otherwise split one problem into two lines, the second looking like
/// a problem of its own.
public enum OneLine {
    /// `text` with its control characters escaped (`\n`, `\r`, `\t`, else `\u{1B}`); when it has any,
    /// backslashes are doubled too, so the escaped form reads back unambiguously. Text without
    /// control characters comes back unchanged.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\\": result += "\\\\"
            default:
                if isControl(scalar) {
                    result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Unicode category Cc (U+0000–001F, U+007F–009F), and the line and paragraph separators.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
