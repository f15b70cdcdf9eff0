import Foundation
import GazetteCore
import GazetteDigest
import GazetteTestSupport
import Testing

@testable import GazetteDelivery

/// `gazette send` as an operator runs it: bad input stops it before anything is sent (exit 2),
/// `--status` and `--json`, `--shard`, retention, the metrics file, one run per ledger at a time.
@Suite struct SendCommandTests {
    /// A sink, a fixture sending to it, and a first complete run.
    static func sentWeek(_ delivery: String = "") throws -> (DeliveryFixture, SMTPSink) {
        let sink = try SMTPSink()
        let fixture = try DeliveryFixture(delivery: "  relay: \"\(sink.url)\"\n" + delivery)
        return (fixture, sink)
    }

    @Test func badInputStopsTheRunBeforeAnythingIsSent() throws {
        let (fixture, sink) = try Self.sentWeek()
        defer { sink.stop() }
        func expectRefused(
            _ arguments: [String], _ message: String, environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
        ) throws {
            let result = try fixture.gazette(arguments, environment: environment)
            #expect(result.status == 2, "\(arguments): \(result.output) \(result.error)", sourceLocation: sourceLocation)
            #expect(result.error.contains(message), "\(result.error)", sourceLocation: sourceLocation)
            #expect(!result.error.contains("Backtrac"), sourceLocation: sourceLocation)
            #expect(sink.messages().isEmpty, sourceLocation: sourceLocation)
        }
        // A relay URL that does not parse (flag and setting).
        try expectRefused(
            ["--relay", "smtp://mail.example.com:port"],
            "--relay: \"smtp://mail.example.com:port\" is not a relay URL: the port \"port\" is not a number")
        try fixture.writeConfig("  relay: \"smtps//127.0.0.1\"\n")
        try expectRefused(
            [],
            "gazette.yml:\(try Self.line(of: "relay:", in: fixture.config)): delivery.relay \"smtps//127.0.0.1\" is not a relay URL: unknown scheme"
        )
        // A user whose password file is missing.
        try fixture.writeConfig("  relay: \"\(sink.url)\"\n  username: gazette\n  password_file: /nonexistent/smtp-password\n")
        try expectRefused([], "/nonexistent/smtp-password: cannot read the SMTP password file (delivery.password_file in ")
        // A week without a manifest, and one that does not exist.
        try fixture.writeConfig("  relay: \"\(sink.url)\"\n")
        try FileManager.default.removeItem(atPath: fixture.weekFolder + "/manifest.json")
        try expectRefused(
            ["--week", DeliveryFixture.week],
            "2026-W53: no manifest.json: the folder is not complete (gazette digest writes the manifest last); nothing was sent")
        try expectRefused(["--week", "2027-W01"], "2027-W01: no such folder: write it first (gazette digest --week 2027-W01)")
        // A manifest that is not one.
        fixture.folder.write(
            "mail/2026-W53/manifest.json", "{\"week\": \"2026-W53\", \"entries\": [{\"company\": \"leie\", \"outcome\": \"written\"}]}")
        try expectRefused([], "manifest.json: entry 1 is written but has no path or no message_id")
        fixture.folder.write(
            "mail/2026-W53/manifest.json",
            "{\"entries\": [{\"company\": \"leie\", \"employee\": \"E1\", \"outcome\": \"written\", \"path\": \"../../etc/passwd\", \"message_id\": \"<a@b>\"}]}"
        )
        try expectRefused([], "manifest.json: entry 1 has path \"../../etc/passwd\": expected a file inside the folder")
        fixture.folder.write("mail/2026-W53/manifest.json", "not json")
        try expectRefused([], "manifest.json: not a manifest Gazette can send from: not valid JSON")
        // An opt-out list that cannot be read: no guessing, nothing sent.
        let fresh = try DeliveryFixture(delivery: "  relay: \"\(sink.url)\"\n")
        fresh.folder.write("data/optouts.csv", "employee_id,at\nE1001,\"unterminated\n")
        let broken = try fresh.gazette([])
        #expect(broken.status == 2 && broken.error.contains("optouts.csv:2: "), "\(broken.error)")
        fresh.folder.write("data/optouts.csv", "employee_id,at\n")
        // An unknown state in the ledger.
        #expect(try fresh.gazette([]).status == 0)
        let count = sink.messages().count
        try fresh.execute("UPDATE messages SET state = 'pending'")
        try fresh.execute("UPDATE messages SET state = 'bounced' WHERE path = 'leie/E1001.eml'")
        let unknown = try fresh.gazette([])
        #expect(unknown.status == 2)
        #expect(unknown.error.contains("delivery.sqlite: 1 message has the unknown state \"bounced\" (e.g. 2026-W53 <"), "\(unknown.error)")
        #expect(unknown.error.contains("expected one of pending, sending, sent, deferred, failed, suppressed, uncertain; nothing was sent"))
        #expect(sink.messages().count == count)
        // A file that is not a ledger.
        let other = try DeliveryFixture(delivery: "  relay: \"\(sink.url)\"\n")
        other.folder.write("mail/delivery.sqlite", "this is not a database, but it is long enough to have a header of one...........")
        let notLedger = try other.gazette([])
        #expect(
            notLedger.status == 2 && notLedger.error.contains("delivery.sqlite: not a delivery ledger Gazette can use: "),
            "\(notLedger.error)")
        // Flags.
        #expect(try fixture.gazette(["--json"]).status == 2)
        #expect(try fixture.gazette(["--shard", "3/2"]).status == 2)
        #expect(sink.messages().count == count)
    }

    static func line(of prefix: String, in file: String) throws -> Int {
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) } ?? 0) + 1
    }

    @Test func statusCountsEveryState() throws {
        let (fixture, sink) = try Self.sentWeek("  metrics_file: \"metrics/gazette_send.prom\"\n")
        defer { sink.stop() }
        // Before any run: every message of the week is pending.
        let before = try fixture.gazette(["--status", "--json"])
        #expect(before.status == 0)
        #expect(
            before.output
                == "{\"folders\": [{\"folder\": \"2026-W53\", \"sent\": 0, \"deferred\": 0, \"failed\": 0, \"suppressed\": 0, \"uncertain\": 0, \"pending\": 52, \"sending\": 0, \"held\": 0}]}\n"
        )
        try (String(contentsOfFile: fixture.data + "/optouts.csv", encoding: .utf8) + "E1001,2026-12-27T21:00:00+01:00\n")
            .write(toFile: fixture.data + "/optouts.csv", atomically: true, encoding: .utf8)
        let sent = try fixture.gazette([])
        #expect(sent.status == 0)
        #expect(sent.output.hasPrefix("send 2026-W53: 51 sent, 0 deferred, 0 failed, 1 suppressed in "))
        let json = try fixture.gazette(["--status", "--json"])
        #expect(
            json.output
                == "{\"folders\": [{\"folder\": \"2026-W53\", \"sent\": 51, \"deferred\": 0, \"failed\": 0, \"suppressed\": 1, \"uncertain\": 0, \"pending\": 0, \"sending\": 0, \"held\": 0}]}\n"
        )
        let text = try fixture.gazette(["--status", "--week", DeliveryFixture.week])
        #expect(text.output == "2026-W53: 51 sent, 0 deferred, 0 failed, 1 suppressed, 0 uncertain, 0 pending\n")
        // The metrics file, relative to where gazette runs, for node_exporter.
        let metrics = try #require(fixture.folder.read("metrics/gazette_send.prom"))
        #expect(metrics.contains("# TYPE gazette_send_messages gauge\n"))
        #expect(metrics.contains("gazette_send_messages{folder=\"2026-W53\",state=\"sent\"} 51\n"))
        #expect(metrics.contains("gazette_send_messages{folder=\"2026-W53\",state=\"suppressed\"} 1\n"))
        #expect(metrics.contains("gazette_send_run_messages{state=\"sent\"} 51\n"))
        #expect(metrics.contains("gazette_send_run_exit_status 0\n"))
        #expect(fixture.temporaryFiles(below: fixture.folder.path).isEmpty)
        // Every line is a comment or `name{labels} value` (the text format).
        for line in metrics.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.wholeMatch(of: /gazette_send_[a-z_]+(\{[a-z]+="[^"]*"(,[a-z]+="[^"]*")*\})? [0-9.]+/) != nil, "\(line)")
        }
    }

    @Test func shardsSendTheirCompaniesWithTheirOwnLedgers() throws {
        let (fixture, sink) = try Self.sentWeek()
        defer { sink.stop() }
        let first = try fixture.gazette(["--shard", "1/2"])
        let second = try fixture.gazette(["--shard", "2/2"])
        #expect(first.status == 0 && second.status == 0)
        #expect(first.output.contains(" (shard 1/2): ") && second.output.contains(" (shard 2/2): "))
        for (index, run) in [first, second].enumerated() {
            let ledger = try fixture.ledger(fixture.mail + "/delivery.\(index + 1)-of-2.sqlite")
            let companies = Set(try fixture.writtenMessages().filter { ledger[$0.key] != nil }.map { $0.value.split(separator: "/")[0] })
            #expect(companies.allSatisfy { Shard(index: index + 1, count: 2)!.owns(String($0)) })
            #expect(run.output.hasPrefix("send 2026-W53 (shard \(index + 1)/2): \(ledger.count) sent, "))
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.ledgerPath))
        let arrivals = sink.arrivals()
        #expect(arrivals.count == 52 && arrivals.values.allSatisfy { $0 == 1 })
        #expect(Set(arrivals.keys) == Set(try fixture.writtenMessages().keys))
    }

    /// Records older than retention_days go at the start of a run; the folder is never sent again.
    @Test func expiredRecordsAreRemovedAndTheirFolderLeftAlone() async throws {
        let (fixture, sink) = try Self.sentWeek("  retention_days: 90\n")
        defer { sink.stop() }
        _ = try await fixture.send()
        #expect(sink.messages().count == 52)
        try fixture.writeFolder("2026-W52", count: 3)
        _ = try await fixture.send()
        // Ninety-one days later for the week; the other folder was written yesterday.
        try fixture.execute("UPDATE messages SET updated_at = '2026-09-01T00:00:00.000Z' WHERE folder = '2026-W53'")
        let report = try await DeliveryRun.send(
            fixture.options(), progress: .silent)
        #expect(report.expired == ["2026-W53"])
        #expect(report.retired == ["2026-W53"])
        #expect(try fixture.ledger().count == 3)
        #expect(sink.messages().count == 55)
        // Even rewritten, an expired week is not sent again.
        try fixture.execute("UPDATE folders SET manifest = 'changed' WHERE folder = '2026-W53'")
        let again = try await fixture.send(folder: DeliveryFixture.week)
        #expect(again.folders.isEmpty && again.retired == ["2026-W53"])
        #expect(sink.messages().count == 55)
    }

    /// A second run while one holds the ledger stops at once (exit 1).
    @Test func oneRunPerLedgerAtATime() throws {
        let (fixture, sink) = try Self.sentWeek()
        defer { sink.stop() }
        let held = try #require(try FileLock.take(fixture.mail + "/.delivery.sqlite.lock", .exclusive, wait: false))
        let result = try fixture.gazette([])
        #expect(result.status == 1)
        #expect(result.error.contains("gazette: another gazette send is using the ledger \(fixture.ledgerPath)"), "\(result.error)")
        #expect(sink.messages().isEmpty)
        held.release()
        #expect(try fixture.gazette([]).status == 0)
    }

    /// A rewritten week: a message not sent yet that the new manifest no longer lists is withdrawn;
    /// a new one is added; those sent are not sent again.
    @Test func aRewrittenManifestIsFollowed() async throws {
        let (fixture, sink) = try Self.sentWeek()
        defer { sink.stop() }
        try fixture.writeFolder("2027-W02", count: 5)
        _ = try await fixture.send(folder: "2027-W02")
        try fixture.writeFolder("2027-W02", count: 7)
        try fixture.execute("UPDATE messages SET state = 'pending', attempts = 0 WHERE message_id = '<5.2027-W02@gazette-test.example>'")
        // The new manifest drops message 5 (not sent) and message 1 (sent).
        let manifest = fixture.mail + "/2027-W02/manifest.json"
        let text = try String(contentsOfFile: manifest, encoding: .utf8).split(separator: "\n")
            .filter { !$0.contains("<5.2027-W02@") && !$0.contains("<1.2027-W02@") }.joined(separator: "\n")
        try AtomicOutput.write(text.replacingOccurrences(of: "},\n]", with: "}\n]"), to: manifest)
        let report = try await fixture.send(folder: "2027-W02")
        #expect(report.withdrawn == 1)
        let ledger = try fixture.ledger()
        #expect(ledger["<5.2027-W02@gazette-test.example>"] == nil)
        #expect(ledger["<1.2027-W02@gazette-test.example>"]?.state == "sent")
        let arrivals = sink.arrivals()
        #expect(arrivals.count == 7 && arrivals.values.allSatisfy { $0 == 1 })
        #expect(arrivals["<7.2027-W02@gazette-test.example>"] == 1)
    }

    /// On a terminal (here `script`'s pseudo-terminal) a progress bar is drawn on standard error; piped,
    /// none (the other tests see an empty standard error).
    @Test func aTerminalGetsAProgressBar() throws {
        let (fixture, sink) = try Self.sentWeek()
        defer { sink.stop() }
        let command = [TestSupport.gazetteBinary, "send", "--mail", fixture.mail, "--config", fixture.config, "--data", fixture.data]
            .map { "'" + $0 + "'" }.joined(separator: " ")
        let result = try runProgram("/usr/bin/script", ["-qec", command, "/dev/null"])
        #expect(result.status == 0)
        #expect(result.output.contains("\rsend [") && result.output.contains("] 52/52"), "\(result.output)")
        #expect(result.output.contains("send 2026-W53: 52 sent, 0 deferred, 0 failed, 0 suppressed in "))
    }
}
