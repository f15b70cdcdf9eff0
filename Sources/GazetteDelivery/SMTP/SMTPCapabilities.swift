/// What a server offers in its EHLO reply (RFC 5321 4.1.1.1): the extensions the client uses.
struct SMTPCapabilities: Sendable, Equatable {
    /// RFC 2920: commands may be sent in groups.
    var pipelining = false
    /// RFC 1870: the largest message the server takes (0: no limit given); nil when SIZE is not offered.
    var size: Int?
    /// RFC 3207.
    var startTLS = false
    /// RFC 4954: the SASL mechanisms offered, uppercase.
    var authMechanisms: Set<String> = []
    /// RFC 6152.
    var eightBitMIME = false

    init() {}

    /// Reads the lines of a 250 reply to EHLO (the first names the server).
    init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "PIPELINING": pipelining = true
            case "SIZE": size = words.count > 1 ? Int(words[1]) ?? 0 : 0
            case "STARTTLS": startTLS = true
            case "AUTH": authMechanisms.formUnion(words.dropFirst())
            case "8BITMIME": eightBitMIME = true
            default:
                // Old servers announce AUTH=LOGIN.
                if keyword.hasPrefix("AUTH=") { authMechanisms.formUnion(keyword.dropFirst(5).split(separator: " ").map(String.init)) }
            }
        }
    }
}
