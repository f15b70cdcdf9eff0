import Foundation
import GRDB
import GazetteCore

/// Reading the ledger: the messages due, the counts per folder and state.
extension Ledger {
    /// Messages due at a moment: pending (and not held past it), or deferred with their next attempt
    /// at or before it. The moment is the statement's first argument, twice.
    static let dueCondition =
        "((state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?1)) OR (state = 'deferred' AND next_attempt_at <= ?1))"

    /// Up to `limit` messages of `folders` that are due at `now`, after row `cursor`, in the order
    /// they were listed.
    ///
    /// The rows are walked by id from `cursor` (`+folder` keeps SQLite from the (folder, message_id)
    /// index, which made it read every row of the folder and sort them for each page: a week of
    /// 100,000 messages cost 48 page reads a message, and its pages grew slower as the week grew).
    func due(in folders: [String], at now: Date, after cursor: Int64, limit: Int) throws(RunFailure) -> [DeliveryJob] {
        guard !folders.isEmpty else { return [] }
        return try read { db in
            try Row.fetchAll(
                db,
                sql: Self.dueQuery(folders: folders.count),
                arguments: StatementArguments([LedgerTime.text(now), cursor, limit] as [any DatabaseValueConvertible])
                    + StatementArguments(folders)
            ).map { row in
                DeliveryJob(
                    id: row["id"], folder: row["folder"], path: row["path"], messageID: row["message_id"], attempts: row["attempts"],
                    firstAttempt: (row["first_attempt_at"] as String?).flatMap(LedgerTime.date))
            }
        }
    }

    /// The query of `due`: ?1 the moment, ?2 the cursor, ?3 the limit, then the folders.
    static func dueQuery(folders: Int) -> String {
        """
        SELECT id, folder, path, message_id, attempts, first_attempt_at FROM messages
        WHERE \(dueCondition) AND id > ?2
        AND +folder IN \(placeholders(folders, from: 4)) ORDER BY id LIMIT ?3
        """
    }

    /// How many messages of `folders` are due at `now`.
    func dueCount(in folders: [String], at now: Date) throws(RunFailure) -> Int {
        guard !folders.isEmpty else { return 0 }
        return try read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT count(*) FROM messages WHERE \(Self.dueCondition) AND folder IN " + Self.placeholders(folders.count, from: 2),
                arguments: [LedgerTime.text(now)] + StatementArguments(folders)) ?? 0
        }
    }

    /// When the first deferred (or held) message of `folders` is due again.
    func nextRetry(in folders: [String]) throws(RunFailure) -> Date? {
        guard !folders.isEmpty else { return nil }
        return try read { db in
            try String.fetchOne(
                db,
                sql:
                    "SELECT min(next_attempt_at) FROM messages WHERE state IN ('deferred', 'pending') AND next_attempt_at IS NOT NULL AND folder IN "
                    + Self.placeholders(folders.count), arguments: StatementArguments(folders))
        }.flatMap(LedgerTime.date)
    }

    /// Per folder, the messages held until their Date (pending, not due at `now`) and the first moment
    /// one of them is due.
    func held(in folders: [String], at now: Date) throws(RunFailure) -> [String: (count: Int, until: Date?)] {
        guard !folders.isEmpty else { return [:] }
        let rows = try read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT folder, count(*) AS n, min(next_attempt_at) AS until FROM messages WHERE state = 'pending' AND next_attempt_at > ?1 AND folder IN "
                    + Self.placeholders(folders.count, from: 2) + " GROUP BY folder",
                arguments: [LedgerTime.text(now)] + StatementArguments(folders)
            ).map { (folder: $0["folder"] as String, count: $0["n"] as Int, until: ($0["until"] as String?).flatMap(LedgerTime.date)) }
        }
        var result: [String: (count: Int, until: Date?)] = [:]
        for row in rows { result[row.folder] = (row.count, row.until) }
        return result
    }

    /// The number of messages in every state, per folder (every folder the ledger has rows of, or
    /// only `folders`).
    func counts(in folders: [String]? = nil) throws(RunFailure) -> [String: [DeliveryState: Int]] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT folder, state, count(*) AS n FROM messages GROUP BY folder, state")
                .map { (folder: $0["folder"] as String, state: $0["state"] as String, count: $0["n"] as Int) }
        }
        var result: [String: [DeliveryState: Int]] = [:]
        for row in rows where folders?.contains(row.folder) ?? true {
            guard let state = DeliveryState(rawValue: row.state) else { continue }
            result[row.folder, default: [:]][state] = row.count
        }
        return result
    }

    /// The folders the ledger has a record of (also those whose messages retention removed).
    func folderNames() throws(RunFailure) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT folder FROM folders ORDER BY folder") }
    }
}
