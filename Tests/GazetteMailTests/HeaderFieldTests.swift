import Foundation
import GazetteMail
import Testing

/// Decodes the encoded-words of a header value, to compare with what went in.
func decodeHeader(_ field: String) -> String {
    let unfolded = field.replacingOccurrences(of: "\r\n ", with: " ")
    var result = ""
    var rest = Substring(unfolded)
    var lastWasEncoded = false
    while !rest.isEmpty {
        if rest.hasPrefix("=?UTF-8?B?"), let end = rest.range(of: "?=") {
            let payload = rest[rest.index(rest.startIndex, offsetBy: 10)..<end.lowerBound]
            let bytes = Data(base64Encoded: String(payload))!
            result += String(decoding: bytes, as: UTF8.self)
            rest = rest[end.upperBound...]
            lastWasEncoded = true
            // Whitespace between two encoded-words is not part of the text.
            if rest.hasPrefix(" =?UTF-8?B?") { rest = rest.dropFirst() }
        } else {
            result.append(rest.removeFirst())
            lastWasEncoded = false
        }
    }
    _ = lastWasEncoded
    return result
}

@Suite struct HeaderFieldTests {
    static let address = "x@example.com"

    static func to(_ name: String) -> String {
        HeaderField.mailbox("To", MailAddress(displayName: name, address: address)!)
    }

    /// A field is safe when only folds break its lines, lines stay short, and everything is ASCII.
    static func expectSafe(_ field: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = field.components(separatedBy: "\r\n")
        for (index, line) in lines.enumerated() {
            #expect(!line.contains("\r") && !line.contains("\n"), sourceLocation: sourceLocation)
            #expect(line.utf8.count <= 78, "line \(index) is \(line.utf8.count) long", sourceLocation: sourceLocation)
            if index > 0 { #expect(line.hasPrefix(" "), "a continuation line must start with a space", sourceLocation: sourceLocation) }
        }
        #expect(field.utf8.allSatisfy { $0 < 0x80 }, sourceLocation: sourceLocation)
    }

    @Test func plainNamesStayReadable() {
        #expect(Self.to("Wouter Vermeulen") == "To: Wouter Vermeulen <x@example.com>")
        #expect(
            HeaderField.unstructured("Subject", "Week 53: 3 colleagues out, 1 day off") == "Subject: Week 53: 3 colleagues out, 1 day off")
    }

    @Test func specialCharactersAreQuoted() {
        #expect(Self.to("Siobhán O'Sullivan").hasPrefix("To: =?UTF-8?B?"))
        #expect(Self.to("Lies D'Hondt") == "To: Lies D'Hondt <x@example.com>")
        #expect(Self.to("Jan \"The Man\" Peeters, Jr.") == "To: \"Jan \\\"The Man\\\" Peeters, Jr.\" <x@example.com>")
        #expect(Self.to("Back\\slash (x)") == "To: \"Back\\\\slash (x)\" <x@example.com>")
    }

    @Test(arguments: [
        "Eve\r\nBcc: victim@example.com",
        "Eve\nBcc: victim@example.com",
        "Eve\rX-Injected: 1",
        "Zoë Claes",
        "Thu Trang Nguyễn",
        "=?UTF-8?B?RXZl?= <spoof@example.com>",
        "\"quoted\" <evil@example.com>, other@example.com",
        "Georgiana Clementine Fotheringham-Featherstonehaugh",
        String(repeating: "Ω", count: 400),
        String(repeating: "a", count: 300),
        String(repeating: "Fotheringham-Featherstonehaugh ", count: 20) + "Ødegaard",
        "emoji 👩🏽‍🔧 and 🇧🇪 flags",
    ])
    func displayNamesCannotBreakTheHeader(_ name: String) {
        let field = Self.to(name)
        Self.expectSafe(field)
        // The address is written whole, once, in angle brackets, at the end.
        #expect(field.hasSuffix("<x@example.com>"))
        #expect(field.components(separatedBy: "<x@example.com>").count == 2)
        // The name comes back exactly.
        let unfolded = field.replacingOccurrences(of: "\r\n ", with: " ")
        let value = String(unfolded.dropFirst("To: ".count).dropLast(" <x@example.com>".count))
        let decoded =
            value.hasPrefix("\"") ? String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"") : decodeHeader(value)
        #expect(decoded == name)
        // No header name can appear at the start of a line.
        #expect(!field.contains("\r\nBcc") && !field.contains("\r\nX-Injected"))
    }

    @Test(arguments: [
        "Semaine 53 : 5 collègues absents, 1 jour chômé",
        "Week 53: 18 collega's afwezig, 2 vrije dagen, 4 verjaardagen, 3 diensten, " + String(repeating: "x ", count: 60),
        "a\r\nBcc: b@c.d", String(repeating: "😀", count: 100),
    ])
    func subjectsFoldAndEncode(_ subject: String) {
        let field = HeaderField.unstructured("Subject", subject)
        Self.expectSafe(field)
        #expect(decodeHeader(String(field.dropFirst("Subject: ".count))) == subject)
    }

    @Test func encodedWordsNeverSplitACharacter() {
        for word in HeaderField.unstructured("Subject", String(repeating: "é👍漢", count: 40)).components(
            separatedBy: CharacterSet(charactersIn: " \r\n")) where word.hasPrefix("=?")
        {
            let payload = word.dropFirst(10).dropLast(2)
            let bytes = Data(base64Encoded: String(payload))!
            #expect(String(data: bytes, encoding: .utf8) != nil, "\(word) is not whole UTF-8")
            #expect(word.utf8.count <= 75)
        }
    }

    @Test func listIDAndStructuredFields() {
        #expect(HeaderField.listID("Brouwerij Leiedauw NV", "digest.example.com") == "List-Id: Brouwerij Leiedauw NV <digest.example.com>")
        #expect(
            HeaderField.listID("Verrerie Sambrelune SAS \"Nord\"", "digest.example.com")
                == "List-Id: \"Verrerie Sambrelune SAS \\\"Nord\\\"\" <digest.example.com>")
        #expect(HeaderField.structured("X-Auto-Response-Suppress", ["OOF,", "AutoReply"]) == "X-Auto-Response-Suppress: OOF, AutoReply")
    }
}
