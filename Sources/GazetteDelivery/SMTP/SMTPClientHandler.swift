import NIOCore

/// The SMTP client's channel handler: splits what the server sends into replies (RFC 5321 4.2:
/// `250-first line`, …, `250 last line`) and writes requests, keeping count of the replies owed so
/// that a reply that does not come within its request's timeout closes the connection with
/// `SMTPError.timeout` (an idle connection between messages has no timer running).
///
/// It also guards STARTTLS: bytes that arrive after the reply to STARTTLS and before TLS is in place
/// could have been injected by someone on the path (CVE-2011-0411); `plaintextAfterSTARTTLS` says so,
/// and the session refuses to go on.
final class SMTPClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = SMTPReply
    typealias OutboundIn = SMTPRequest
    typealias OutboundOut = ByteBuffer

    /// Longest reply line accepted (RFC 5321 allows 512; servers write longer texts).
    static let maximumLineLength = 8192
    /// Most lines in one reply (EHLO lists a few dozen).
    static let maximumLines = 200

    private var buffer: ByteBuffer?
    private var code: Int?
    private var lines: [String] = []
    /// Replies owed, per request in order, with each one's timeout.
    private var owed: [(count: Int, timeout: TimeAmount, startsTLS: Bool)] = []
    private var timer: Scheduled<Void>?
    private(set) var plaintextAfterSTARTTLS = false
    private var awaitingTLS = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if request.replies > 0 {
            owed.append((request.replies, request.timeout, request.startsTLS))
            if timer == nil { arm(context) }
        }
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if awaitingTLS { plaintextAfterSTARTTLS = true }
        if buffer == nil {
            buffer = incoming
        } else {
            buffer!.writeBuffer(&incoming)
        }
        do {
            try parse(context: context)
        } catch {
            fail(context: context, error)
        }
    }

    /// Called on the event loop by the session right before TLS goes in: from now on, bytes are TLS
    /// records and reach this handler decrypted.
    func tlsInstalled() {
        awaitingTLS = false
    }

    private func parse(context: ChannelHandlerContext) throws {
        while var readable = buffer, readable.readableBytes > 0 {
            guard let newline = readable.readableBytesView.firstIndex(of: 0x0A) else {
                if readable.readableBytes > Self.maximumLineLength {
                    throw SMTPError.protocolViolation("a reply line longer than \(Self.maximumLineLength) bytes")
                }
                return
            }
            let length = newline - readable.readerIndex
            guard length <= Self.maximumLineLength else {
                throw SMTPError.protocolViolation("a reply line longer than \(Self.maximumLineLength) bytes")
            }
            var line = readable.readBytes(length: length)!
            readable.moveReaderIndex(forwardBy: 1)
            if line.last == 0x0D { line.removeLast() }
            buffer = readable.readableBytes == 0 ? nil : readable
            try take(line, context: context)
        }
    }

    private func take(_ line: [UInt8], context: ChannelHandlerContext) throws {
        guard line.count >= 3, line[0...2].allSatisfy({ (0x30...0x39).contains($0) }), (0x32...0x35).contains(line[0]),
            line.count == 3 || line[3] == 0x20 || line[3] == 0x2D
        else {
            throw SMTPError.protocolViolation("\"\(String(decoding: line.prefix(80), as: UTF8.self))\" is not a reply")
        }
        let lineCode = Int(line[0] - 0x30) * 100 + Int(line[1] - 0x30) * 10 + Int(line[2] - 0x30)
        if let code, code != lineCode {
            throw SMTPError.protocolViolation("a reply whose lines have different codes (\(code), \(lineCode))")
        }
        code = lineCode
        lines.append(line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : "")
        if lines.count > Self.maximumLines { throw SMTPError.protocolViolation("a reply of more than \(Self.maximumLines) lines") }
        guard line.count == 3 || line[3] == 0x20 else { return }
        let reply = SMTPReply(code: lineCode, lines: lines)
        code = nil
        lines = []
        var startsTLS = false
        if !owed.isEmpty {
            startsTLS = owed[0].startsTLS && owed[0].count == 1
            owed[0].count -= 1
            if owed[0].count == 0 { owed.removeFirst() }
        }
        timer?.cancel()
        timer = nil
        if !owed.isEmpty { arm(context) }
        if startsTLS, reply.code == 220 {
            awaitingTLS = true
            if buffer != nil { plaintextAfterSTARTTLS = true }
        }
        context.fireChannelRead(wrapInboundOut(reply))
    }

    private func arm(_ context: ChannelHandlerContext) {
        let timeout = owed[0].timeout
        // Both are only touched on the event loop, where the task runs.
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) {
            bound.value.handler.timer = nil
            bound.value.handler.fail(context: bound.value.context, SMTPError.timeout(timeout.nanoseconds / 1_000_000_000))
        }
    }

    private func fail(context: ChannelHandlerContext, _ error: Error) {
        timer?.cancel()
        timer = nil
        owed = []
        buffer = nil
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }
}
