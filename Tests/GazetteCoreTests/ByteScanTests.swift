import GazetteBytes
import GazetteHTML
import Testing

/// `ByteScan` reads eight bytes as one little-endian word; the first marked byte must be the first
/// in the text at every position of the word (on a big-endian load it would be the last).
@Suite struct ByteScanTests {
    @Test func findsTheFirstCandidateAtEveryPositionOfAWord() {
        for first in 0..<16 {
            for second in first + 1..<17 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 17)
                bytes[first] = UInt8(ascii: "&")
                bytes[second] = UInt8(ascii: "&")
                let found = bytes.withUnsafeBufferPointer { buffer in
                    // Past the last whole word the scan hands back its start; step to the byte as callers do.
                    var index = ByteScan.nextCandidate(in: buffer, from: 0) { ByteScan.equal($0, UInt8(ascii: "&")) }
                    while index < buffer.count, buffer[index] != UInt8(ascii: "&") { index += 1 }
                    return index
                }
                #expect(found == first, "candidates at \(first) and \(second)")
            }
        }
    }

    @Test func escapesTheSameWhereverTheSpecialByteFalls() {
        for position in 0..<20 {
            var text = String(repeating: "x", count: 20)
            text.insert(contentsOf: "<'&\">", at: text.index(text.startIndex, offsetBy: position))
            var page = HTMLBuffer()
            HTMLEscaping.appendText(text, to: &page)
            var mustache: [UInt8] = []
            HTMLEscaping.appendMustacheEscaped(text, to: &mustache)
            let before = String(repeating: "x", count: position), after = String(repeating: "x", count: 20 - position)
            #expect(page.string == before + "&lt;'&amp;&quot;&gt;" + after)
            #expect(String(decoding: mustache, as: UTF8.self) == before + "&lt;&#39;&amp;&quot;&gt;" + after)
            #expect(HTMLEscaping.escape(text) == page.string)
        }
    }
}
