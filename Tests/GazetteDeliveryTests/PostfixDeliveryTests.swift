import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteDelivery

/// `gazette send` into a real Postfix of the test's own, delivering into a Maildir.
@Suite struct PostfixDeliveryTests {
    /// The headers Postfix's virtual agent puts above a delivered message.
    static let addedHeaders = ["Return-Path:", "X-Original-To:", "Delivered-To:", "Received:"]

    /// A delivered Maildir file: the headers Postfix added, and the message as it was sent (with the
    /// Maildir's LF line ends).
    static func split(_ delivered: String) -> (added: [String], message: String) {
        var lines = delivered.split(separator: "\n", omittingEmptySubsequences: false)[...]
        var added: [String] = []
        while let line = lines.first {
            if addedHeaders.contains(where: { line.hasPrefix($0) }) {
                added.append(String(line.prefix { $0 != ":" }))
            } else if line.hasPrefix("\t") || line.hasPrefix(" "), !added.isEmpty, added.last == "Received" {
                // The Received header's folded lines.
            } else {
                break
            }
            lines.removeFirst()
        }
        return (added, lines.joined(separator: "\n"))
    }

    @Test func theSampleWeekArrivesOnceByteForByte() throws {
        let postfix = try PostfixServer()
        defer { postfix.stop() }
        let fixture = try DeliveryFixture(delivery: "  relay: \"\(postfix.url)\"\n  envelope_from: \"bounces@koraal-hr.example\"\n")
        let result = try fixture.gazette(["--week", DeliveryFixture.week])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasPrefix("send 2026-W53: 52 sent, 0 deferred, 0 failed, 0 suppressed in "), "\(result.output)")
        #expect(result.error.isEmpty, "\(result.error)")

        let written = try fixture.writtenMessages()
        #expect(written.count == DeliveryFixture.sampleCount)
        let files = postfix.delivered(count: written.count)
        #expect(files.count == written.count, "\(postfix.maillog)")
        var seen: [String: Int] = [:]
        for file in files {
            let delivered = try String(contentsOfFile: file, encoding: .utf8)
            let (added, message) = Self.split(delivered)
            #expect(added == ["Return-Path", "X-Original-To", "Delivered-To", "Received"], "\(file)")
            let id = try #require(SMTPSink.messageID(in: message))
            seen[id, default: 0] += 1
            // The message is the file's bytes, with the Maildir's LF for CRLF.
            let path = try #require(written[id])
            let original = try String(contentsOfFile: fixture.weekFolder + "/" + path, encoding: .utf8)
            #expect(message == original.replacingOccurrences(of: "\r\n", with: "\n"), "\(path)")
            // The envelope: the bounce address, and the recipient of the message's To.
            #expect(delivered.hasPrefix("Return-Path: <bounces@koraal-hr.example>\n"))
            let to = try MessageFile(bytes: Array(original.utf8), messageID: id).recipient
            #expect(delivered.contains("\nDelivered-To: \(to)\n"))
        }
        #expect(seen.count == written.count && seen.values.allSatisfy { $0 == 1 })
        #expect(Set(seen.keys) == Set(written.keys))
        // The ledger: every message sent, once, with Postfix's reply.
        let ledger = try fixture.ledger()
        #expect(ledger.count == written.count)
        #expect(
            ledger.values.allSatisfy { $0.state == "sent" && $0.attempts == 1 && $0.reply?.hasPrefix("250 2.0.0 Ok: queued as ") == true })
        // A second run sends nothing again.
        let again = try fixture.gazette(["--week", DeliveryFixture.week])
        #expect(again.status == 0)
        #expect(again.output.hasPrefix("send 2026-W53: 52 sent, 0 deferred, 0 failed, 0 suppressed in "))
        Thread.sleep(forTimeInterval: 0.5)
        #expect(postfix.delivered(count: written.count + 1, within: 0.5).count == written.count)
        #expect(fixture.temporaryFiles().isEmpty)
    }

    /// DKIM survives delivery: every message Postfix puts in the Maildir (with its Return-Path,
    /// Delivered-To and Received above the signature) still verifies with dkimpy, both signatures,
    /// against the records `gazette dkim-record` prints for the keys the week was signed with.
    @Test func aSignedWeekStillVerifiesAfterPostfix() throws {
        let postfix = try PostfixServer()
        defer { postfix.stop() }
        let fixture = try DeliveryFixture(delivery: "  relay: \"\(postfix.url)\"\n")
        let result = try fixture.gazette([])
        #expect(result.status == 0, "\(result.error)")
        let files = postfix.delivered(count: DeliveryFixture.sampleCount)
        try #require(files.count == DeliveryFixture.sampleCount, "\(postfix.maillog)")

        var records = ""
        // Two keys: each signs under the selector with its algorithm's suffix.
        for (key, selector) in [(DKIMTestTools.rsaKeyPath, "gazette-dev-rsa"), (DKIMTestTools.ed25519KeyPath, "gazette-dev-ed25519")] {
            let record = try runProgram(
                TestSupport.gazetteBinary, ["dkim-record", "--key", key, "--selector", selector, "--config", fixture.config])
            try #require(record.status == 0, "\(record.error)")
            let line = record.output.trimmingCharacters(in: .newlines)
            let value = line.matches(of: /"([^"]*)"/).map { String($0.output.1) }.joined()
            records += String(line.prefix { $0 != " " }) + "\t" + value + "\n"
        }
        fixture.folder.write("records.txt", records)
        // The Maildir keeps LF line ends; a reader's client sees the message with CRLF again.
        var copies: [String] = []
        for (index, file) in files.enumerated() {
            let delivered = try String(contentsOfFile: file, encoding: .utf8)
            #expect(delivered.hasPrefix("Return-Path: <") && delivered.contains("\nDKIM-Signature: "), "\(file)")
            fixture.folder.write("delivered/\(index).eml", delivered.replacingOccurrences(of: "\n", with: "\r\n"))
            copies.append(fixture.folder.path + "/delivered/\(index).eml")
        }
        let verdict = try DKIMTestTools.dkimpy(records: fixture.folder.path + "/records.txt", files: copies)
        #expect(verdict.status == 0, "\(verdict.output)\(verdict.error)")
        #expect(
            verdict.output.split(separator: "\n").filter { $0.contains(": pass 2 signatures") }.count == files.count, "\(verdict.output)")
    }

    /// An opt-out recorded after the week was written (a row in optouts.csv, or the column) stops the
    /// message; an announcement's folder is read by the same code, its contacts are sent to whatever
    /// the opt-outs say, and its file goes out byte for byte, dots and line ends included.
    @Test func optOutsAreHonouredAndAnnouncementsGoToContacts() throws {
        let postfix = try PostfixServer()
        defer { postfix.stop() }
        let fixture = try DeliveryFixture(delivery: "  relay: \"\(postfix.url)\"\n  envelope_from: \"bounces@koraal-hr.example\"\n")
        // Wouter (E1001) opts out through the preview's link; Zoë (E1002) in the HR system.
        try (String(contentsOfFile: fixture.data + "/optouts.csv", encoding: .utf8) + "E1001,2026-12-27T21:00:00+01:00\n")
            .write(toFile: fixture.data + "/optouts.csv", atomically: true, encoding: .utf8)
        let employees = try String(contentsOfFile: fixture.data + "/employees.csv", encoding: .utf8)
        let zoe = try #require(employees.split(separator: "\n").first { $0.hasPrefix("E1002,") })
        #expect(zoe.hasSuffix(",true,true,false,CC-100"))
        try employees.replacingOccurrences(of: zoe, with: zoe.dropLast(",false,CC-100".count) + ",true,CC-100")
            .write(toFile: fixture.data + "/employees.csv", atomically: true, encoding: .utf8)
        // An announcement: a company and a contact per entry; its text has dots and a bare LF.
        let announcements = fixture.folder.path + "/announcements"
        let slug = "privacy-2027-01-01"
        let body =
            "From: Koraal HR <notices@koraal-hr.example>\r\nTo: Inge Peeters <inge@brouwerij-leie.example>\r\n"
            + "Subject: Privacy policy changes\r\nMessage-ID: <notice-leie-1@koraal-hr.example>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\n.A line that starts with a dot\r\n.\r\n..two dots\r\nbare LF here\nend\r\n"
        fixture.folder.write("announcements/\(slug)/leie/1.eml", body)
        fixture.folder.write(
            "announcements/\(slug)/manifest.json",
            """
            {"announcement": "\(slug)", "entries": [
              {"company": "leie", "contact": "inge@brouwerij-leie.example", "outcome": "written", "path": "leie/1.eml", "message_id": "<notice-leie-1@koraal-hr.example>"},
              {"company": "leie", "contact": "old@brouwerij-leie.example", "outcome": "skipped", "reason": "notices_off"}
            ]}

            """)

        let digest = try fixture.gazette([])
        #expect(digest.status == 0, "\(digest.error)")
        #expect(digest.output.hasPrefix("send 2026-W53: 50 sent, 0 deferred, 0 failed, 2 suppressed in "), "\(digest.output)")
        let notices = try runProgram(
            TestSupport.gazetteBinary, ["send", "--mail", announcements, "--config", fixture.config, "--data", fixture.data + "/missing"],
            in: fixture.folder.path)
        // No employee is written to: the opt-outs are not even read (the data folder does not exist).
        #expect(notices.status == 0, "\(notices.error)")
        #expect(notices.output.hasPrefix("send \(slug): 1 sent, 0 deferred, 0 failed, 0 suppressed in "))

        let files = postfix.delivered(count: 51)
        #expect(files.count == 51)
        let texts = try files.map { try String(contentsOfFile: $0, encoding: .utf8) }
        let ledger = try fixture.ledger()
        let written = try fixture.writtenMessages()
        for (id, path) in written {
            let arrived = texts.filter { SMTPSink.messageID(in: Self.split($0).message) == id }.count
            let optedOut = path == "leie/E1001.eml" || path == "leie/E1002.eml"
            #expect(arrived == (optedOut ? 0 : 1), "\(path)")
            #expect(ledger[id]?.state == (optedOut ? "suppressed" : "sent"), "\(path)")
        }
        let notice = try #require(texts.first { $0.contains("<notice-leie-1@koraal-hr.example>") })
        #expect(Self.split(notice).message == body.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(notice.contains("\nDelivered-To: inge@brouwerij-leie.example\n"))
        #expect(FileManager.default.fileExists(atPath: announcements + "/delivery.sqlite"))
    }

    /// Postfix refuses one recipient for now (450) and one for good (550): the rest of the week goes
    /// through on the same connection (RSET after each refusal), the exit status is 75, the deferred
    /// one is retried within the run with growing delays while the budget lasts, then by a later run
    /// (sent once the relay takes it), and failed once it has been deferred past retry_for_hours.
    @Test func refusedRecipientsAreDeferredOrFailedAndRetried() throws {
        let later = "zoe.claes@brouwerij-leie.example"
        let never = "wouter.vermeulen@brouwerij-leie.example"
        let refusing = try PostfixServer(
            PostfixServer.Options(access: [(later, "450 4.2.1 mailbox busy, try later"), (never, "550 5.1.1 no such user")]))
        defer { refusing.stop() }
        let fixture = try DeliveryFixture(
            delivery: "  relay: \"\(refusing.url)\"\n  connections: 1\n  retry_delay_seconds: 1\n  max_wait_seconds: 4\n")
        let start = Date()
        let first = try fixture.gazette([])
        let seconds = Date().timeIntervalSince(start)
        #expect(first.status == 75, "\(first.output) \(first.error)")
        #expect(first.output.hasPrefix("send 2026-W53: 50 sent, 1 deferred, 1 failed, 0 suppressed in "), "\(first.output)")
        #expect(
            first.error.contains(
                "failed: 2026-W53/leie/E1001.eml to \(never): 550 5.1.1 <\(never)>: Recipient address rejected: no such user"),
            "\(first.error)")
        #expect(refusing.delivered(count: 50).count == 50)
        let ids = try fixture.writtenMessages()
        let zoe = try #require(ids.first { $0.value == "leie/E1002.eml" }?.key)
        var ledger = try fixture.ledger()
        // Retried within the run: after about 1 s, then 2 s (jittered); the next (about 4 s) no longer fits.
        #expect(ledger[zoe]?.state == "deferred")
        #expect((2...4).contains(ledger[zoe]?.attempts ?? 0), "\(ledger[zoe]!)")
        #expect(ledger[zoe]?.reply == "450 4.2.1 <\(later)>: Recipient address rejected: mailbox busy, try later")
        #expect(seconds >= 1.5)
        // One connection: every refusal was reset and the next message went on the same connection.
        let sessions = refusing.maillog.split(separator: "\n").filter { $0.contains("disconnect from localhost") && $0.contains("mail=") }
        #expect(sessions.first?.contains("mail=52 rcpt=50/52 data=50/52 rset=2 quit=1") == true, "\(sessions)")

        // A later run against a relay that takes it: sent; nothing else is sent again.
        let taking = try PostfixServer()
        defer { taking.stop() }
        try fixture.execute("UPDATE messages SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE state = 'deferred'")
        let second = try fixture.gazette(["--relay", taking.url])
        #expect(second.status == 0, "\(second.error)")
        #expect(second.output.hasPrefix("send 2026-W53: 51 sent, 0 deferred, 1 failed, 0 suppressed in "), "\(second.output)")
        let arrived = taking.delivered(count: 1)
        #expect(arrived.count == 1)
        #expect(try String(contentsOfFile: arrived[0], encoding: .utf8).contains("Delivered-To: \(later)"))
        Thread.sleep(forTimeInterval: 0.5)
        #expect(taking.delivered(count: 2, within: 0.3).count == 1)
        ledger = try fixture.ledger()
        #expect(ledger[zoe]?.state == "sent")

        // Deferred past retry_for_hours: failed, with the last reply.
        let again = try DeliveryFixture(delivery: "  relay: \"\(refusing.url)\"\n  connections: 1\n  max_wait_seconds: 0\n")
        #expect(try again.gazette([]).status == 75)
        try again.execute(
            "UPDATE messages SET first_attempt_at = '2000-01-01T00:00:00.000Z', next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE state = 'deferred'"
        )
        let expired = try again.gazette([])
        #expect(expired.status == 0, "\(expired.error)")
        #expect(expired.output.hasPrefix("send 2026-W53: 50 sent, 0 deferred, 2 failed, 0 suppressed in "), "\(expired.output)")
        #expect(
            try again.ledger()[zoe]?.reply
                == "deferred for longer than delivery.retry_for_hours (72 h); last: 450 4.2.1 <\(later)>: Recipient address rejected: mailbox busy, try later"
        )
    }

    /// The sendmail transport: Postfix's own sendmail, pointed at the test's Postfix (MAIL_CONFIG).
    @Test func theSendmailTransportHandsTheWeekToTheLocalMTA() throws {
        let postfix = try PostfixServer()
        defer { postfix.stop() }
        let fixture = try DeliveryFixture(
            delivery: "  relay: \"sendmail:/usr/sbin/sendmail\"\n  envelope_from: \"bounces@koraal-hr.example\"\n")
        let result = try fixture.gazette([], environment: ["MAIL_CONFIG": postfix.config])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasPrefix("send 2026-W53: 52 sent, 0 deferred, 0 failed, 0 suppressed in "))
        let files = postfix.delivered(count: 52)
        #expect(files.count == 52, "\(postfix.maillog)")
        let written = try fixture.writtenMessages()
        var ids: [String] = []
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.hasPrefix("Return-Path: <bounces@koraal-hr.example>\n"))
            let (added, message) = Self.split(text)
            #expect(added == ["Return-Path", "X-Original-To", "Delivered-To", "Received"])
            let id = try #require(SMTPSink.messageID(in: message))
            ids.append(id)
            let original = try String(contentsOfFile: fixture.weekFolder + "/" + written[id]!, encoding: .utf8)
            #expect(message == original.replacingOccurrences(of: "\r\n", with: "\n"))
        }
        #expect(Set(ids) == Set(written.keys) && ids.count == written.count)
        // sendmail that refuses (a bad address for the envelope sender): failed with what it said.
        let broken = try DeliveryFixture(delivery: "  relay: \"sendmail:/bin/false\"\n")
        let refused = try broken.gazette([])
        #expect(refused.status == 0)
        #expect(refused.output.hasPrefix("send 2026-W53: 0 sent, 0 deferred, 52 failed, 0 suppressed in "))
        #expect(refused.error.contains("failed: 2026-W53/grachten/") && refused.error.contains(": /bin/false exited 1"))
    }

    /// SIZE: a message larger than the relay takes fails without being offered; the others go, with
    /// their size announced. (A message just under the limit may still be refused by Postfix, which
    /// counts the Received header it adds: between limit - 1,000 and the limit either outcome is right.)
    @Test func messagesLargerThanTheRelayTakesFail() throws {
        let fixture = try DeliveryFixture()
        let written = try fixture.writtenMessages()
        var sizes: [String: Int] = [:]
        for (id, path) in written {
            sizes[id] = try #require(try FileManager.default.attributesOfItem(atPath: fixture.weekFolder + "/" + path)[.size] as? Int)
        }
        // The median: about half the week is too large.
        let limit = sizes.values.sorted()[sizes.count / 2]
        let postfix = try PostfixServer(PostfixServer.Options(sizeLimit: limit))
        defer { postfix.stop() }
        try fixture.writeConfig("  relay: \"\(postfix.url)\"\n")
        let result = try fixture.gazette([])
        #expect(result.status == 0, "\(result.error)")
        let ledger = try fixture.ledger()
        var large = 0
        var small = 0
        for (id, path) in written {
            let size = sizes[id]!
            if size > limit {
                large += 1
                #expect(
                    ledger[id]?.state == "failed"
                        && ledger[id]?.reply == "the message is \(size) bytes and the relay takes at most \(limit) (SIZE)")
            } else if size < limit - 1_000 {
                small += 1
                #expect(ledger[id]?.state == "sent", "\(path): \(size) bytes")
            } else {
                #expect(
                    ledger[id]?.state == "sent" || ledger[id]?.reply?.hasPrefix("552") == true,
                    "\(path): \(size) bytes: \(String(describing: ledger[id]))")
            }
        }
        #expect(large > 0 && small > 0, "\(large) large, \(small) small")
        let sent = ledger.values.filter { $0.state == "sent" }.count
        #expect(postfix.delivered(count: sent).count == sent)
        // No message over the limit was offered: Postfix's session counts have a MAIL command for
        // every other message only.
        let offered = postfix.maillog.split(separator: "\n").filter { $0.contains("disconnect from") }
            .compactMap { $0.firstMatch(of: /mail=(\d+)/).flatMap { Int($0.output.1) } }.reduce(0, +)
        #expect(offered == written.count - large, "\(postfix.maillog)")
    }

    /// PIPELINING only when offered: a Postfix that does not offer it and refuses a client that
    /// pipelines anyway (reject_unauth_pipelining) gets every message.
    @Test func commandsAreNotPipelinedUnlessOffered() throws {
        let postfix = try PostfixServer(PostfixServer.Options(forbidPipelining: true))
        defer { postfix.stop() }
        let fixture = try DeliveryFixture(delivery: "  relay: \"\(postfix.url)\"\n", sample: false)
        try fixture.writeFolder("small", count: 8)
        let result = try fixture.gazette([])
        #expect(result.status == 0, "\(result.output) \(result.error)")
        #expect(postfix.delivered(count: 8).count == 8)
        #expect(!postfix.maillog.contains("improper command pipelining"))
    }
}
