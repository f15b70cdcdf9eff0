import Foundation

/// What one run did, per folder: the outcomes of its attempts, when the folder's first message was
/// taken and its last outcome came, and every message that failed or became uncertain (for the list
/// a run prints at its end).
final class DeliveryTally: @unchecked Sendable {
    typealias Problem = DeliveryReport.Problem

    private let lock = NSLock()
    private var outcomes: [String: [DeliveryState: Int]] = [:]
    private var started: [String: ContinuousClock.Instant] = [:]
    private var finished: [String: ContinuousClock.Instant] = [:]
    private var problemList: [Problem] = []
    /// The list printed at the end is cut at this many, and only as many are kept (the ledger has them all).
    static let listed = 100

    /// A message held until its Date.
    func hold(_ folder: String) {
        lock.withLock {
            finished[folder] = .now
            if started[folder] == nil { started[folder] = .now }
        }
    }

    func start(_ folder: String) {
        lock.withLock { if started[folder] == nil { started[folder] = .now } }
    }

    func count(_ folder: String, _ state: DeliveryState, path: String, recipient: String?, reply: String) {
        lock.withLock {
            outcomes[folder, default: [:]][state, default: 0] += 1
            finished[folder] = .now
            if started[folder] == nil { started[folder] = .now }
            if state == .failed || state == .uncertain, problemList.count < Self.listed { problemList.append(Problem(folder: folder, path: path, recipient: recipient, state: state, reply: reply)) }
        }
    }

    /// The outcomes of this run in `folder`.
    func outcomes(of folder: String) -> [DeliveryState: Int] {
        lock.withLock { outcomes[folder] ?? [:] }
    }

    /// Seconds from the folder's first message taken to its last outcome (0 when none).
    func seconds(of folder: String) -> Double {
        lock.withLock {
            guard let start = started[folder], let end = finished[folder] else { return 0 }
            let duration = end - start
            return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }

    var problems: [Problem] { lock.withLock { problemList } }
}
