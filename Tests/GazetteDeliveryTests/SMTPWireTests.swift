import NIOCore
import NIOEmbedded
import Testing

@testable import GazetteDelivery

/// The bytes on the wire: DATA transparency and line ends (RFC 5321 4.5.2, 2.3.8), replies split into
/// lines and codes (4.2), the reply timeout, STARTTLS injection, EHLO keywords.
@Suite struct SMTPWireTests {
    static func encoded(_ text: String) -> String {
        String(decoding: SMTPData.encode(Array(text.utf8)), as: UTF8.self)
    }

    @Test(arguments: [
        // Gazette's files: CRLF already; only the end is added.
        ("A: b\r\n\r\nbody\r\n", "A: b\r\n\r\nbody\r\n.\r\n"),
        // A line that starts with a dot gets a second one, wherever it is.
        (".hidden\r\n", "..hidden\r\n.\r\n"),
        ("a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n.\r\n"),
        ("a\r\n..two\r\n", "a\r\n...two\r\n.\r\n"),
        ("a\r\n. \r\n", "a\r\n.. \r\n.\r\n"),
        // A dot inside a line is left alone.
        ("a.b\r\n", "a.b\r\n.\r\n"),
        // Bare LF and bare CR become CRLF (2.3.8), before a dot is looked at.
        ("a\nb\n", "a\r\nb\r\n.\r\n"),
        ("a\n.b\n", "a\r\n..b\r\n.\r\n"),
        ("a\rb\r\n", "a\r\nb\r\n.\r\n"),
        // No line end at the end: one is added, so the final dot is on a line of its own.
        ("last line", "last line\r\n.\r\n"),
        (".", "..\r\n.\r\n"),
        ("", ".\r\n"),
        // Empty lines stay.
        ("a\r\n\r\n\r\n", "a\r\n\r\n\r\n.\r\n"),
    ])
    func dataIsTransparent(_ input: String, _ expected: String) {
        #expect(Self.encoded(input) == expected)
    }

    /// A long message goes out unchanged in its runs of bytes (the fast path) and still gets every dot.
    @Test func aLargeMessageKeepsItsBytes() {
        var text = ""
        var expected = ""
        for index in 0..<5000 {
            let line = index % 7 == 0 ? ".line \(index)\r\n" : "line \(index) with some text\r\n"
            text += line
            expected += index % 7 == 0 ? "." + line : line
        }
        #expect(Self.encoded(text) == expected + ".\r\n")
    }

    /// The line-at-a-time encoder gives what the byte-by-byte loop gives, for every message of up
    /// to seven bytes made of text, dots, CRs and LFs (every mix of CRLF lines, bare line ends, dots at
    /// a line start and a missing last line end; 21,844 messages).
    @Test func theFastPathAgreesWithTheByteLoop() {
        let alphabet: [UInt8] = [0x61, 0x2E, 0x0D, 0x0A]
        var disagreements: [String] = []
        var messages: [[UInt8]] = [[]]
        for _ in 1...7 {
            messages = messages.flatMap { message in alphabet.map { message + [$0] } }
            for message in messages where SMTPData.encode(message) != SMTPData.encodeByteByByte(message) {
                disagreements.append(String(decoding: message, as: UTF8.self).debugDescription)
            }
        }
        #expect(disagreements.prefix(5) == [], "\(disagreements.count) messages encoded differently")
    }

    static func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(SMTPClientHandler())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 25)).wait()
        return channel
    }

    static func request(_ text: String, replies: Int = 1, seconds: Int64 = 5, startsTLS: Bool = false) -> SMTPRequest {
        SMTPRequest(bytes: ByteBuffer(string: text), replies: replies, timeout: .seconds(seconds), startsTLS: startsTLS)
    }

    @Test func repliesAreSplitIntoLinesWhereverTheReadsBreak() throws {
        let channel = try Self.channel()
        try channel.writeOutbound(Self.request("EHLO me\r\n"))
        _ = try channel.readOutbound(as: ByteBuffer.self)
        for part in ["250-relay.exam", "ple\r\n250-PIPE", "LINING\r\n250-SIZE 1000\r", "\n250 STARTTLS\r\n"] {
            try channel.writeInbound(ByteBuffer(string: part))
        }
        let reply = try #require(try channel.readInbound(as: SMTPReply.self))
        #expect(reply == SMTPReply(code: 250, lines: ["relay.example", "PIPELINING", "SIZE 1000", "STARTTLS"]))
        #expect(try channel.readInbound(as: SMTPReply.self) == nil)
        let capabilities = SMTPCapabilities(ehlo: reply)
        #expect(capabilities.pipelining && capabilities.startTLS && capabilities.size == 1000 && !capabilities.eightBitMIME)
        // Three pipelined replies in one read; a bare code; LF alone.
        try channel.writeOutbound(Self.request("MAIL\r\nRCPT\r\nDATA\r\n", replies: 3))
        try channel.writeInbound(ByteBuffer(string: "250 2.1.0 Ok\r\n550 5.1.1 <x@y>: no\n354\r\n"))
        #expect(try channel.readInbound(as: SMTPReply.self) == SMTPReply(code: 250, lines: ["2.1.0 Ok"]))
        #expect(try channel.readInbound(as: SMTPReply.self)?.description == "550 5.1.1 <x@y>: no")
        #expect(try channel.readInbound(as: SMTPReply.self) == SMTPReply(code: 354, lines: [""]))
        _ = try channel.finish()
    }

    @Test(arguments: ["hello\r\n", "25\r\n", "250x\r\n", "650 no\r\n", "250-a\r\n251 b\r\n"])
    func aLineThatIsNoReplyClosesTheConnection(_ text: String) throws {
        let channel = try Self.channel()
        #expect(throws: SMTPError.self) { try channel.writeInbound(ByteBuffer(string: text)) }
        #expect(!channel.isActive)
    }

    @Test func anEndlessLineClosesTheConnection() throws {
        let channel = try Self.channel()
        #expect(throws: SMTPError.protocolViolation("a reply line longer than 8192 bytes")) {
            try channel.writeInbound(ByteBuffer(string: "250-" + String(repeating: "x", count: 9000)))
        }
    }

    /// A reply owed and not coming within its timeout closes the connection; an idle connection
    /// (no reply owed) has no timer.
    @Test func aMissingReplyTimesOut() throws {
        let channel = try Self.channel()
        let loop = channel.embeddedEventLoop
        loop.advanceTime(by: .seconds(60))
        #expect(channel.isActive)
        try channel.writeOutbound(Self.request("NOOP\r\n", seconds: 3))
        loop.advanceTime(by: .seconds(2))
        try channel.writeInbound(ByteBuffer(string: "250 ok\r\n"))
        #expect(try channel.readInbound(as: SMTPReply.self)?.code == 250)
        // Answered in time: the timer is gone.
        loop.advanceTime(by: .seconds(10))
        #expect(channel.isActive)
        try channel.writeOutbound(Self.request("DATA\r\n", seconds: 3))
        loop.advanceTime(by: .seconds(4))
        #expect(throws: SMTPError.timeout(3)) { try channel.throwIfErrorCaught() }
        #expect(!channel.isActive)
    }

    /// Bytes right behind the 220 to STARTTLS were not protected by TLS: the session must not take them.
    @Test func plaintextAfterTheSTARTTLSReplyIsNoticed() throws {
        let injected = try Self.channel()
        try injected.writeOutbound(Self.request("STARTTLS\r\n", startsTLS: true))
        try injected.writeInbound(ByteBuffer(string: "220 go ahead\r\n250 injected\r\n"))
        #expect(try injected.pipeline.syncOperations.handler(type: SMTPClientHandler.self).plaintextAfterSTARTTLS)
        let clean = try Self.channel()
        try clean.writeOutbound(Self.request("STARTTLS\r\n", startsTLS: true))
        try clean.writeInbound(ByteBuffer(string: "220 go ahead\r\n"))
        #expect(try !clean.pipeline.syncOperations.handler(type: SMTPClientHandler.self).plaintextAfterSTARTTLS)
    }

    @Test func repliesAreShownWithoutControlCharacters() {
        let reply = SMTPReply(code: 550, lines: ["5.7.1 \u{1B}[31mred", "second"])
        #expect(reply.description == "550 5.7.1  [31mred second")
    }
}
