import Foundation
import GRDB
import GazetteCore
import GazetteDigest

/// The delivery ledger, `<mail>/delivery.sqlite` (`delivery.K-of-N.sqlite` for a shard): one row per
/// message of every folder sent from `<mail>`, with its state, attempts, the relay's last reply and
/// times; and one row per folder, with the version of its manifest last read.
///
/// SQLite through GRDB, in WAL mode with `synchronous = NORMAL`: a commit is a write into the WAL
/// (no fsync), which survives the process being killed at any moment (the kernel has the bytes) but
/// not the machine losing power; the WAL is checkpointed and synced at the end of every run (see
/// docs/delivery.md, "Crash windows").
public final class Ledger: @unchecked Sendable {
    public let path: String
    let queue: DatabaseQueue

    /// `<mail>/delivery.sqlite`, or `<mail>/delivery.K-of-N.sqlite` for shard K of N.
    public static func path(mail: String, shard: Shard?) -> String {
        mail + "/" + (shard.map { "delivery.\($0.index)-of-\($0.count).sqlite" } ?? "delivery.sqlite")
    }

    /// Opens (and creates) the ledger at `path`, brought to the current schema and checked: a state
    /// the ledger does not know is an input problem. `syncEveryCommit`: `synchronous = FULL` (every
    /// commit synced; `delivery.ledger_sync: full`).
    public init(path: String, syncEveryCommit: Bool = false) throws(InputError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "gazette.delivery"
        configuration.prepareDatabase { db in
            // WAL set here rather than with `configuration.journalMode`, which also sets
            // `synchronous = NORMAL` after this and so would undo `full`.
            guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                throw DatabaseError(message: "the ledger cannot be put in WAL mode")
            }
            try db.execute(sql: syncEveryCommit ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
            // Fewer, larger checkpoints during a run (each one syncs); the run ends with its own.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(queue)
        } catch {
            throw InputError(
                InputProblem(path: path, "not a delivery ledger Gazette can use: \(Self.describe(error)); move it away to start a new one"))
        }
        try checkStates()
    }

    /// The schema, as numbered migrations (a later Gazette adds migrations, never edits these).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 messages and folders") { db in
            try db.execute(
                sql: """
                    CREATE TABLE messages (
                      id INTEGER PRIMARY KEY,
                      folder TEXT NOT NULL,
                      message_id TEXT NOT NULL,
                      path TEXT NOT NULL,
                      company TEXT NOT NULL,
                      employee TEXT,
                      contact TEXT,
                      recipient TEXT,
                      state TEXT NOT NULL,
                      attempts INTEGER NOT NULL DEFAULT 0,
                      last_reply TEXT,
                      created_at TEXT NOT NULL,
                      first_attempt_at TEXT,
                      last_attempt_at TEXT,
                      next_attempt_at TEXT,
                      updated_at TEXT NOT NULL,
                      UNIQUE (folder, message_id)
                    );
                    CREATE TABLE folders (
                      folder TEXT PRIMARY KEY,
                      manifest TEXT NOT NULL,
                      imported_at TEXT NOT NULL,
                      expired_at TEXT
                    );
                    """)
        }
        return migrator
    }

    /// Every state in the ledger must be one this Gazette knows (a newer Gazette's ledger, or a hand
    /// edit, must not be guessed at).
    func checkStates() throws(InputError) {
        let unknown: [(state: String, count: Int, example: String)]
        do {
            unknown = try queue.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT state, count(*) AS n, min(folder || ' ' || message_id) AS example FROM messages GROUP BY state"
                )
                .compactMap { row -> (String, Int, String)? in
                    let state: String = row["state"]
                    return DeliveryState(rawValue: state) == nil ? (state, row["n"], row["example"]) : nil
                }
            }
        } catch {
            throw InputError(InputProblem(path: path, "cannot read the ledger: \(Self.describe(error))"))
        }
        guard !unknown.isEmpty else { return }
        let known = DeliveryState.allCases.map(\.rawValue).joined(separator: ", ")
        throw InputError(
            unknown.map {
                InputProblem(
                    path: path,
                    "\($0.count) message\($0.count == 1 ? " has" : "s have") the unknown state \(OutboxFolder.quoted($0.state)) (e.g. \($0.example)): "
                        + "expected one of \(known); nothing was sent")
            })
    }

    /// Runs `body` in one transaction; a database error is a run failure (exit 1).
    func write<T>(_ body: (Database) throws -> T) throws(RunFailure) -> T {
        do {
            return try queue.write(body)
        } catch {
            throw RunFailure("the ledger \(path) cannot be written: \(Self.describe(error))")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(RunFailure) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw RunFailure("the ledger \(path) cannot be read: \(Self.describe(error))")
        }
    }

    /// Checkpoints the WAL into the database file, syncing both (after this the run's records also
    /// survive a power loss), and closes.
    public func close() throws(RunFailure) {
        do {
            try queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            try queue.close()
        } catch {
            throw RunFailure("the ledger \(path) cannot be closed: \(Self.describe(error))")
        }
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    /// `(?, ?, ?)` for `count` values; numbered from `from` (`(?4, ?5)`) in a statement that numbers
    /// its arguments.
    static func placeholders(_ count: Int, from: Int? = nil) -> String {
        let marks = (0..<count).map { index in from.map { "?\($0 + index)" } ?? "?" }
        return "(" + marks.joined(separator: ", ") + ")"
    }
}
