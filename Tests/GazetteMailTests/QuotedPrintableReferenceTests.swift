import GazetteMail
import Testing

/// The encoder copies runs of literal ASCII in one go; a plain unit-by-unit encoder (RFC 2045's rules
/// written the obvious way) must give the same bytes on every input.
@Suite struct QuotedPrintableReferenceTests {
    /// One unit at a time: an ASCII byte, or a whole UTF-8 character, soft breaks so no line passes 76.
    static func reference(_ text: String) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let hasLineEnd = end < bytes.count
            let contentEnd = hasLineEnd && end > start && bytes[end - 1] == 0x0D ? end - 1 : end
            var length = 0
            var index = start
            while index < contentEnd {
                let lead = bytes[index]
                let size = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
                let unitEnd = min(index + size, contentEnd)
                func literal(_ position: Int) -> Bool {
                    let byte = bytes[position]
                    return (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && position != contentEnd - 1)
                }
                let width = (index..<unitEnd).reduce(0) { $0 + (literal($1) ? 1 : 3) }
                if length + width > (unitEnd == contentEnd ? 76 : 75) {
                    output += [61, 13, 10]
                    length = 0
                }
                for position in index..<unitEnd {
                    if literal(position) {
                        output.append(bytes[position])
                    } else {
                        output += [61, hex[Int(bytes[position] >> 4)], hex[Int(bytes[position] & 15)]]
                    }
                }
                length += width
                index = unitEnd
            }
            if hasLineEnd { output += [13, 10] }
            start = end + 1
        }
        return output
    }

    @Test func randomTextsEncodeLikeTheReference() {
        let pieces = [
            "a", "word ", "  ", "\t", "=", "é", "Ødegaard", "漢", "👩🏽‍🔧", "\n", "\r\n", "x=y", " \n", "<td style=\"x\">", "\u{7F}", "~",
            // Long literal runs (the encoder copies eight literal bytes at once) and bytes just outside them.
            "The quick brown fox jumps over", "0123456789abcdef", "\u{1F}", " ", "}~|{", "!\"#$%&'()*+,-./",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...120, using: &generator) { text += pieces.randomElement(using: &generator)! }
            #expect(QuotedPrintable.encode(text) == Self.reference(text), "\(text.debugDescription)")
        }
        for length in 60...160 {
            let text = String(repeating: "x", count: length) + "\n" + String(repeating: "y", count: length) + " "
            #expect(QuotedPrintable.encode(text) == Self.reference(text))
        }
    }
}
