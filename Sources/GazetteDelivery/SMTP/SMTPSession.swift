import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP conversation with the relay (RFC 5321): greeting, EHLO, STARTTLS (RFC 3207), AUTH
/// (RFC 4954: PLAIN, RFC 4616, or LOGIN), then any number of message transactions (MAIL, RCPT, DATA;
/// pipelined as RFC 2920 allows when offered; RSET after a refused one), then QUIT.
struct SMTPSession {
    let settings: SMTPSessionSettings
    let channel: Channel
    private var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<SMTPRequest>
    private(set) var capabilities = SMTPCapabilities()
    private(set) var encrypted: Bool
    /// False once the connection cannot carry another transaction (lost, 421, a failed RSET).
    private(set) var usable = true

    init(
        settings: SMTPSessionSettings, channel: Channel, inbound: NIOAsyncChannelInboundStream<SMTPReply>,
        outbound: NIOAsyncChannelOutboundWriter<SMTPRequest>
    ) {
        self.settings = settings
        self.channel = channel
        self.replies = inbound.makeAsyncIterator()
        self.outbound = outbound
        self.encrypted = settings.implicitTLS
    }

    // MARK: Opening

    /// Greeting, EHLO, STARTTLS when offered (required with `require_tls`), AUTH when a user is set.
    mutating func open() async throws(SessionFailure) {
        do {
            let greeting = try await reply()
            guard greeting.code == 220 else {
                throw SessionFailure(text: "the relay refused the connection: \(greeting)", permanent: greeting.isPermanent)
            }
            try await hello()
            if !encrypted, capabilities.startTLS || settings.requireTLS {
                guard capabilities.startTLS else {
                    throw SessionFailure(
                        text:
                            "the relay does not offer STARTTLS and delivery.require_tls is true: nothing is sent over an unencrypted connection",
                        permanent: true)
                }
                let answer = try await command("STARTTLS", startsTLS: true)
                if answer.code == 220 {
                    try await startTLS()
                    try await hello()
                } else if settings.requireTLS {
                    throw SessionFailure(
                        text: "the relay refused STARTTLS (\(answer)) and delivery.require_tls is true", permanent: !answer.isTransient)
                }
            }
            if let credentials = settings.credentials { try await authenticate(credentials) }
        } catch let failure as SessionFailure {
            usable = false
            throw failure
        } catch {
            usable = false
            throw SessionFailure(text: Self.describe(error), permanent: Self.isPermanent(error))
        }
    }

    private mutating func hello() async throws {
        let ehlo = try await command("EHLO " + settings.heloName)
        if ehlo.code == 250 {
            capabilities = SMTPCapabilities(ehlo: ehlo)
            return
        }
        // A server without ESMTP: HELO, and no extensions.
        guard ehlo.code == 500 || ehlo.code == 502 else {
            throw SessionFailure(text: "the relay refused EHLO: \(ehlo)", permanent: ehlo.isPermanent)
        }
        let helo = try await command("HELO " + settings.heloName)
        guard helo.code == 250 else { throw SessionFailure(text: "the relay refused HELO: \(helo)", permanent: helo.isPermanent) }
        capabilities = SMTPCapabilities()
    }

    private mutating func startTLS() async throws {
        let context = settings.tls
        let serverHostname = settings.serverHostname
        let channel = self.channel
        try await channel.eventLoop.flatSubmit { () -> EventLoopFuture<Void> in
            do {
                let handler = try channel.pipeline.syncOperations.handler(type: SMTPClientHandler.self)
                if handler.plaintextAfterSTARTTLS {
                    throw SessionFailure(
                        text:
                            "the relay sent more data after its reply to STARTTLS, before TLS began (a sign of command injection on the way): not going on",
                        permanent: true)
                }
                handler.tlsInstalled()
                try channel.pipeline.syncOperations.addHandler(
                    NIOSSLClientHandler(context: context, serverHostname: serverHostname), position: .first)
                return channel.eventLoop.makeSucceededVoidFuture()
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
        }.get()
        encrypted = true
    }

    private mutating func authenticate(_ credentials: SMTPCredentials) async throws {
        guard encrypted || settings.loopback else {
            throw SessionFailure(
                text: "the relay offers no TLS, and the password is never sent unencrypted to another machine: "
                    + "use a relay that offers STARTTLS, or smtps://", permanent: true)
        }
        let mechanisms = capabilities.authMechanisms
        let answer: SMTPReply
        if mechanisms.contains("PLAIN") {
            answer = try await command("AUTH PLAIN " + credentials.plainResponse)
        } else if mechanisms.contains("LOGIN") {
            let start = try await command("AUTH LOGIN")
            guard start.code == 334 else { throw Self.authFailure(start, credentials) }
            let user = try await command(Data(credentials.username.utf8).base64EncodedString())
            guard user.code == 334 else { throw Self.authFailure(user, credentials) }
            answer = try await command(Data(credentials.password.utf8).base64EncodedString())
        } else {
            let offered = mechanisms.isEmpty ? "none" : mechanisms.sorted().joined(separator: " ")
            throw SessionFailure(
                text: "delivery.username is set but the relay offers no AUTH PLAIN or LOGIN (it offers: \(offered))", permanent: true)
        }
        guard answer.code == 235 else { throw Self.authFailure(answer, credentials) }
    }

    private static func authFailure(_ reply: SMTPReply, _ credentials: SMTPCredentials) -> SessionFailure {
        SessionFailure(text: "the relay refused the login of \"\(credentials.username)\": \(reply)", permanent: !reply.isTransient)
    }

    // MARK: Messages

    /// What a message needs to be offered: its envelope recipient, its size (for SIZE) and whether it
    /// has 8-bit bytes (for BODY=8BITMIME).
    struct Offer {
        var recipient: String
        var size: Int
        var eightBit: Bool
    }

    /// MAIL FROM with its parameters, or nil when the relay's SIZE is smaller than the message.
    private func mailCommand(_ offer: Offer) -> String? {
        var mail = "MAIL FROM:<\(settings.envelopeFrom)>"
        if let limit = capabilities.size {
            if limit > 0, offer.size > limit { return nil }
            mail += " SIZE=\(offer.size)"
        }
        if offer.eightBit, capabilities.eightBitMIME { mail += " BODY=8BITMIME" }
        return mail
    }

    /// RCPT TO for the offer's recipient.
    private static func rcptCommand(_ offer: Offer) -> String { "RCPT TO:<\(offer.recipient)>" }

    /// MAIL, RCPT and DATA as one pipelined group (RFC 2920), each with its line end.
    private static func group(mail: String, rcpt: String) -> String { mail + "\r\n" + rcpt + "\r\nDATA\r\n" }

    /// Whether the last `transfer` sent the next message's MAIL, RCPT and DATA after its data, in the
    /// same write (`next`); its replies come next, and the next `transfer` is told `envelopeSent`.
    private(set) var offeredNext = false

    /// One message: MAIL, RCPT and DATA (in one group when pipelining is offered), then, after the
    /// relay's 354 and once `markSending` has recorded that the data is about to go, the data.
    /// `data` is the DATA content (SMTPData).
    ///
    /// With pipelining, the data may open the next group (RFC 2920 3.1): `next` is asked, once this
    /// message's `sending` is recorded, for the message to offer after it, and its MAIL, RCPT and DATA
    /// go out with this data, saving the relay one wait per message. Its data still waits for its own
    /// 354 and its own `sending` mark, so a lost connection never leaves more than one message whose
    /// data went without a reply. `envelopeSent`: this message's group went out that way.
    mutating func transfer(
        _ offer: Offer, data: ByteBuffer, envelopeSent: Bool = false, markSending: () async throws -> Void,
        next: () -> Offer? = { nil }
    ) async -> TransferOutcome {
        offeredNext = false
        guard let mail = mailCommand(offer) else {
            return .failed("the message is \(offer.size) bytes and the relay takes at most \(capabilities.size ?? 0) (SIZE)")
        }
        let rcpt = Self.rcptCommand(offer)
        do {
            var refusal: SMTPReply?
            let dataReply: SMTPReply
            if capabilities.pipelining {
                if !envelopeSent { try await write(Self.group(mail: mail, rcpt: rcpt), replies: 3) }
                // A 421 says the relay is closing: the replies after it will not come.
                let mailReply = try await reply()
                if mailReply.code == 421 { return await reset(after: mailReply) }
                let rcptReply = try await reply()
                if rcptReply.code == 421 { return await reset(after: rcptReply) }
                dataReply = try await reply()
                refusal = [mailReply, rcptReply].first { !$0.isPositive }
            } else {
                let mailReply = try await command(mail)
                guard mailReply.isPositive else { return await reset(after: mailReply) }
                let rcptReply = try await command(rcpt)
                guard rcptReply.isPositive else { return await reset(after: rcptReply) }
                dataReply = try await command("DATA")
            }
            guard dataReply.code == 354 else { return await reset(after: refusal ?? dataReply) }
            if let refusal {
                // A server that says 354 although it refused the sender or the recipient gets an
                // empty message, which it must refuse, and the transaction is reset.
                try await write(".\r\n", replies: 1)
                _ = try await reply()
                return await reset(after: refusal)
            }
        } catch {
            usable = false
            return .deferred("the connection was lost before the data was sent: \(Self.describe(error))")
        }
        do {
            try await markSending()
        } catch {
            // The ledger cannot record it: the data must not go.
            usable = false
            return .deferred("not sent: \(error)")
        }
        do {
            var requests = [SMTPRequest(bytes: data, replies: 1, timeout: settings.timeout * 2)]
            if capabilities.pipelining, let following = next() {
                if let followingMail = mailCommand(following) {
                    let group = Self.group(mail: followingMail, rcpt: Self.rcptCommand(following))
                    requests.append(SMTPRequest(bytes: channel.allocator.buffer(string: group), replies: 3, timeout: settings.timeout))
                    offeredNext = true
                }
            }
            try await outbound.write(contentsOf: requests)
            let answer = try await reply()
            if answer.code == 421 { usable = false }
            if (200..<300).contains(answer.code) { return .sent(answer.description) }
            if answer.isTransient { return .deferred(answer.description) }
            if answer.isPermanent { return .failed(answer.description) }
            usable = false
            return .uncertain("the relay answered the data with \(answer)")
        } catch {
            usable = false
            return .uncertain("the data was sent and no reply came: \(Self.describe(error))")
        }
    }

    /// After a refused MAIL, RCPT or DATA: the outcome it gives, and RSET so that the connection can
    /// carry the next message (not after 421: the relay is closing).
    private mutating func reset(after refusal: SMTPReply) async -> TransferOutcome {
        let outcome: TransferOutcome = refusal.isPermanent ? .failed(refusal.description) : .deferred(refusal.description)
        if refusal.code == 421 {
            usable = false
            return outcome
        }
        do {
            let answer = try await command("RSET")
            if answer.code != 250 { usable = false }
        } catch {
            usable = false
        }
        return outcome
    }

    /// QUIT, and its reply (waited for briefly; the connection closes either way).
    mutating func quit() async {
        guard usable else { return }
        usable = false
        _ = try? await command("QUIT", timeout: .seconds(5))
    }

    // MARK: Wire

    private mutating func reply() async throws -> SMTPReply {
        guard let reply = try await replies.next() else { throw SMTPError.connectionClosed }
        return reply
    }

    private mutating func command(_ text: String, startsTLS: Bool = false, timeout: TimeAmount? = nil) async throws
        -> SMTPReply
    {
        try await write(text + "\r\n", replies: 1, startsTLS: startsTLS, timeout: timeout)
        return try await reply()
    }

    private func write(_ text: String, replies: Int, startsTLS: Bool = false, timeout: TimeAmount? = nil) async throws {
        let bytes = channel.allocator.buffer(string: text)
        try await outbound.write(SMTPRequest(bytes: bytes, replies: replies, timeout: timeout ?? settings.timeout, startsTLS: startsTLS))
    }

    /// An error of the connection in words.
    static func describe(_ error: Error) -> String {
        if let failure = error as? SessionFailure { return failure.text }
        if let error = error as? SMTPError { return error.description }
        if let error = error as? NIOSSLError {
            switch error {
            case .handshakeFailed(let inner):
                return "TLS with the relay failed: \(inner) (a certificate the system does not trust? delivery.ca_file names a private CA)"
            case .uncleanShutdown: return "the relay closed the TLS connection without a TLS goodbye"
            default: return "TLS with the relay failed: \(error)"
            }
        }
        if let error = error as? NIOConnectionError {
            if let dns = error.dnsAError ?? error.dnsAAAAError { return "cannot find the address of \(error.host): \(dns)" }
            if let first = error.connectionErrors.first { return describe(first.error) }
            return "cannot connect to \(error.host):\(error.port)"
        }
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
        if error is ChannelError {
            if case ChannelError.connectTimeout(let amount) = error {
                return "no connection within \(amount.nanoseconds / 1_000_000_000) s"
            }
            return "the connection failed: \(error)"
        }
        return "\(error)"
    }

    /// A certificate that does not verify will not verify on the next try either.
    static func isPermanent(_ error: Error) -> Bool {
        if let error = error as? NIOSSLError, case .handshakeFailed = error { return true }
        if let error = error as? NIOSSLExtraError {
            _ = error
            return true
        }
        return false
    }
}
