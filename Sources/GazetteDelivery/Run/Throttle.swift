import Foundation
import GazetteCore

/// The pace of a run, shared by all its connections: at most `rate` messages a second in all, and
/// slower when the relay pushes back. A 421 (the relay closing: too busy, too many connections), a
/// connection that cannot be opened, or every third 4xx in a row takes one connection away (down to
/// one) and pauses every connection, 0.5 s the first time, twice as long each time after (at most
/// 30 s); 25 messages accepted in a row give a connection back. The pauses come out of the run's
/// waiting budget (`max_wait_seconds`, shared with waiting for retries): when the next pause does not
/// fit, the run stops (what is left stays deferred, exit 75) instead of hammering the relay.
final class Throttle: Sendable {
    private let interval: Duration?
    let maximum: Int

    private struct State {
        var allowed: Int
        var nextSlot = ContinuousClock.now
        var pausedUntil = ContinuousClock.now
        var step = 0
        var transientInARow = 0
        var acceptedInARow = 0
        var budget: Duration
        var stopReason: String?

        mutating func slowDown(_ reason: String) {
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
    }

    private let state: Locked<State>

    init(rate: Double, connections: Int, budget: Duration) {
        interval = rate > 0 ? .nanoseconds(Int64(1e9 / rate)) : nil
        maximum = connections
        state = Locked(State(allowed: connections, budget: budget))
    }

    /// Waits for this connection's turn to start a message; false when the run has stopped.
    func permit() async -> Bool {
        let interval = interval
        let start: ContinuousClock.Instant? = state.withLock { state in
            guard state.stopReason == nil else { return nil }
            let start = max(ContinuousClock.now, state.nextSlot, state.pausedUntil)
            if let interval { state.nextSlot = start + interval }
            return start
        }
        guard let start else { return false }
        if start > .now { try? await Task.sleep(until: start, clock: .continuous) }
        return state.withLock { $0.stopReason == nil }
    }

    /// A turn to start a message now, if one is free without waiting (for a message offered in the
    /// same write as the data before it); false when the run has stopped, a pause is on, or the rate
    /// says wait (the message then takes its turn with `permit()`).
    func tryPermit() -> Bool {
        let interval = interval
        return state.withLock { state in
            let now = ContinuousClock.now
            guard state.stopReason == nil, state.nextSlot <= now, state.pausedUntil <= now else { return false }
            if let interval { state.nextSlot = now + interval }
            return true
        }
    }

    /// Waits out a pause (before opening a connection); false when the run has stopped.
    func waitOutPause() async -> Bool {
        let until: ContinuousClock.Instant? = state.withLock { $0.stopReason == nil ? $0.pausedUntil : nil }
        guard let until else { return false }
        if until > .now { try? await Task.sleep(until: until, clock: .continuous) }
        return state.withLock { $0.stopReason == nil }
    }

    /// Whether connection number `worker` (from 0) may carry messages now.
    func allows(worker: Int) -> Bool {
        state.withLock { $0.stopReason == nil && worker < $0.allowed }
    }

    /// A message accepted (or refused for good: the relay is answering).
    func noteAccepted() {
        let maximum = maximum
        state.withLock { state in
            state.transientInARow = 0
            state.acceptedInARow += 1
            if state.acceptedInARow >= 25 {
                state.acceptedInARow = 0
                state.allowed = min(maximum, state.allowed + 1)
                state.step = max(0, state.step - 1)
            }
        }
    }

    /// A 4xx, a lost connection or a connection that could not be opened (`pushBack`: a 421 or a
    /// failed connection, which slow the run at once).
    func noteTransient(_ reason: String, pushBack: Bool) {
        state.withLock { state in
            state.transientInARow += 1
            state.acceptedInARow = 0
            if pushBack || state.transientInARow % 3 == 0 { state.slowDown(reason) }
        }
    }

    /// Stops the run: no connection starts another message.
    func stop(_ reason: String) {
        state.withLock { if $0.stopReason == nil { $0.stopReason = reason } }
    }

    var stopped: String? { state.withLock { $0.stopReason } }

    /// Takes up to `wanted` of the waiting budget; what was granted.
    func spend(upTo wanted: Duration) -> Duration {
        state.withLock { state in
            let granted = min(wanted, state.budget)
            state.budget -= granted
            return granted
        }
    }

    var remainingBudget: Duration { state.withLock { $0.budget } }
}
