import Crypto

/// A service notice about the customer's contract (a policy-change announcement): RFC 5322 with
/// MIME multipart/mixed around a multipart/alternative part (text/plain, then text/html, UTF-8
/// quoted-printable) and the attached files (base64), CRLF line ends.
///
/// Written like a digest (the same header encoding, deterministic Message-ID and boundaries, no
/// clock, no randomness), but it is not a list message: no `List-Id`, no `List-Unsubscribe`, no
/// `Precedence: bulk` (a contact cannot unsubscribe from being told that their contract changes).
public struct NoticeMessage: Sendable {
    /// A file attached to the message (the PDF of the new version).
    public struct Attachment: Sendable {
        /// ASCII letters, digits, `.`, `_` and `-` only, so that it needs no encoding in the header.
        public var fileName: String
        /// `application/pdf`.
        public var contentType: String
        public var bytes: [UInt8]

        public init(fileName: String, contentType: String, bytes: [UInt8]) {
            precondition(!fileName.isEmpty && fileName.utf8.allSatisfy(Self.isFileNameByte), "attachment file names are plain ASCII")
            self.fileName = fileName
            self.contentType = contentType
            self.bytes = bytes
        }

        static func isFileNameByte(_ byte: UInt8) -> Bool {
            MailAddress.isLetterOrDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    public var date: MailDate
    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    /// `unique@domain`, without angle brackets (`MailMessage.messageID(for:domain:)`).
    public var messageID: String
    /// The language of the content (`Content-Language`).
    public var language: String
    public var textBody: [UInt8]
    public var htmlBody: [UInt8]
    public var attachments: [Attachment]

    public init(
        date: MailDate, from: MailAddress, to: MailAddress, subject: String, messageID: String, language: String, textBody: [UInt8],
        htmlBody: [UInt8], attachments: [Attachment]
    ) {
        self.date = date
        self.from = from
        self.to = to
        self.subject = subject
        self.messageID = messageID
        self.language = language
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
    }

    public var text: String { String(decoding: textBody, as: UTF8.self) }
    public var html: String { String(decoding: htmlBody, as: UTF8.self) }

    /// The outer (mixed) and inner (alternative) boundaries: hashes of the Message-ID, in a form that
    /// cannot occur in quoted-printable or base64 text (neither ever holds `=_`).
    public var boundaries: (mixed: String, alternative: String) {
        let hash = MailMessage.hex(SHA256.hash(data: Array(("notice\u{0}" + messageID).utf8)))
        return ("=_gazette_mixed_" + hash.prefix(24), "=_gazette_alt_" + hash.dropFirst(24).prefix(24))
    }

    /// The header fields, in order, each without its final CRLF.
    public var headerFields: [String] {
        [
            HeaderField.structured("Date", [date.description]),
            HeaderField.mailbox("From", from),
            HeaderField.mailbox("To", to),
            HeaderField.unstructured("Subject", subject),
            HeaderField.structured("Message-ID", ["<" + messageID + ">"]),
        ] + MailMessage.noAutoReplyFields + [
            HeaderField.structured("Content-Language", [language]),
            MailMessage.mimeVersion,
            HeaderField.structured("Content-Type", ["multipart/mixed;", "boundary=\"" + boundaries.mixed + "\""]),
        ]
    }

    /// The whole message.
    public func bytes() -> [UInt8] {
        let (mixed, alternative) = boundaries
        var output: [UInt8] = []
        output.reserveCapacity(
            textBody.count * 9 / 8 + htmlBody.count * 9 / 8 + attachments.reduce(0) { $0 + $1.bytes.count * 4 / 3 + 512 } + 2048)
        for field in headerFields {
            output.append(contentsOf: field.utf8)
            output.append(contentsOf: [0x0D, 0x0A])
        }
        output.append(contentsOf: [0x0D, 0x0A])
        output.append(contentsOf: "--\(mixed)\r\n".utf8)
        output.append(
            contentsOf: (HeaderField.structured("Content-Type", ["multipart/alternative;", "boundary=\"" + alternative + "\""]) + "\r\n\r\n")
                .utf8)
        MailMessage.appendAlternativeBody(text: textBody, html: htmlBody, boundary: alternative, to: &output)
        for attachment in attachments {
            output.append(contentsOf: "--\(mixed)\r\n".utf8)
            output.append(
                contentsOf: (HeaderField.structured("Content-Type", [attachment.contentType + ";", "name=\"" + attachment.fileName + "\""])
                    + "\r\n").utf8)
            output.append(
                contentsOf: (HeaderField.structured("Content-Disposition", ["attachment;", "filename=\"" + attachment.fileName + "\""])
                    + "\r\n").utf8)
            output.append(contentsOf: "Content-Transfer-Encoding: base64\r\n\r\n".utf8)
            // RFC 2045 §6.8: lines of at most 76 characters.
            let encoded = Array(Base64.encode(attachment.bytes).utf8)
            var start = 0
            while start < encoded.count {
                let end = min(start + 76, encoded.count)
                output.append(contentsOf: encoded[start..<end])
                output.append(contentsOf: [0x0D, 0x0A])
                start = end
            }
        }
        output.append(contentsOf: "--\(mixed)--\r\n".utf8)
        return output
    }
}

extension NoticeMessage: OutgoingMessage {}
