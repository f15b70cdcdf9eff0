import Foundation
import GRDB
import GazetteCore
import GazetteDigest

/// The steps of a run that change many rows at once: recovery after a kill, retention, importing a
/// manifest, suppressing opted-out recipients. Each is one transaction.
extension Ledger {
    static let interruptedReply = "the run was stopped after the data was handed to the relay and before its reply was recorded"

    /// Messages left `sending` by a run that was killed: they may have been delivered, so they become
    /// `uncertain` and are never sent again. The number of them.
    func recoverInterrupted(now: Date) throws(RunFailure) -> Int {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE messages SET state = 'uncertain', attempts = attempts + 1, last_reply = ?, updated_at = ?
                    WHERE state = 'sending'
                    """, arguments: [Self.interruptedReply, LedgerTime.text(now)])
            return db.changesCount
        }
    }

    /// Removes the records of every folder that is done (no message left to send) and whose last
    /// change is older than `days`. The folder's own row stays, marked expired, so that its messages
    /// are never read from its manifest (and sent) again. The folders removed.
    func removeExpired(olderThan days: Int, now: Date) throws(RunFailure) -> [String] {
        let cutoff = LedgerTime.text(now.addingTimeInterval(-Double(days) * 86_400))
        return try write { db in
            let folders = try String.fetchAll(
                db,
                sql: """
                    SELECT folder FROM messages GROUP BY folder
                    HAVING max(updated_at) < ? AND sum(state NOT IN ('sent', 'failed', 'suppressed', 'uncertain')) = 0
                    ORDER BY folder
                    """, arguments: [cutoff])
            for folder in folders {
                try db.execute(sql: "DELETE FROM messages WHERE folder = ?", arguments: [folder])
                try db.execute(sql: "UPDATE folders SET expired_at = ? WHERE folder = ?", arguments: [LedgerTime.text(now), folder])
            }
            return folders
        }
    }

    /// What the ledger knows of a folder: the manifest version it last read, and whether its records
    /// were removed by retention.
    struct FolderRecord: Equatable {
        var manifest: String
        var expired: Bool
    }

    func folderRecord(_ name: String) throws(RunFailure) -> FolderRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT manifest, expired_at FROM folders WHERE folder = ?", arguments: [name]).map {
                FolderRecord(manifest: $0["manifest"], expired: ($0["expired_at"] as String?) != nil)
            }
        }
    }

    /// Adds the manifest's messages that the ledger does not have yet as `pending` (those of the shard
    /// only). When the manifest was read before (the week was written again), a message not yet sent
    /// follows its new path, and one the manifest no longer lists as written is withdrawn: it was
    /// never sent, and its recipient is no longer meant to get it. Messages in a final state are
    /// never touched. The numbers added and withdrawn.
    func importFolder(_ folder: OutboxFolder, entries: [OutboxFolder.Entry], shard: Shard?, now: Date) throws(RunFailure)
        -> (added: Int, withdrawn: Int)
    {
        let time = LedgerTime.text(now)
        return try write { db in
            let known = try Bool.fetchOne(db, sql: "SELECT 1 FROM folders WHERE folder = ?", arguments: [folder.name]) ?? false
            let before = try Int.fetchOne(db, sql: "SELECT count(*) FROM messages WHERE folder = ?", arguments: [folder.name]) ?? 0
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO messages (folder, message_id, path, company, employee, contact, state, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)
                    ON CONFLICT (folder, message_id) DO UPDATE SET path = excluded.path
                    WHERE state IN ('pending', 'deferred') AND path != excluded.path
                    """)
            var listed: [String] = []
            for entry in entries where shard?.owns(entry.company) ?? true {
                try insert.execute(arguments: [
                    folder.name, entry.messageID, entry.path, entry.company, entry.employee, entry.contact, time, time,
                ])
                if known { listed.append(entry.messageID) }
            }
            var withdrawn = 0
            if known {
                try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS listed (message_id TEXT PRIMARY KEY)")
                try db.execute(sql: "DELETE FROM listed")
                let add = try db.cachedStatement(sql: "INSERT OR IGNORE INTO listed (message_id) VALUES (?)")
                for id in listed { try add.execute(arguments: [id]) }
                try db.execute(
                    sql: """
                        DELETE FROM messages WHERE folder = ? AND state IN ('pending', 'deferred')
                        AND message_id NOT IN (SELECT message_id FROM listed)
                        """, arguments: [folder.name])
                withdrawn = db.changesCount
                try db.execute(sql: "DELETE FROM listed")
            }
            let after = try Int.fetchOne(db, sql: "SELECT count(*) FROM messages WHERE folder = ?", arguments: [folder.name]) ?? 0
            try db.execute(
                sql: """
                    INSERT INTO folders (folder, manifest, imported_at) VALUES (?, ?, ?)
                    ON CONFLICT (folder) DO UPDATE SET manifest = excluded.manifest, imported_at = excluded.imported_at
                    """, arguments: [folder.name, folder.stamp.description, time])
            return (after - before + withdrawn, withdrawn)
        }
    }

    /// Whether the folders hold a digest message (one to an employee) that is still to be sent: only
    /// then are the opt-outs read.
    func hasDigestMessagesToSend(in folders: [String]) throws(RunFailure) -> Bool {
        guard !folders.isEmpty else { return false }
        return try read { db in
            try Bool.fetchOne(
                db,
                sql: "SELECT 1 FROM messages WHERE employee IS NOT NULL AND state IN ('pending', 'deferred') AND folder IN "
                    + Self.placeholders(folders.count) + " LIMIT 1", arguments: StatementArguments(folders)) ?? false
        }
    }

    /// Marks `suppressed` every digest message still to be sent whose employee is in `optedOut`. The
    /// numbers per folder.
    func suppress(_ optedOut: Set<String>, in folders: [String], now: Date) throws(RunFailure) -> [String: Int] {
        guard !folders.isEmpty, !optedOut.isEmpty else { return [:] }
        let time = LedgerTime.text(now)
        return try write { db in
            let rows = try Row.fetchAll(
                db,
                sql:
                    "SELECT id, folder, employee FROM messages WHERE employee IS NOT NULL AND state IN ('pending', 'deferred') AND folder IN "
                    + Self.placeholders(folders.count), arguments: StatementArguments(folders))
            let update = try db.cachedStatement(
                sql: "UPDATE messages SET state = 'suppressed', last_reply = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ?")
            var counts: [String: Int] = [:]
            for row in rows {
                let employee: String = row["employee"]
                guard optedOut.contains(employee) else { continue }
                let id: Int64 = row["id"]
                try update.execute(arguments: ["the recipient opted out after the week was written", time, id])
                counts[row["folder"], default: 0] += 1
            }
            return counts
        }
    }
}
