/// Why an SMTP conversation stopped before its end.
enum SMTPError: Error, Equatable, CustomStringConvertible {
    /// No reply within the timeout: what was awaited.
    case timeout(Int64)
    /// The server broke the protocol (a reply line too long, not a reply).
    case protocolViolation(String)
    /// The connection closed while a reply was owed.
    case connectionClosed
    /// TLS was required and the server does not offer it; or it offered no AUTH method we know.
    case refused(String)

    var description: String {
        switch self {
        case .timeout(let seconds): return "no reply from the relay within \(seconds) s"
        case .protocolViolation(let text): return "the relay broke the SMTP protocol: \(text)"
        case .connectionClosed: return "the relay closed the connection"
        case .refused(let text): return text
        }
    }
}
