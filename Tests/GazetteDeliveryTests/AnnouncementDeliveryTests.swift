import Foundation
import GazetteCore
import GazetteDigest
import GazetteTestSupport
import Testing

@testable import GazetteDelivery

/// An announcement written by `gazette announce` is delivered by `gazette send --mail
/// <announcements>` like a week: every contact's message once, byte for byte, whatever the digest
/// opt-outs say; a second run sends nothing again.
@Suite struct AnnouncementDeliveryTests {
    static let pdfCache = ScratchFolder(processScoped: "gazette-announce-send-pdf")

    @Test func anAnnouncementFolderIsSentThroughGazetteSend() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let fixture = try DeliveryFixture(delivery: "  relay: \"\(sink.url)\"\n", sample: false)
        // The content: the sample's privacy policy, with the test's gazette.yml (its delivery section).
        fixture.folder.copy(TestSupport.path("Content/policies/privacy"), to: "content/policies/privacy")
        fixture.folder.copy(fixture.config, to: "content/gazette.yml")
        let announcements = fixture.mail + "/announcements"
        let announce = try runProgram(
            TestSupport.gazetteBinary,
            [
                "announce", "--content", fixture.folder.path + "/content", "--data", fixture.data, "--templates",
                TestSupport.path("Templates"),
                "--output", announcements, "--today", "2026-11-20", "--pdf-cache", Self.pdfCache.path,
            ],
            in: fixture.folder.path, environment: ["GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue()])
        #expect(announce.status == 0, "\(announce.output)\(announce.error)")
        #expect(announce.output.hasPrefix("announce privacy-2027-01-01: 4 written, 1 skipped (notices_off 1) in "), "\(announce.output)")

        let folders = try OutboxFolder.list(in: announcements)
        #expect(folders.map(\.name) == ["privacy-2027-01-01"])
        let entries = try folders[0].entries()
        #expect(entries.map(\.path) == ["leie/1.eml", "leie/2.eml", "sambre/1.eml", "grachten/1.eml"])
        #expect(entries.allSatisfy { $0.employee == nil && $0.contact != nil })

        // Even an employee opted out of the digest is still told (a contact is not an employee).
        let send = try runProgram(
            TestSupport.gazetteBinary, ["send", "--mail", announcements, "--config", fixture.config, "--data", fixture.data],
            in: fixture.folder.path)
        #expect(send.status == 0, "\(send.output)\(send.error)")
        #expect(send.output.hasPrefix("send privacy-2027-01-01: 4 sent, 0 deferred, 0 failed, 0 suppressed in "), "\(send.output)")
        let arrived = sink.messages()
        #expect(arrived.count == 4)
        #expect(Set(arrived.compactMap(\.messageID)) == Set(entries.map(\.messageID)))
        for entry in entries {
            let written = String(decoding: FileManager.default.contents(atPath: folders[0].path + "/" + entry.path)!, as: UTF8.self)
            let message = try #require(arrived.first { $0.messageID == entry.messageID })
            // smtp-sink keeps the message as it came, after lines of its own: the file's bytes from
            // its first line (the DKIM signature) on.
            let dumped = message.text.replacingOccurrences(of: "\r\n", with: "\n")
            let start = try #require(dumped.range(of: "DKIM-Signature: "))
            #expect(dumped[start.lowerBound...].hasPrefix(written.replacingOccurrences(of: "\r\n", with: "\n")), "\(entry.path)")
        }
        let again = try runProgram(
            TestSupport.gazetteBinary, ["send", "--mail", announcements, "--config", fixture.config, "--data", fixture.data],
            in: fixture.folder.path)
        #expect(again.status == 0)
        #expect(sink.messages().count == 4)
    }
}
