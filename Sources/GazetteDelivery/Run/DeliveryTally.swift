import Foundation
import GazetteCore

/// What one run did, per folder: the outcomes of its attempts, when the folder's first message was
/// taken and its last outcome came, and every message that failed or became uncertain (for the list
/// a run prints at its end).
final class DeliveryTally: Sendable {
    typealias Problem = DeliveryReport.Problem

    private struct State {
        var outcomes: [String: [DeliveryState: Int]] = [:]
        var started: [String: ContinuousClock.Instant] = [:]
        var finished: [String: ContinuousClock.Instant] = [:]
        var problems: [Problem] = []
    }

    private let state = Locked(State())
    /// The list printed at the end is cut at this many, and only as many are kept (the ledger has them all).
    static let listed = 100

    /// A message held until its Date.
    func hold(_ folder: String) {
        state.withLock { state in
            state.finished[folder] = .now
            if state.started[folder] == nil { state.started[folder] = .now }
        }
    }

    func start(_ folder: String) {
        state.withLock { if $0.started[folder] == nil { $0.started[folder] = .now } }
    }

    func count(_ folder: String, _ state: DeliveryState, path: String, recipient: String?, reply: String) {
        self.state.withLock { tally in
            tally.outcomes[folder, default: [:]][state, default: 0] += 1
            tally.finished[folder] = .now
            if tally.started[folder] == nil { tally.started[folder] = .now }
            if state == .failed || state == .uncertain, tally.problems.count < Self.listed {
                tally.problems.append(Problem(folder: folder, path: path, recipient: recipient, state: state, reply: reply))
            }
        }
    }

    /// The outcomes of this run in `folder`.
    func outcomes(of folder: String) -> [DeliveryState: Int] {
        state.withLock { $0.outcomes[folder] ?? [:] }
    }

    /// Seconds from the folder's first message taken to its last outcome (0 when none).
    func seconds(of folder: String) -> Double {
        state.withLock { state in
            guard let start = state.started[folder], let end = state.finished[folder] else { return 0 }
            let duration = end - start
            return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }

    var problems: [Problem] { state.withLock { $0.problems } }
}
