import Foundation
import GRDB
import GazetteCore
import GazetteDigest
import GazetteTestSupport

@testable import GazetteDelivery

/// A scratch folder with the sample week written by `gazette digest` (52 messages in
/// `mail/2026-W53`, DKIM-signed as the sample's settings ask, with the throwaway RSA key and the
/// public Ed25519 test key), a copy of the sample export (to record opt-outs in) and a gazette.yml whose
/// `delivery:` section the test writes.
final class DeliveryFixture: Sendable {
    static let week = "2026-W53"
    static let secret = String(repeating: "delivery-test-secret-", count: 2)
    /// The sample week's messages.
    static let sampleCount = 52

    let folder = ScratchFolder("gazette-send")
    var mail: String { folder.path + "/mail" }
    var config: String { folder.path + "/gazette.yml" }
    var data: String { folder.path + "/data" }
    var weekFolder: String { mail + "/" + Self.week }
    var ledgerPath: String { mail + "/delivery.sqlite" }

    /// Writes the sample week (unless `sample` is false); `delivery` is the body of the `delivery:`
    /// section (indented lines).
    init(delivery: String = "", sample: Bool = true) throws {
        for file in HRExport.files {
            folder.copy(TestSupport.path("Content/data/" + file), to: "data/" + file)
        }
        try writeConfig(delivery)
        try AtomicOutput.makeDirectory(mail)
        guard sample else { return }
        let sources = DigestInputs.Sources(
            data: data, config: config, templates: TestSupport.path("Templates"),
            environment: ["GAZETTE_SECRET": Self.secret, "GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue(rsa: true)])
        _ = try DigestBatch.run(DigestBatch.Options(sources: sources, output: mail, week: ISOWeek(iso: Self.week)))
    }

    /// Writes a complete folder `name` of `count` messages of about `size` bytes each (to
    /// `person<n>@example.test`, dots at the start of some lines), with a digest-style manifest (a
    /// company and an employee per entry); the Message-IDs, by entry.
    @discardableResult
    func writeFolder(_ name: String, count: Int, size: Int = 3000) throws -> [String] {
        let base = mail + "/" + name
        var entries: [String] = []
        var ids: [String] = []
        let line = ".Dotted line, and some words to make the message as long as a digest is.\r\n"
        for index in 1...count {
            let company = "c\(index % 7)"
            let id = "<\(index).\(name)@gazette-test.example>"
            var text = "Date: Mon, 28 Dec 2026 07:00:00 +0100\r\nFrom: Koraal HR <digest@koraal-hr.example>\r\n"
            text += "To: Person \(index) <person\(index)@example.test>\r\nSubject: Message \(index)\r\nMessage-ID: \(id)\r\n"
            text += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            while text.utf8.count < size { text += line }
            let path = "\(company)/e\(index).eml"
            try AtomicOutput.makeDirectory(base + "/" + company)
            try AtomicOutput.write(text, to: base + "/" + path)
            entries.append(
                "{\"company\": \"\(company)\", \"employee\": \"e\(index)\", \"outcome\": \"written\", \"path\": \"\(path)\", \"message_id\": \"\(id)\"}"
            )
            ids.append(id)
        }
        try AtomicOutput.write(
            "{\"week\": \"\(name)\", \"entries\": [\n" + entries.joined(separator: ",\n") + "\n], \"invalid_rows\": []}\n",
            to: base + "/manifest.json")
        return ids
    }

    /// The sample's settings with `delivery` as the delivery section.
    func writeConfig(_ delivery: String) throws {
        var text = try String(contentsOfFile: TestSupport.path("Content/gazette.yml"), encoding: .utf8)
        // The sample's own delivery section is replaced by the test's.
        if let range = text.range(of: "\ndelivery:") { text = String(text[..<range.lowerBound]) + "\n" }
        // The sample week and the test folders are dated 28 December 2026: sent now, unless a test
        // is about holding.
        text += "delivery:\n" + delivery + (delivery.contains("hold_until_date") ? "" : "  hold_until_date: false\n")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
    }

    func options(folder: String? = nil, relay: String? = nil, shard: Shard? = nil, environment: [String: String] = [:])
        -> DeliveryRun.Options
    {
        DeliveryRun.Options(mail: mail, config: config, data: data, folder: folder, relay: relay, shard: shard, environment: environment)
    }

    func send(folder: String? = nil, relay: String? = nil, shard: Shard? = nil, environment: [String: String] = [:]) async throws
        -> DeliveryReport
    {
        try await DeliveryRun.send(options(folder: folder, relay: relay, shard: shard, environment: environment))
    }

    /// Runs the built `gazette` with `arguments` after `send` and the fixture's folders.
    func gazette(_ arguments: [String], environment: [String: String] = [:]) throws -> ProgramResult {
        try runProgram(
            TestSupport.gazetteBinary, ["send", "--mail", mail, "--config", config, "--data", data] + arguments,
            in: folder.path, environment: environment)
    }

    /// The sample week's written entries (Message-ID → path), from its manifest.
    func writtenMessages() throws -> [String: String] {
        let listed = try OutboxFolder.list(in: mail, only: Self.week)
        var result: [String: String] = [:]
        for entry in try listed[0].entries() { result[entry.messageID] = entry.path }
        return result
    }

    /// The ledger's rows: Message-ID → (state, attempts, last reply).
    func ledger(_ path: String? = nil) throws -> [String: (state: String, attempts: Int, reply: String?)] {
        let queue = try DatabaseQueue(path: path ?? ledgerPath)
        defer { try? queue.close() }
        return try queue.read { db in
            var result: [String: (String, Int, String?)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT message_id, state, attempts, last_reply FROM messages") {
                result[row["message_id"]] = (row["state"], row["attempts"], row["last_reply"])
            }
            return result
        }
    }

    /// Runs SQL on the ledger (to age records, or break it on purpose).
    func execute(_ sql: String, _ path: String? = nil) throws {
        let queue = try DatabaseQueue(path: path ?? ledgerPath)
        defer { try? queue.close() }
        try queue.write { db in try db.execute(sql: sql) }
    }

    /// The ledger's counts per state, as the status reports them.
    func states() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try ledger().values { counts[row.state, default: 0] += 1 }
        return counts
    }

    /// Every file or folder below `path` (the mail folder) whose name marks it temporary, hidden ones
    /// included: AtomicOutput's `.name.pid-n.tmp`, staging folders, SQLite's rollback journal.
    func temporaryFiles(below path: String? = nil) -> [String] {
        let root = path ?? mail
        let all = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? []
        return all.filter { $0.hasSuffix(".tmp") || $0.contains(".new-") || $0.hasSuffix("-journal") }
    }
}
