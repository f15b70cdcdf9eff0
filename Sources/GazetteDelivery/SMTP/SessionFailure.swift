/// Why a connection could not be opened (greeting, EHLO, STARTTLS, AUTH): in words, and whether
/// trying again in this run can help (`permanent`: a refused password, a certificate that does not
/// verify, TLS required and not offered).
struct SessionFailure: Error, Sendable, CustomStringConvertible {
    var text: String
    var permanent: Bool
    var description: String { text }
}
