import Crypto

/// One email, written as RFC 5322 with MIME multipart/alternative (text/plain, then text/html, both
/// UTF-8 quoted-printable) and CRLF line ends.
///
/// Everything in it is deterministic: the boundary derives from the Message-ID, nothing reads the
/// clock or a random source, so the same message gives the same bytes.
public struct MailMessage: Sendable {
    public var date: MailDate
    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    /// `unique@domain`, without angle brackets (see `messageID(for:domain:)`).
    public var messageID: String
    /// The language of the content (`Content-Language`).
    public var language: String
    /// `List-Id`: the list's name and its id (`digest.koraal-hr.example`).
    public var list: (name: String, id: String)
    /// `List-Unsubscribe`: the https URL and the mailto URL, both ASCII without spaces.
    public var unsubscribe: (https: String, mailto: String)
    /// The plain-text body, UTF-8.
    public var textBody: [UInt8]
    /// The HTML body, UTF-8.
    public var htmlBody: [UInt8]

    public var text: String {
        get { String(decoding: textBody, as: UTF8.self) }
        set { textBody = Array(newValue.utf8) }
    }

    public var html: String {
        get { String(decoding: htmlBody, as: UTF8.self) }
        set { htmlBody = Array(newValue.utf8) }
    }

    public init(
        date: MailDate, from: MailAddress, to: MailAddress, subject: String, messageID: String, language: String,
        list: (name: String, id: String), unsubscribe: (https: String, mailto: String), text: String, html: String
    ) {
        self.init(
            date: date, from: from, to: to, subject: subject, messageID: messageID, language: language, list: list,
            unsubscribe: unsubscribe, textBody: Array(text.utf8), htmlBody: Array(html.utf8))
    }

    /// A message whose bodies are already UTF-8 bytes (a batch renders its templates into bytes).
    public init(
        date: MailDate, from: MailAddress, to: MailAddress, subject: String, messageID: String, language: String,
        list: (name: String, id: String), unsubscribe: (https: String, mailto: String), textBody: [UInt8], htmlBody: [UInt8]
    ) {
        self.date = date
        self.from = from
        self.to = to
        self.subject = subject
        self.messageID = messageID
        self.language = language
        self.list = list
        self.unsubscribe = unsubscribe
        self.textBody = textBody
        self.htmlBody = htmlBody
    }

    /// A boundary that cannot occur in a quoted-printable body (which never holds `=_`).
    public var boundary: String {
        "=_gazette_" + Self.hex(SHA256.hash(data: Array(messageID.utf8))).prefix(24)
    }

    /// The header fields, in order, each without its final CRLF.
    public var headerFields: [String] { headerFields(boundary: boundary) }

    /// The header fields with a boundary already computed (`bytes()` needs it three times more).
    func headerFields(boundary: String) -> [String] {
        let shared = self.shared ?? Shared(date: date, from: from, list: list)
        return [
            shared.date,
            shared.from,
            HeaderField.mailbox("To", to),
            HeaderField.unstructured("Subject", subject),
            HeaderField.structured("Message-ID", ["<" + messageID + ">"]),
            shared.listID,
            HeaderField.structured("List-Unsubscribe", ["<" + unsubscribe.https + ">,", "<" + unsubscribe.mailto + ">"]),
        ] + Self.constantFields + [
            HeaderField.structured("Content-Language", [language]),
            Self.mimeVersion,
            HeaderField.structured("Content-Type", ["multipart/alternative;", "boundary=\"" + boundary + "\""]),
        ]
    }

    /// The fields every message of one sender, list and send moment has in common, written once
    /// (a batch writes thousands of messages per company).
    public struct Shared: Sendable {
        let date: String
        let from: String
        let listID: String

        public init(date: MailDate, from: MailAddress, list: (name: String, id: String)) {
            self.date = HeaderField.structured("Date", [date.description])
            self.from = HeaderField.mailbox("From", from)
            self.listID = HeaderField.listID(list.name, list.id)
        }
    }

    /// Set by a batch to reuse the common fields; they must match `date`, `from` and `list`.
    public var shared: Shared?

    /// What tells out-of-office responders not to answer (RFC 3834, and Exchange's own field): on
    /// digests and announcements alike.
    static let noAutoReplyFields = [
        HeaderField.structured("Auto-Submitted", ["auto-generated"]),
        HeaderField.structured("X-Auto-Response-Suppress", ["OOF,", "AutoReply"]),
    ]
    static let constantFields =
        [HeaderField.structured("List-Unsubscribe-Post", ["List-Unsubscribe=One-Click"])] + noAutoReplyFields
        + [HeaderField.structured("Precedence", ["bulk"])]
    static let mimeVersion = HeaderField.structured("MIME-Version", ["1.0"])

    /// The whole message.
    public func bytes() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(textBody.count + textBody.count / 8 + htmlBody.count + htmlBody.count / 8 + 2048)
        let boundary = self.boundary
        for field in headerFields(boundary: boundary) {
            output.append(contentsOf: field.utf8)
            output.append(0x0D)
            output.append(0x0A)
        }
        output.append(0x0D)
        output.append(0x0A)
        Self.appendAlternativeBody(text: textBody, html: htmlBody, boundary: boundary, to: &output)
        return output
    }

    /// The parts of a multipart/alternative body (text/plain, then text/html, UTF-8
    /// quoted-printable) and its closing boundary: a digest's whole body, an announcement's first part.
    static func appendAlternativeBody(text: [UInt8], html: [UInt8], boundary: String, to output: inout [UInt8]) {
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            output.append(contentsOf: "--\(boundary)\r\n".utf8)
            output.append(contentsOf: "Content-Type: \(type); charset=utf-8\r\n".utf8)
            output.append(contentsOf: "Content-Transfer-Encoding: quoted-printable\r\n\r\n".utf8)
            output.append(contentsOf: body.withUnsafeBufferPointer { QuotedPrintable.encode($0) })
            // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1): a body
            // that ends with a line break keeps it only when the delimiter brings its own.
            output.append(contentsOf: [0x0D, 0x0A])
        }
        output.append(contentsOf: "--\(boundary)--\r\n".utf8)
    }

    /// A Message-ID that is the same for the same parts (company, employee, week…) and unique
    /// between them: `<hex of SHA-256>@domain`.
    public static func messageID(for parts: [String], domain: String) -> String {
        var data: [UInt8] = Array("gazette-message-id".utf8)
        for part in parts {
            data.append(0)
            data.append(contentsOf: part.utf8)
        }
        return hex(SHA256.hash(data: data)).prefix(32) + "@" + domain
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        for byte in digest {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
