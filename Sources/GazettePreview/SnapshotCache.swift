import GazetteCore

/// The latest snapshot of some files and the load in flight (at most one): a request that finds
/// the snapshot out of date starts a load, or awaits the one another request started, so nothing
/// is loaded twice and no async handler blocks a thread on a lock. The emails' store and the
/// site's share it.
final class SnapshotCache<Snapshot: AnyObject & Sendable>: Sendable {
    private let state = Locked<(current: Snapshot?, loading: Task<Snapshot, Never>?)>((nil, nil))

    /// The snapshot if `isCurrent` says so, else the one `load` makes from the latest (in a task of
    /// its own that every caller meanwhile awaits).
    func snapshot(
        isCurrent: @escaping @Sendable (Snapshot) -> Bool, load: @escaping @Sendable (_ latest: Snapshot?) -> Snapshot
    ) async -> Snapshot {
        let seen = state.withLock { $0.current }
        if let seen, isCurrent(seen) { return seen }
        let loading = state.withLock { state -> Task<Snapshot, Never> in
            if let loading = state.loading { return loading }
            // Another request may have loaded a newer one since `seen` was read: it is current enough
            // if its files have not changed since (checked by the task, not under the lock).
            let latest = state.current
            let task = Task.detached {
                if let latest, latest !== seen, isCurrent(latest) { return latest }
                return load(latest)
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
