import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteDelivery

/// RFC 2920 3.1: with a relay that offers PIPELINING, the next message's MAIL, RCPT and DATA go out
/// with the data before it, so the relay answers one group per message instead of two. A relay of the
/// test's own (Tests/Tools/pipelining-relay.py) holds its reply to each message's data until the
/// next MAIL FROM arrives (or 1.5 s), and says which came first.
@Suite struct PipeliningTests {
    @Test func theNextEnvelopeGoesWithTheDataBeforeIt() throws {
        let scratch = ScratchFolder("gazette-pipelining")
        let port = LoopbackPort.free()
        let report = scratch.path + "/report.txt"
        let relay = try LocalServer(
            "pipelining-relay", executable: "/usr/bin/python3",
            arguments: [TestSupport.path("Tests/Tools/pipelining-relay.py"), String(port), report], port: port,
            log: scratch.path + "/relay.log")
        defer { relay.stop() }
        // One connection, so that every message but the last has one after it on the same connection.
        let fixture = try DeliveryFixture(delivery: "  relay: \"smtp://127.0.0.1:\(port)\"\n  connections: 1\n", sample: false)
        let ids = try fixture.writeFolder("w", count: 6)
        let result = try fixture.gazette([])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(try fixture.states() == ["sent": ids.count])
        let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n").map(String.init)
        // Each message's group went with the data before it; only the last had no next to send.
        #expect(lines == Array(repeating: "next-before-reply", count: ids.count - 1) + ["waited"])
    }
}
