import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` at any moment loses nothing and sends nothing twice: a 5,000-message run into smtp-sink
/// is killed at 20 random moments and run again each time; in the end every message arrived exactly
/// once, except those the ledger calls uncertain (at most one per connection per kill), which
/// arrived at most once, and no temporary file is left.
@Suite struct CrashSafetyTests {
    static let messages = 5000
    static let kills = 20
    static let connections = 4

    @Test func killedRunsLoseNothingAndSendNothingTwice() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let fixture = try DeliveryFixture(
            delivery: "  relay: \"\(sink.url)\"\n  connections: \(Self.connections)\n  metrics_file: \"metrics/gazette_send.prom\"\n",
            sample: false)
        let ids = try fixture.writeFolder("2026-W53", count: Self.messages, size: 2500)
        var random = SeededGenerator(seed: 20_261_228)
        // The moments are set by the run's progress, not by the clock, so that they fall into a run
        // however fast the machine sends: every fourth in the start-up (before the ledger is open, or
        // as it opens), the others once the sink holds a number of messages spread over the whole run.
        let inStartUp = { (round: Int) in round % 4 == 0 }
        var targets = (0..<Self.kills).filter { !inStartUp($0) }.map { _ in Int(random.next() % UInt64(Self.messages - 200)) + 50 }
            .sorted().makeIterator()
        var killed = 0
        for round in 0..<Self.kills {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: TestSupport.gazetteBinary)
            process.arguments = ["send", "--mail", fixture.mail, "--config", fixture.config, "--data", fixture.data]
            process.currentDirectoryURL = URL(fileURLWithPath: fixture.folder.path)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try ChildProcess.launch(process)
            if inStartUp(round) {
                usleep(UInt32(random.next() % 60_000))
            } else if let target = targets.next() {
                let deadline = ContinuousClock.now + .seconds(60)
                while process.isRunning, sink.received() < target, ContinuousClock.now < deadline { usleep(1000) }
                // And a little later: not always just as a message has been taken.
                usleep(UInt32(random.next() % 3000))
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
        }
        // Every moment fell into a run: none had finished (a run that finished sent everything).
        #expect(killed == Self.kills, "only \(killed) of \(Self.kills) runs were killed")
        #expect(sink.received() < Self.messages, "the kills fell before the last message was taken")
        let last = try fixture.gazette(["--week", "2026-W53"])
        #expect(last.status == 0, "\(last.output) \(last.error)")

        let ledger = try fixture.ledger()
        #expect(ledger.count == Self.messages)
        let uncertain = Set(ledger.filter { $0.value.state == "uncertain" }.map(\.key))
        let sent = Set(ledger.filter { $0.value.state == "sent" }.map(\.key))
        #expect(sent.count + uncertain.count == Self.messages, "\(ledger.values.map(\.state))")
        print("crash safety: \(killed) kills, \(uncertain.count) uncertain, \(sent.count) sent")
        #expect(uncertain.count <= Self.connections * killed, "\(uncertain.count) uncertain after \(killed) kills")
        let arrivals = sink.arrivals()
        for id in ids {
            let count = arrivals[id] ?? 0
            if uncertain.contains(id) {
                #expect(count <= 1, "\(id) arrived \(count) times")
            } else {
                #expect(count == 1, "\(id) arrived \(count) times")
            }
        }
        #expect(Set(arrivals.keys).isSubset(of: Set(ids)))
        #expect(fixture.temporaryFiles(below: fixture.folder.path).isEmpty, "\(fixture.temporaryFiles(below: fixture.folder.path))")
        // The summary said so too, and a run after that has nothing to send.
        #expect(last.output.hasPrefix("send 2026-W53: \(sent.count) sent, 0 deferred, 0 failed, 0 suppressed"), "\(last.output)")
        #expect(try fixture.gazette([]).output == "send: nothing to send in \(fixture.mail)\n")
    }
}
