import Foundation
import GazetteMail
import Testing

/// Reading messages back (for the preview): what `MailMessage` writes comes back whole.
@Suite struct ReadMessageTests {
    @Test func aWrittenMessageReadsBackWhole() throws {
        let text = "Dag Zoë,\n= is not an escape; a very long line " + String(repeating: "ëé€ ", count: 60) + "\nend  \n"
        let html = "<p lang=\"nl\">Zoë &amp; Ødegaard</p>\n"
        let message = MailMessageTests.message(text: text, html: html, to: "Zoë \"Z\" Claes, Jr.\r\nBcc: eve@example.com")
        let read = try #require(ReadMessage(message.bytes()))
        #expect(read.fields.map(\.name) == message.headerFields.map { String($0.prefix { $0 != ":" }) })
        #expect(read.field("to")?.decoded == "Zoë \"Z\" Claes, Jr.\r\nBcc: eve@example.com <zoe@example.com>")
        #expect(read.field("Subject")?.decoded == "Week 53: 1 colleague out")
        // Unfolded: the CRLF goes, the white space after it stays.
        #expect(
            read.field("List-Unsubscribe")?.value
                == "<https://ess.example/u/TOKEN>, <mailto:unsubscribe@example.com?subject=unsubscribe%20TOKEN>")
        #expect(read.parts.map(\.mediaType) == ["text/plain", "text/html"])
        // Quoted-printable gives CRLF line ends; the line end before a boundary belongs to the boundary
        // (RFC 2046 §5.1.1, as Python's email package reads it), and the writer adds that one, so a
        // body's own final line break is kept: the content is the same.
        #expect(read.text(ofType: "text/plain") == text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(read.text(ofType: "text/html") == html.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test(arguments: [
        ("=?UTF-8?B?Wm/DqyBDbGFlcw==?= <zoe@example.com>", "Zoë Claes <zoe@example.com>"),
        // White space between adjacent encoded-words goes; between a word and text it stays.
        ("=?UTF-8?B?V2VlayA1Mzog?= =?UTF-8?B?MyBjb2xsw6hndWVz?= absents", "Week 53: 3 collègues absents"),
        ("=?iso-8859-1?q?Ren=E9_Magritte?=", "René Magritte"),
        ("=?UTF-8?Q?caf=C3=A9?=", "café"),
        ("plain text =? not a word", "plain text =? not a word"),
        ("=?KOI8-R?B?8NLJ18XU?=", "=?KOI8-R?B?8NLJ18XU?="),
        ("=?UTF-8?B?!!!?=", "=?UTF-8?B?!!!?="),
    ])
    func encodedWordsDecode(_ value: String, _ decoded: String) {
        #expect(EncodedWords.decode(value) == decoded)
    }

    @Test func quotedPrintableAndBase64Decode() {
        #expect(QuotedPrintable.decode(Array("caf=C3=A9 =3D x=\r\ny =\nz".utf8)) == Array("café = xy z".utf8))
        #expect(QuotedPrintable.decode(Array("bad =ZZ end=".utf8)) == Array("bad =ZZ end".utf8))
        let text = "Zoë & Ødegaard: 100% ✓\r\nline two\r\n"
        #expect(QuotedPrintable.decode(QuotedPrintable.encode(text)) == Array(text.utf8))
        #expect(Base64.decode("Wm/DqyBD\r\nbGFlcw==") == Array("Zoë Cla".utf8) + Array("es".utf8))
        #expect(Base64.decode("Wm-D") == nil)
        #expect(Base64.decode("Wg=x") == nil)
    }

    @Test func singlePartAndBase64Bodies() throws {
        let eml =
            "Subject: =?UTF-8?B?w6k=?=\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\nWm/DqyBDbGFlcw==\r\n"
        let read = try #require(ReadMessage(Array(eml.utf8)))
        #expect(read.field("subject")?.decoded == "é")
        #expect(read.text(ofType: "text/plain") == "Zoë Claes")
        #expect(ReadMessage(Array("no header here\r\n".utf8)) == nil)
    }
}
