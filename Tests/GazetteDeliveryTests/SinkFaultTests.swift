import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteDelivery

/// Faults, made by `smtp-sink`'s switches: refusals at RCPT and DATA (soft and hard), 421, the
/// connection dropped after DATA or after the final dot, slow replies. Every message ends in the
/// state the contract gives, none is lost, none arrives twice, and the exit status says so.
@Suite struct SinkFaultTests {
    /// A run of `gazette send` into a sink started with `options`; the fixture, sink and result.
    static func run(_ options: [String], delivery: String = "", count: Int? = nil) throws -> (DeliveryFixture, SMTPSink, ProgramResult) {
        let sink = try SMTPSink(options)
        let fixture = try DeliveryFixture(delivery: "  relay: \"\(sink.url)\"\n" + delivery, sample: count == nil)
        if let count { try fixture.writeFolder("small", count: count) }
        let result = try fixture.gazette([])
        return (fixture, sink, result)
    }

    /// 5xx to every recipient (and no PIPELINING: the commands one at a time): every message failed
    /// with the reply, each listed; exit 0, as nothing is left to retry; the relay is not slowed down.
    @Test func hardRefusalsFailEveryMessage() throws {
        let (fixture, sink, result) = try Self.run(["-f", "RCPT", "-B", "550 5.1.1 no such user"])
        defer { sink.stop() }
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasPrefix("send 2026-W53: 0 sent, 0 deferred, 52 failed, 0 suppressed in "))
        #expect(
            result.error.split(separator: "\n").filter { $0.hasPrefix("failed: 2026-W53/") && $0.hasSuffix(": 550 5.1.1 no such user") }
                .count == 52,
            "\(result.error)")
        #expect(sink.messages().isEmpty)
        #expect(try fixture.states() == ["failed": 52])
        // RSET after each refusal kept the connections going: a handful of sessions, not one a message.
        #expect(sink.sessions() <= 5, "\(sink.sessions())")
        // Nothing is tried again.
        let again = try fixture.gazette([])
        #expect(again.status == 0 && again.output == "send: nothing to send in \(fixture.mail)\n")
    }

    /// 4xx to every recipient: deferred; the relay pushes back, so the run slows down (fewer
    /// connections, pauses out of max_wait_seconds) and stops instead of trying all 52; exit 75.
    @Test func softRefusalsDeferAndSlowTheRunDown() throws {
        let (fixture, sink, result) = try Self.run(["-r", "RCPT"], delivery: "  max_wait_seconds: 2\n")
        defer { sink.stop() }
        #expect(result.status == 75, "\(result.error)")
        #expect(result.output.hasPrefix("send 2026-W53: 0 sent, 52 deferred, 0 failed, 0 suppressed in "))
        #expect(
            result.error.contains("send: stopped early: the relay kept pushing back (last: 450 4.3.0 Error: command failed)"),
            "\(result.error)")
        #expect(sink.messages().isEmpty)
        let ledger = try fixture.ledger()
        #expect(ledger.values.allSatisfy { $0.state == "deferred" })
        let tried = ledger.values.filter { $0.attempts == 1 }
        #expect(tried.count >= 3 && tried.count < 20, "\(tried.count) tried")
        #expect(tried.allSatisfy { $0.reply == "450 4.3.0 Error: command failed" })
        #expect(
            ledger.values.filter { $0.attempts == 0 }.allSatisfy { $0.reply?.hasPrefix("not tried: the relay kept pushing back") == true })
    }

    /// 421 (the relay closing) at RCPT: deferred, the connection dropped, one connection fewer and a
    /// pause each time.
    @Test func fourTwentyOneSlowsDownAtOnce() throws {
        let (fixture, sink, result) = try Self.run(["-Q", "RCPT"], delivery: "  max_wait_seconds: 1\n")
        defer { sink.stop() }
        #expect(result.status == 75)
        #expect(try fixture.states() == ["deferred": 52])
        let tried = try fixture.ledger().values.filter { $0.attempts == 1 }
        #expect(
            tried.count <= 6
                && tried.allSatisfy {
                    $0.reply == "421 4.3.0 smtp-sink Closing connection" || $0.reply == "421 4.0.0 Server closing connection"
                },
            "\(tried)")
        #expect(sink.sessions() <= 10, "\(sink.sessions())")
    }

    /// Each case: smtp-sink's switches, the delivery settings, the state and reply every message tried
    /// must end in, and the exit status.
    static let cases: [(options: [String], delivery: String, state: String, reply: String, exit: Int32)] = [
        // The connection dropped after DATA, before the data: deferred.
        (
            ["-q", "DATA"], "  max_wait_seconds: 0\n", "deferred",
            "the connection was lost before the data was sent: the relay closed the connection", 75
        ),
        // Dropped after the final dot, before the reply: uncertain, never sent again.
        (["-q", "."], "", "uncertain", "the data was sent and no reply came: the relay closed the connection", 0),
        // 421 to the data: the relay says it did not take it: deferred.
        (["-Q", "."], "  max_wait_seconds: 0\n", "deferred", "421 4.0.0 Server closing connection", 75),
        // 5xx to the data: failed.
        (["-f", "."], "", "failed", "500 5.3.0 Error: command failed", 0),
        // 4xx to DATA itself: deferred.
        (["-r", "DATA"], "  max_wait_seconds: 0\n", "deferred", "450 4.3.0 Error: command failed", 75),
        // A slow reply to RCPT, longer than timeout_seconds: deferred. (Without PIPELINING, -p:
        // smtp-sink answers a pipelined DATA before the RCPT it delays.)
        (
            ["-p", "-W", "RCPT:3"], "  timeout_seconds: 1\n  max_wait_seconds: 0\n", "deferred",
            "the connection was lost before the data was sent: no reply from the relay within 1 s", 75
        ),
        // A slow reply to the data, longer than twice timeout_seconds: uncertain.
        (
            ["-W", ".:3"], "  timeout_seconds: 1\n", "uncertain", "the data was sent and no reply came: no reply from the relay within 2 s",
            0
        ),
        // Slow, but within the timeout: sent (one connection: smtp-sink sleeps for all of them at once).
        (["-p", "-W", "RCPT:1"], "  timeout_seconds: 3\n  connections: 1\n", "sent", "250 2.0.0 Ok", 0),
    ]

    @Test(arguments: 0..<cases.count)
    func everyFaultEndsInItsState(_ index: Int) throws {
        let fault = Self.cases[index]
        let (fixture, sink, result) = try Self.run(fault.options, delivery: fault.delivery, count: 4)
        defer { sink.stop() }
        #expect(result.status == fault.exit, "\(fault.options): \(result.output) \(result.error)")
        let ledger = try fixture.ledger()
        #expect(ledger.count == 4)
        // The first message tried shows the reply (a pass that stopped leaves the rest "not tried").
        let tried = ledger.values.filter { $0.attempts > 0 }
        #expect(!tried.isEmpty && tried.allSatisfy { $0.state == fault.state && $0.reply == fault.reply }, "\(fault.options): \(ledger)")
        #expect(ledger.values.allSatisfy { $0.state == fault.state || ($0.state == "deferred" && $0.attempts == 0) })
        let arrived = sink.arrivals()
        switch fault.state {
        case "sent": #expect(arrived.count == 4 && arrived.values.allSatisfy { $0 == 1 })
        // smtp-sink keeps a message it refuses at the final dot (-Q ., -f .): the relay's word counts.
        case "deferred", "failed": #expect(fault.options.last == "." || arrived.isEmpty)
        default: #expect(arrived.values.allSatisfy { $0 == 1 })
        }
        // Whatever is final is never sent again; what is deferred is, by a later run.
        let before = sink.messages().count
        let again = try fixture.gazette([])
        #expect(fault.state == "deferred" || again.output == "send: nothing to send in \(fixture.mail)\n", "\(again.output)")
        #expect(fault.state == "deferred" || sink.messages().count == before)
    }

    /// Nothing listens on the relay's port: exit 1 ("cannot be reached at all"), the messages stay
    /// deferred for a later run, with the reason.
    @Test func anUnreachableRelayExitsOne() throws {
        let port = LoopbackPort.free()
        let fixture = try DeliveryFixture(delivery: "  relay: \"smtp://127.0.0.1:\(port)\"\n")
        let result = try fixture.gazette([])
        #expect(result.status == 1, "\(result.output) \(result.error)")
        #expect(result.output.hasPrefix("send 2026-W53: 0 sent, 52 deferred, 0 failed, 0 suppressed in "))
        #expect(
            result.error.contains("gazette: the relay could not be reached: cannot connect to 127.0.0.1:\(port): Connection refused"),
            "\(result.error)")
        let ledger = try fixture.ledger()
        #expect(
            ledger.values.allSatisfy {
                $0.state == "deferred" && $0.attempts == 0 && $0.reply?.hasPrefix("not tried: cannot connect to 127.0.0.1") == true
            })
    }

    /// `rate` caps messages a second over all connections: 12 messages at 10 a second take at least 1.1 s.
    @Test func theRateIsKept() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let fixture = try DeliveryFixture(delivery: "  relay: \"\(sink.url)\"\n  rate: 10\n", sample: false)
        try fixture.writeFolder("small", count: 12)
        let start = Date()
        let result = try fixture.gazette([])
        #expect(result.status == 0)
        #expect(Date().timeIntervalSince(start) >= 1.1)
        #expect(sink.arrivals().count == 12)
    }

    /// `connections` connections at once, each carrying message after message (and QUIT at the end).
    @Test func connectionsAreFewAndCarryManyMessages() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let fixture = try DeliveryFixture(delivery: "  relay: \"\(sink.url)\"\n  connections: 2\n")
        let result = try fixture.gazette([])
        #expect(result.status == 0)
        #expect(sink.arrivals().count == 52 && sink.arrivals().values.allSatisfy { $0 == 1 })
        // Two sessions, and the start-up probe.
        #expect(sink.sessions() == 3, "\(sink.sessions())")
        #expect(
            sink.server.logText.split(separator: "\n").filter { $0.hasSuffix(": QUIT") || $0.hasSuffix(": quit") }.count == 2,
            "\(sink.server.logText.suffix(2000))")
    }
}
