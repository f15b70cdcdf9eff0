/// A message Gazette writes (a digest, a policy-change notice): its bytes, and the moment of its
/// `Date:` field (the signatures' `t=`).
public protocol OutgoingMessage: Sendable {
    var date: MailDate { get }
    /// The whole message, RFC 5322 with CRLF line ends.
    func bytes() -> [UInt8]
}

extension MailMessage: OutgoingMessage {}
