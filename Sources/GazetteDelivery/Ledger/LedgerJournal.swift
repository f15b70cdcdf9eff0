import Foundation
import GRDB
import GazetteCore

/// One change of a message's row.
enum LedgerChange: Sendable {
    /// The relay said "go ahead" (354) and the data is about to go out.
    case sending(id: Int64, recipient: String, at: Date)
    /// Not to be sent before `until` (its Date): it stays pending.
    case held(id: Int64, until: Date, at: Date)
    /// What became of an attempt.
    case outcome(id: Int64, state: DeliveryState, reply: String, attempts: Int, recipient: String?, at: Date, nextAttempt: Date?)
}

/// Writes the changes of the connections to the ledger with group commit: one thread commits
/// whatever has been handed to it since its last commit, in one transaction, in the order handed
/// over. A connection waits for the commit of `sending` before it sends a message's data
/// (`commit(_:)`); outcomes are handed over without waiting (`note(_:)`), as nothing that follows
/// depends on them being on disk, and the next commit carries them (a message's `sent` is on disk
/// before the next message on its connection is marked `sending`: at most one message per
/// connection is left `sending` by a kill).
final class LedgerJournal: @unchecked Sendable {
    private let ledger: Ledger
    private let condition = NSCondition()
    private var queued: [(change: LedgerChange, waiter: CheckedContinuation<Void, any Error>?)] = []
    private var failure: RunFailure?
    private var closing = false
    private var committing = false

    init(_ ledger: Ledger) {
        self.ledger = ledger
        // The thread holds the journal until `finish()` ends its loop.
        let thread = Thread { self.commitLoop() }
        thread.name = "gazette ledger"
        thread.start()
    }

    /// Hands `change` over and waits until it is committed; throws when the ledger cannot be written.
    func commit(_ change: LedgerChange) async throws {
        try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
            condition.lock()
            if let failure {
                condition.unlock()
                waiter.resume(throwing: failure)
                return
            }
            queued.append((change, waiter))
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Hands `change` over; the next commit carries it.
    func note(_ change: LedgerChange) {
        condition.lock()
        if failure == nil { queued.append((change, nil)) }
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until every change handed over so far is committed; the first failure, if any, is thrown.
    func sync() throws(RunFailure) {
        condition.lock()
        condition.broadcast()
        while !queued.isEmpty || committing { condition.wait() }
        let failure = self.failure
        condition.unlock()
        if let failure { throw failure }
    }

    /// `sync()`, then stops the thread.
    func finish() throws(RunFailure) {
        condition.lock()
        closing = true
        condition.unlock()
        try sync()
    }

    /// The first failure so far.
    var firstFailure: RunFailure? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    private func commitLoop() {
        condition.lock()
        while true {
            while queued.isEmpty && !closing { condition.wait() }
            if queued.isEmpty && closing { break }
            let batch = queued
            queued.removeAll(keepingCapacity: true)
            committing = true
            condition.unlock()
            var error: RunFailure?
            do throws(RunFailure) {
                try ledger.write { db in
                    for item in batch { try Self.apply(item.change, in: db) }
                }
            } catch let failed {
                error = failed
            }
            for item in batch {
                if let error { item.waiter?.resume(throwing: error) } else { item.waiter?.resume() }
            }
            condition.lock()
            committing = false
            if let error, failure == nil { failure = error }
            if failure != nil {
                // Nothing more can be recorded: whoever waits is told at once.
                for item in queued { item.waiter?.resume(throwing: failure!) }
                queued.removeAll()
            }
            condition.broadcast()
        }
        condition.broadcast()
        condition.unlock()
    }

    static func apply(_ change: LedgerChange, in db: Database) throws {
        switch change {
        case .sending(let id, let recipient, let at):
            let time = LedgerTime.text(at)
            try db.cachedStatement(
                sql: """
                    UPDATE messages SET state = 'sending', recipient = ?, first_attempt_at = coalesce(first_attempt_at, ?),
                    last_attempt_at = ?, updated_at = ? WHERE id = ?
                    """
            ).execute(arguments: [recipient, time, time, time, id])
        case .held(let id, let until, let at):
            try db.cachedStatement(sql: "UPDATE messages SET next_attempt_at = ?, last_reply = ?, updated_at = ? WHERE id = ?")
                .execute(arguments: [
                    LedgerTime.text(until), "held until its Date: header, \(LedgerTime.text(until))", LedgerTime.text(at), id,
                ])
        case .outcome(let id, let state, let reply, let attempts, let recipient, let at, let nextAttempt):
            let time = LedgerTime.text(at)
            try db.cachedStatement(
                sql: """
                    UPDATE messages SET state = ?, last_reply = ?, attempts = ?, recipient = coalesce(?, recipient),
                    first_attempt_at = coalesce(first_attempt_at, ?), last_attempt_at = ?, next_attempt_at = ?, updated_at = ?
                    WHERE id = ?
                    """
            ).execute(arguments: [state.rawValue, reply, attempts, recipient, time, time, nextAttempt.map(LedgerTime.text), time, id])
        }
    }
}
