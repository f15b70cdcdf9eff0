/// Text that must stay on one line of a terminal or log: a path or message with a line break in it
/// (a file named "a\nb.md") would otherwise split one problem into two lines, the second looking like
/// a problem of its own.
public enum OneLine {
    /// `text` with its control characters escaped as JSON escapes them (`\n`, `\r`, `\t`, else
    /// `\u001b`); when it has any, backslashes are doubled too, so the escaped form reads back
    /// unambiguously. Text without control characters comes back unchanged.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if scalar == "\\" {
                result += "\\\\"
            } else if !appendEscape(of: scalar, to: &result) {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Appends `scalar` escaped the way JSON writes it, when it is a control character (`\n`, `\r`,
    /// `\t`, `\u001b`, and U+2028/U+2029, which end a line in JavaScript); false, appending nothing,
    /// for any other scalar. Shared with the manifest's JSON strings.
    public static func appendEscape(of scalar: Unicode.Scalar, to result: inout String) -> Bool {
        switch scalar {
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        default:
            guard isControl(scalar) else { return false }
            let hex = String(scalar.value, radix: 16)
            result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        return true
    }

    /// Unicode category Cc (U+0000–001F, U+007F–009F), and the line and paragraph separators.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
