import Foundation
import GazetteCore

/// Keeps the current snapshot of the inputs and makes a new one when a watched file changed.
///
/// Every request asks for the snapshot; that costs one `stat` per watched file. When a file changed,
/// one task loads everything again and every request that comes meanwhile awaits that same task
/// (no handler blocks a thread on a lock, and nothing is loaded twice), so an edit shows on the next
/// request without a restart, and a broken file shows as an error page until it is fixed.
public final class PreviewStore: Sendable {
    public let configuration: PreviewConfiguration
    /// SpamAssassin's results outlive snapshots: they belong to a message's bytes, not to the files.
    let spamAssassin: SpamAssassinRunner
    /// The latest snapshot, and the load in flight (at most one).
    private let state = Locked<(current: PreviewSnapshot?, loading: Task<PreviewSnapshot, Never>?)>((nil, nil))

    public init(configuration: PreviewConfiguration) {
        self.configuration = configuration
        spamAssassin = SpamAssassinRunner(command: configuration.spamAssassin)
    }

    /// The snapshot for the files as they are now.
    public func snapshot() async -> PreviewSnapshot {
        let seen = state.withLock { $0.current }
        if let seen, seen.stamps.isCurrent { return seen }
        let configuration = configuration
        let loading = state.withLock { state -> Task<PreviewSnapshot, Never> in
            if let loading = state.loading { return loading }
            // Another request may have loaded a newer one since `seen` was read: it is current enough
            // if its files have not changed since (checked by the task, not under the lock).
            let latest = state.current
            let task = Task.detached {
                if let latest, latest !== seen, latest.stamps.isCurrent { return latest }
                return PreviewSnapshot(configuration, generation: (latest?.generation ?? 0) + 1)
            }
            state.loading = task
            return task
        }
        let fresh = await loading.value
        state.withLock { state in
            if state.loading == loading {
                state.current = fresh
                state.loading = nil
            }
        }
        return fresh
    }
}
