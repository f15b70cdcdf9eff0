import Foundation

/// The pace of a run, shared by all its connections: at most `rate` messages a second in all, and
/// slower when the relay pushes back. A 421 (the relay closing: too busy, too many connections), a
/// connection that cannot be opened, or every third 4xx in a row takes one connection away (down to
/// one) and pauses every connection, 0.5 s the first time, twice as long each time after (at most
/// 30 s); 25 messages accepted in a row give a connection back. The pauses come out of the run's
/// waiting budget (`max_wait_seconds`, shared with waiting for retries): when the next pause does not
/// fit, the run stops (what is left stays deferred, exit 75) instead of hammering the relay.
final class Throttle: @unchecked Sendable {
    private let lock = NSLock()
    private let interval: Duration?
    let maximum: Int
    private var allowed: Int
    private var nextSlot = ContinuousClock.now
    private var pausedUntil = ContinuousClock.now
    private var step = 0
    private var transientInARow = 0
    private var acceptedInARow = 0
    private var budget: Duration
    private var stopReason: String?

    init(rate: Double, connections: Int, budget: Duration) {
        interval = rate > 0 ? .nanoseconds(Int64(1e9 / rate)) : nil
        maximum = connections
        allowed = connections
        self.budget = budget
    }

    /// Waits for this connection's turn to start a message; false when the run has stopped.
    func permit() async -> Bool {
        let start: ContinuousClock.Instant? = lock.withLock {
            guard stopReason == nil else { return nil }
            let start = max(ContinuousClock.now, nextSlot, pausedUntil)
            if let interval { nextSlot = start + interval }
            return start
        }
        guard let start else { return false }
        if start > .now { try? await Task.sleep(until: start, clock: .continuous) }
        return lock.withLock { stopReason == nil }
    }

    /// Waits out a pause (before opening a connection); false when the run has stopped.
    func waitOutPause() async -> Bool {
        let until: ContinuousClock.Instant? = lock.withLock { stopReason == nil ? pausedUntil : nil }
        guard let until else { return false }
        if until > .now { try? await Task.sleep(until: until, clock: .continuous) }
        return lock.withLock { stopReason == nil }
    }

    /// Whether connection number `worker` (from 0) may carry messages now.
    func allows(worker: Int) -> Bool {
        lock.withLock { stopReason == nil && worker < allowed }
    }

    /// A message accepted (or refused for good: the relay is answering).
    func noteAccepted() {
        lock.withLock {
            transientInARow = 0
            acceptedInARow += 1
            if acceptedInARow >= 25 {
                acceptedInARow = 0
                allowed = min(maximum, allowed + 1)
                step = max(0, step - 1)
            }
        }
    }

    /// A 4xx, a lost connection or a connection that could not be opened (`pushBack`: a 421 or a
    /// failed connection, which slow the run at once).
    func noteTransient(_ reason: String, pushBack: Bool) {
        lock.withLock {
            transientInARow += 1
            acceptedInARow = 0
            if pushBack || transientInARow % 3 == 0 { slowDown(reason) }
        }
    }

    private func slowDown(_ reason: String) {
        allowed = max(1, allowed - 1)
        step += 1
        let pause = Duration.milliseconds(min(30_000, 500 << min(step - 1, 16)))
        guard pause <= budget else {
            stopReason = "the relay kept pushing back (last: \(reason)); what is left is retried by a later run"
            return
        }
        budget -= pause
        pausedUntil = max(pausedUntil, .now + pause)
    }

    /// Stops the run: no connection starts another message.
    func stop(_ reason: String) {
        lock.withLock { if stopReason == nil { stopReason = reason } }
    }

    var stopped: String? { lock.withLock { stopReason } }

    /// Takes up to `wanted` of the waiting budget; what was granted.
    func spend(upTo wanted: Duration) -> Duration {
        lock.withLock {
            let granted = min(wanted, budget)
            budget -= granted
            return granted
        }
    }

    var remainingBudget: Duration { lock.withLock { budget } }
}
