import NIOCore

/// A server's reply (RFC 5321 4.2): a three-digit code and its lines of text (the code and the
/// separator taken off each line).
struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    var code: Int
    var lines: [String]

    var isPositive: Bool { (200..<400).contains(code) }
    /// 4xx: try again later.
    var isTransient: Bool { (400..<500).contains(code) }
    /// 5xx: never.
    var isPermanent: Bool { code >= 500 }

    /// The reply as one line, as the ledger and the summaries show it: `550 5.1.1 <x@y>: unknown user`.
    /// Characters a terminal would act on are replaced, and a long reply is cut.
    var description: String {
        let text = lines.joined(separator: " ")
        let shown = text.isEmpty ? String(code) : String(code) + " " + text
        let clean = String(shown.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        return clean.count > 500 ? String(clean.prefix(500)) + "…" : clean
    }
}

/// What the client writes: bytes, and how many replies they ask for (so that the reply timeout is
/// armed only while a reply is owed).
struct SMTPRequest: Sendable {
    var bytes: ByteBuffer
    /// Replies this request asks for: 1 for a command, 3 for a pipelined MAIL, RCPT and DATA, 0 for
    /// bytes that ask for none.
    var replies: Int
    /// How long each of them may take.
    var timeout: TimeAmount
    /// The request is STARTTLS: after its 220, nothing may come before TLS.
    var startsTLS = false
}
