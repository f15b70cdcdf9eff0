import Foundation
import Testing

@testable import GazetteDelivery

/// A message file's header read on bytes for the three fields sending needs (To, Message-ID, Date),
/// whatever the case of their names, folded or not, the first of each; and the eight-bit test.
@Suite struct MessageFileTests {
    static func message(_ header: String, body: String = "Hello.\r\n") -> [UInt8] {
        Array((header.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n" + body).utf8)
    }

    @Test func readsTheFieldsItNeedsWhateverTheirCase() throws {
        let bytes = Self.message(
            """
            Date: Mon, 28 Dec 2026 07:00:00 +0100
            From: HR <digest@example.com>
            TO: "Eva, de Vries" <eva@example.com>
            Subject: Week 53
            message-ID: <w53.e1@example.com>
            MIME-Version: 1.0

            """)
        let file = try MessageFile(bytes: bytes, messageID: "<w53.e1@example.com>")
        #expect(file.recipient == "eva@example.com")
        #expect(file.date == Date(timeIntervalSince1970: 1_798_437_600))
        #expect(!file.hasEightBitBytes)
    }

    @Test func foldedValuesAreUnfoldedAndTheFirstFieldCounts() {
        let bytes = Self.message(
            """
            To: "A long display name that the writer folded"
             <folded@example.com>
            X-To: other@example.com
            To: second@example.com
            Message-ID:
            \t<folded.id@example.com>
            Tox: not-a-to@example.com

            To: in-the-body@example.com
            """)
        let values = MessageFile.fields(MessageFile.wanted, in: bytes)
        #expect(values[0] == " \"A long display name that the writer folded\" <folded@example.com>")
        #expect(values[1] == "\t<folded.id@example.com>")
        #expect(values[2] == nil)
    }

    @Test func aHeaderWithoutToOrWithAnotherMessageIDIsUnusable() {
        #expect(throws: MessageFile.Problem.unusable("the message has no To: header, so it has no recipient")) {
            try MessageFile(bytes: Self.message("Message-ID: <a@example.com>\n"), messageID: "<a@example.com>")
        }
        #expect(throws: MessageFile.Problem.self) {
            try MessageFile(bytes: Self.message("To: a@example.com\nMessage-ID: <b@example.com>\n"), messageID: "<a@example.com>")
        }
        #expect(throws: MessageFile.Problem.self) {
            try MessageFile(
                bytes: Self.message("To: a@example.com, b@example.com\nMessage-ID: <a@example.com>\n"), messageID: "<a@example.com>")
        }
    }

    /// One byte of 0x80 or more anywhere, in the eight-byte steps or the tail, is found.
    @Test func anEightBitByteIsFoundAtEveryPosition() {
        for count in [1, 7, 8, 9, 16, 23] {
            #expect(!MessageFile.hasEightBitBytes(Array(repeating: 0x7F, count: count)))
            for position in 0..<count {
                var bytes = [UInt8](repeating: 0x41, count: count)
                bytes[position] = 0xC3
                #expect(MessageFile.hasEightBitBytes(bytes), "\(count) bytes, at \(position)")
            }
        }
        #expect(!MessageFile.hasEightBitBytes([]))
    }

    @Test func addressLists() {
        #expect(MessageFile.splitAddresses(" Eva <eva@example.com> ") == ["Eva <eva@example.com>"])
        #expect(MessageFile.splitAddresses(" \"Vries, Eva\" <eva@example.com>") == ["\"Vries, Eva\" <eva@example.com>"])
        #expect(MessageFile.splitAddresses("a@example.com, b@example.com") == ["a@example.com", "b@example.com"])
        #expect(MessageFile.splitAddresses("  ").isEmpty)
    }
}
