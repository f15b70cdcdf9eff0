import Foundation
import GRDB
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteDelivery

/// The ledger itself: WAL with the chosen sync, what a killed run left `sending`, times, the journal.
@Suite struct LedgerTests {
    @Test func theLedgerIsInWALModeAndSyncsAsSet() throws {
        let folder = ScratchFolder("gazette-ledger")
        let normal = try Ledger(path: folder.path + "/normal.sqlite")
        #expect(try normal.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try normal.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 1)
        try normal.close()
        let full = try Ledger(path: folder.path + "/full.sqlite", syncEveryCommit: true)
        #expect(try full.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
        try full.close()
        // Closing checkpoints the WAL away: the file alone holds everything.
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/normal.sqlite-wal"))
    }

    /// A page of due messages is read by id from the cursor (the primary key), never by reading and
    /// sorting every row of the folder: each page costs the same however large the week is.
    @Test func duePagesWalkThePrimaryKey() throws {
        let fixture = try DeliveryFixture(sample: false)
        try fixture.writeFolder("2026-W53", count: 30)
        let folder = try OutboxFolder.list(in: fixture.mail)[0]
        let ledger = try Ledger(path: fixture.ledgerPath)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try ledger.importFolder(folder, entries: folder.entries(), shard: nil, now: now)
        let plan = try ledger.read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN " + Ledger.dueQuery(folders: 2),
                arguments: [LedgerTime.text(now), 0, 10, "2026-W53", "2026-W52"]
            ).map { $0["detail"] as String }
        }
        #expect(plan == ["SEARCH messages USING INTEGER PRIMARY KEY (rowid>?)"], "\(plan)")
        // And it still reads the due messages of those folders only, by pages.
        let first = try ledger.due(in: ["2026-W53"], at: now, after: 0, limit: 10)
        let second = try ledger.due(in: ["2026-W53"], at: now, after: first.last!.id, limit: 100)
        #expect(first.count == 10 && second.count == 20)
        #expect(try ledger.due(in: ["2026-W52"], at: now, after: 0, limit: 100).isEmpty)
        try ledger.close()
    }

    /// A run killed while handing a message over left it `sending`: the next run makes it uncertain
    /// (it may have been delivered) and never sends it again; the others stay as they were.
    @Test func messagesLeftSendingBecomeUncertain() async throws {
        let fixture = try DeliveryFixture(sample: false)
        let ids = try fixture.writeFolder("2026-W53", count: 3)
        let folder = try OutboxFolder.list(in: fixture.mail)[0]
        let ledger = try Ledger(path: fixture.ledgerPath)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try ledger.importFolder(folder, entries: folder.entries(), shard: nil, now: now) == (3, 0))
        let jobs = try ledger.due(in: ["2026-W53"], at: now, after: 0, limit: 10)
        #expect(jobs.map(\.messageID) == ids)
        let journal = LedgerJournal(ledger)
        try await journal.commit(.sending(id: jobs[0].id, recipient: "person1@example.test", at: now))
        journal.note(
            .outcome(
                id: jobs[1].id, state: .sent, reply: "250 ok", attempts: 1, recipient: "person2@example.test", at: now, nextAttempt: nil))
        try journal.finish()
        #expect(try ledger.recoverInterrupted(now: now) == 1)
        let rows = try fixture.ledger()
        #expect(rows[ids[0]]?.state == "uncertain" && rows[ids[0]]?.attempts == 1 && rows[ids[0]]?.reply == Ledger.interruptedReply)
        #expect(rows[ids[1]]?.state == "sent")
        #expect(rows[ids[2]]?.state == "pending")
        // Only the pending one is due.
        #expect(try ledger.due(in: ["2026-W53"], at: now, after: 0, limit: 10).map(\.messageID) == [ids[2]])
        // Importing the same manifest again adds nothing.
        #expect(try ledger.importFolder(folder, entries: folder.entries(), shard: nil, now: now) == (0, 0))
        try ledger.close()
    }

    @Test func timesAreUTCTextThatSortsAsTime() {
        let date = Date(timeIntervalSince1970: 1_798_441_200.25)
        #expect(LedgerTime.text(date) == "2026-12-28T07:00:00.250Z")
        #expect(LedgerTime.date("2026-12-28T07:00:00.250Z") == date)
        #expect(LedgerTime.date("2026-12-28 07:00") == nil)
        #expect(LedgerTime.text(date) < LedgerTime.text(date.addingTimeInterval(0.001)))
    }

    @Test func ledgerSyncIsNormalOrFull() throws {
        let folder = ScratchFolder("gazette-settings")
        folder.write(
            "gazette.yml", "delivery:\n  relay: \"smtp://127.0.0.1:25\"\n  envelope_from: b@example.com\n  ledger_sync: sometimes\n")
        #expect(
            throws: InputError(
                InputProblem(path: folder.path + "/gazette.yml", line: 4, "delivery.ledger_sync is \"sometimes\": expected normal or full"))
        ) {
            try DeliverySettings(from: SettingsFile.load(folder.path + "/gazette.yml"))
        }
        folder.write("gazette.yml", "delivery:\n  relay: \"smtp://127.0.0.1:25\"\n  envelope_from: b@example.com\n  ledger_sync: full\n")
        #expect(try DeliverySettings(from: SettingsFile.load(folder.path + "/gazette.yml")).syncEveryCommit)
    }
}

/// `hold_until_date`: a message is not sent before the moment of its Date header.
@Suite struct HoldUntilDateTests {
    @Test(arguments: [
        ("Mon, 28 Dec 2026 07:00:00 +0100", "2026-12-28T06:00:00.000Z"),
        ("28 Dec 2026 07:00 +0100", "2026-12-28T06:00:00.000Z"),
        ("Sun, 3 Jan 2027 23:59:59 -0500 (EST)", "2027-01-04T04:59:59.000Z"),
        ("Mon, 28 Dec 26 07:00:00 GMT", "2026-12-28T07:00:00.000Z"),
        ("Mon, 28 Dec 2026 07:00:00 PST", "2026-12-28T15:00:00.000Z"),
    ])
    func datesAreRead(_ text: String, _ moment: String) {
        #expect(MessageDate.parse(text).map(LedgerTime.text) == moment)
    }

    @Test(arguments: ["", "yesterday", "Mon, 31 Feb 2026 07:00:00 +0100", "Mon, 28 Foo 2026 07:00 +0100", "28 Dec 2026 25:00 +0100"])
    func nonDatesAreNot(_ text: String) {
        #expect(MessageDate.parse(text) == nil)
    }

    @Test func aMessageWaitsForItsDateAndIsThenSent() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let fixture = try DeliveryFixture(delivery: "  relay: \"\(sink.url)\"\n  hold_until_date: true\n", sample: false)
        // Dated Mon, 28 Dec 2026 07:00:00 +0100.
        try fixture.writeFolder("2026-W53", count: 4)
        var options = fixture.options()
        options.clock = { LedgerTime.date("2026-12-27T12:00:00.000Z")! }
        let sunday = try await DeliveryRun.send(options)
        #expect(sunday.exitStatus == 0)
        #expect(
            DeliveryReport.summary(of: sunday.folders[0]).hasPrefix(
                "send 2026-W53: 0 sent, 0 deferred, 0 failed, 0 suppressed, 4 held until 2026-12-28 06:00 UTC (their Date) in "))
        #expect(sink.messages().isEmpty)
        #expect(try fixture.ledger().values.allSatisfy { $0.state == "pending" && $0.attempts == 0 })
        #expect(try DeliveryStatus.folders(options).first?.held == 4)
        // An opt-out recorded in between still counts; then, after 07:00, the rest goes.
        try (String(contentsOfFile: fixture.data + "/optouts.csv", encoding: .utf8) + "e2,2026-12-27T20:00:00Z\n")
            .write(toFile: fixture.data + "/optouts.csv", atomically: true, encoding: .utf8)
        options.clock = { LedgerTime.date("2026-12-28T06:00:01.000Z")! }
        let monday = try await DeliveryRun.send(options)
        #expect(monday.exitStatus == 0)
        #expect(DeliveryReport.summary(of: monday.folders[0]).hasPrefix("send 2026-W53: 3 sent, 0 deferred, 0 failed, 1 suppressed in "))
        #expect(sink.arrivals().count == 3)
    }
}
