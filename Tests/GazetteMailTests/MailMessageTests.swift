import Foundation
import GazetteCore
import GazetteMail
import Testing

@Suite struct MailMessageTests {
    static func message(text: String = "Hello\n", html: String = "<p>Hello</p>\n", to name: String = "Zoë Claes") -> MailMessage {
        MailMessage(
            date: MailDate(day: CivilDate(iso: "2026-12-28")!, hour: 7, minute: 0, offsetSeconds: 3600),
            from: MailAddress.parse("Koraal HR <digest@koraal-hr.example>")!,
            to: MailAddress(displayName: name, address: "zoe@example.com")!,
            subject: "Week 53: 1 colleague out",
            messageID: MailMessage.messageID(for: ["digest", "leie", "E1002", "2026-W53"], domain: "koraal-hr.example"),
            language: "nl", list: (name: "Brouwerij Leiedauw NV", id: "digest.koraal-hr.example"),
            unsubscribe: (https: "https://ess.example/u/TOKEN", mailto: "mailto:unsubscribe@example.com?subject=unsubscribe%20TOKEN"),
            text: text, html: html)
    }

    @Test func headersAndStructure() {
        let text = String(decoding: Self.message().bytes(), as: UTF8.self)
        let boundary = Self.message().boundary
        #expect(
            text.hasPrefix(
                "Date: Mon, 28 Dec 2026 07:00:00 +0100\r\nFrom: Koraal HR <digest@koraal-hr.example>\r\nTo: =?UTF-8?B?Wm/DqyBDbGFlcw==?= <zoe@example.com>\r\n"
            ))
        for header in [
            "Subject: Week 53: 1 colleague out\r\n", "List-Id: Brouwerij Leiedauw NV <digest.koraal-hr.example>\r\n",
            "List-Unsubscribe: <https://ess.example/u/TOKEN>,\r\n <mailto:unsubscribe@example.com?subject=unsubscribe%20TOKEN>\r\n",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n", "Auto-Submitted: auto-generated\r\n",
            "X-Auto-Response-Suppress: OOF, AutoReply\r\n", "MIME-Version: 1.0\r\n",
            "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n\r\n",
        ] {
            #expect(text.contains(header), "\(header)")
        }
        let plain = text.range(of: "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable")!
        let html = text.range(of: "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable")!
        #expect(plain.lowerBound < html.lowerBound)
        #expect(text.hasSuffix("--\(boundary)--\r\n"))
        let id = Self.message().messageID
        #expect(id.range(of: "^[0-9a-f]{32}@koraal-hr\\.example$", options: .regularExpression) != nil, "\(id)")
        #expect(text.contains("Message-ID: <\(id)>\r\n"))
    }

    @Test func deterministicIDsAndBoundaries() {
        let id = MailMessage.messageID(for: ["digest", "leie", "E1002", "2026-W53"], domain: "d.example")
        #expect(id == MailMessage.messageID(for: ["digest", "leie", "E1002", "2026-W53"], domain: "d.example"))
        #expect(id != MailMessage.messageID(for: ["digest", "leie", "E1002", "2026-W52"], domain: "d.example"))
        // Parts are separated, so ("ab","c") and ("a","bc") differ.
        #expect(MailMessage.messageID(for: ["ab", "c"], domain: "d") != MailMessage.messageID(for: ["a", "bc"], domain: "d"))
        #expect(Self.message().bytes() == Self.message().bytes())
    }

    @Test func crlfOnlyAndNoLongLines() {
        let long = String(repeating: "Georgiana Clementine Fotheringham-Featherstonehaugh · Ødegaard = 100% ", count: 80)
        let bytes = Self.message(text: long + "\nend  \n", html: "<p>" + long + "</p>").bytes()
        var previous: UInt8 = 0
        var lineLength = 0
        for byte in bytes {
            if byte == 0x0A { #expect(previous == 0x0D) }
            if byte == 0x0D || byte == 0x0A { lineLength = 0 } else { lineLength += 1 }
            #expect(lineLength <= 78)
            #expect(byte < 0x80)
            previous = byte
        }
    }
}

@Suite struct QuotedPrintableTests {
    /// Decodes quoted-printable (soft breaks, =XX) back to bytes.
    static func decode(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "="), index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A {
                index += 3
            } else if bytes[index] == UInt8(ascii: "=") {
                output.append(UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)!)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    @Test(arguments: [
        "plain\n", "a = b\n", "trailing space \nand tab\t\n", "Zoë, Ødegaard, Nguyễn, 漢字, 👩🏽‍🔧\n",
        String(repeating: "é", count: 200) + "\n", String(repeating: "x", count: 75) + "=" + String(repeating: "y", count: 10) + "\n",
        "no final line end", "crlf\r\nlines\r\n", "=_gazette_ boundary lookalike\n",
    ])
    func roundTripsWithShortLines(_ text: String) {
        let encoded = QuotedPrintable.encode(text)
        let expected = Array(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
        #expect(Self.decode(encoded) == expected)
        let lines = encoded.split(separator: 0x0A, omittingEmptySubsequences: false)
        for line in lines {
            #expect(line.count <= 77)  // 76 characters and the CR
            let content = line.last == 0x0D ? line.dropLast() : line[...]
            #expect(content.last != 0x20 && content.last != 0x09, "a line ends in white space, which transport may strip")
        }
        #expect(!String(decoding: encoded, as: UTF8.self).contains("=_"))
    }

    @Test func softBreaksNeverSplitACharacter() {
        let encoded = String(decoding: QuotedPrintable.encode(String(repeating: "ë", count: 100)), as: UTF8.self)
        for line in encoded.components(separatedBy: "=\r\n").dropLast() {
            // Each line holds whole two-byte characters: =C3=AB repeated.
            #expect(line.count % 6 == 0, "\(line)")
        }
    }
}
