import Foundation
import GazetteCore

/// One pass over the messages due at its start: hands them to the connections one at a time (read
/// from the ledger a page at a time, so a large week is never held in memory whole), and records
/// what became of each, in the ledger (through the journal), the run's tally, the progress bar and
/// the throttle.
final class DeliveryPass: Sendable {
    let ledger: Ledger
    let journal: LedgerJournal
    let throttle: Throttle
    let tally: DeliveryTally
    let progress: ProgressBar
    private let mail: String
    private let folders: [String]
    private let policy: RetryPolicy
    /// Hold a message until the moment of its Date header (`delivery.hold_until_date`).
    private let holdUntilDate: Bool
    private let clock: @Sendable () -> Date
    /// Messages due at this moment are taken.
    private let dueAt: Date

    /// The page of due messages being handed out, and what the connections have met so far.
    private struct State {
        var buffer: [DeliveryJob] = []
        var head = 0
        var cursor: Int64 = 0
        var exhausted = false
        var connectedOnce = false
        var failedConnections = 0
        var unreachableReason: String?
        var readFailure: RunFailure?
    }

    private let state = Locked(State())

    static let pageSize = 1000

    init(
        ledger: Ledger, journal: LedgerJournal, throttle: Throttle, tally: DeliveryTally, progress: ProgressBar, mail: String,
        folders: [String], policy: RetryPolicy, holdUntilDate: Bool, clock: @escaping @Sendable () -> Date
    ) {
        self.ledger = ledger
        self.journal = journal
        self.throttle = throttle
        self.tally = tally
        self.progress = progress
        self.mail = mail
        self.folders = folders
        self.policy = policy
        self.holdUntilDate = holdUntilDate
        self.clock = clock
        dueAt = clock()
    }

    // MARK: Handing out

    /// The next message to send, or nil when there is none or the run has stopped.
    func next() -> DeliveryJob? {
        guard throttle.stopped == nil else { return nil }
        return take()
    }

    private func take() -> DeliveryJob? {
        state.withLock { state in
            if state.head == state.buffer.count, !state.exhausted, state.readFailure == nil {
                do throws(RunFailure) {
                    state.buffer = try ledger.due(in: folders, at: dueAt, after: state.cursor, limit: Self.pageSize)
                    state.head = 0
                    if let last = state.buffer.last { state.cursor = last.id }
                    if state.buffer.count < Self.pageSize { state.exhausted = true }
                } catch {
                    state.readFailure = error
                    throttle.stop(error.message)
                    state.buffer = []
                    state.head = 0
                }
            }
            guard state.head < state.buffer.count else { return nil }
            let job = state.buffer[state.head]
            state.head += 1
            return job
        }
    }

    /// A message taken but not tried (its connection could not be opened) goes back to the front.
    func putBack(_ job: DeliveryJob) {
        state.withLock { state in
            if state.head > 0 {
                state.head -= 1
                state.buffer[state.head] = job
            } else {
                state.buffer.insert(job, at: 0)
            }
        }
    }

    /// The absolute path of a message's file.
    func file(of job: DeliveryJob) -> String {
        mail + "/" + job.folder + "/" + job.path
    }

    // MARK: Connections

    func connected() {
        state.withLock { $0.connectedOnce = true }
    }

    /// A connection that could not be opened. For good (a refused login, a certificate that does not
    /// verify, TLS required and not offered) the pass stops. A relay that has not been reached once in
    /// this pass is given up after every connection tried and one more try after a short pause (the
    /// relay "cannot be reached at all": exit 1). Otherwise the throttle slows down, as for a 421.
    func connectionFailed(_ failure: SessionFailure) {
        let giveUp: Bool = state.withLock { state in
            state.failedConnections += 1
            let giveUp = failure.permanent || (!state.connectedOnce && state.failedConnections > throttle.maximum)
            if giveUp, !state.connectedOnce, state.unreachableReason == nil { state.unreachableReason = failure.text }
            return giveUp
        }
        if giveUp {
            throttle.stop(failure.text)
        } else {
            throttle.noteTransient(failure.text, pushBack: true)
        }
    }

    /// Set when the relay could not be reached at all during this pass: why.
    var unreachable: String? { state.withLock { $0.connectedOnce ? nil : $0.unreachableReason } }

    var failure: RunFailure? { state.withLock { $0.readFailure } ?? journal.firstFailure }

    // MARK: Recording

    /// Reads a message's file; a file that cannot be sent is recorded (deferred when it cannot be
    /// read, as it may come back; failed when it can never go), a message dated later is held until
    /// then (it stays pending), and nil returned.
    func prepare(_ job: DeliveryJob) -> MessageFile? {
        tally.start(job.folder)
        do {
            let message = try MessageFile.read(file(of: job), messageID: job.messageID)
            let now = clock()
            if holdUntilDate, let date = message.date, date > now {
                journal.note(.held(id: job.id, until: date, at: now))
                tally.hold(job.folder)
                progress.advance()
                return nil
            }
            return message
        } catch {
            switch error {
            case .unreadable(let text): record(job, .deferred(text), recipient: nil)
            case .unusable(let text): record(job, .failed(text), recipient: nil)
            }
            return nil
        }
    }

    /// Records that the data of `job` is about to go out, and waits until that is on disk.
    func markSending(_ job: DeliveryJob, recipient: String) async throws {
        try await journal.commit(.sending(id: job.id, recipient: recipient, at: clock()))
    }

    /// Records what became of an attempt (`attempted` false: the message was not tried, as the run
    /// stopped before; it stays deferred, its attempts unchanged).
    func record(_ job: DeliveryJob, _ outcome: TransferOutcome, recipient: String?, attempted: Bool = true) {
        let now = clock()
        let attempts = job.attempts + (attempted ? 1 : 0)
        var state: DeliveryState
        var reply: String
        var nextAttempt: Date?
        switch outcome {
        case .sent(let text):
            (state, reply) = (.sent, text)
            throttle.noteAccepted()
        case .failed(let text):
            (state, reply) = (.failed, text)
            throttle.noteAccepted()
        case .uncertain(let text):
            (state, reply) = (.uncertain, text)
        case .deferred(let text):
            (state, reply) = (.deferred, text)
            if attempted { throttle.noteTransient(text, pushBack: text.hasPrefix("421")) }
            if policy.mayRetry(firstAttempt: job.firstAttempt ?? now, at: now) {
                var random = SystemRandomNumberGenerator()
                nextAttempt = now.addingTimeInterval(policy.delay(after: max(1, attempts), using: &random))
            } else {
                state = .failed
                reply = "deferred for longer than delivery.retry_for_hours (\(Self.hours(policy.retryFor))); last: " + text
            }
        }
        journal.note(
            .outcome(id: job.id, state: state, reply: reply, attempts: attempts, recipient: recipient, at: now, nextAttempt: nextAttempt))
        tally.count(job.folder, state, path: job.path, recipient: recipient, reply: reply)
        progress.advance()
    }

    /// After the pass stopped: every message still due is recorded as deferred, with the reason.
    func deferRemaining(_ reason: String) {
        while let job = take() {
            record(job, .deferred("not tried: " + reason), recipient: nil, attempted: false)
        }
    }

    static func hours(_ seconds: Double) -> String {
        let hours = seconds / 3600
        return (hours == hours.rounded() ? String(Int(hours)) : String(format: "%.2f", hours)) + " h"
    }
}
