import GazetteCore

/// Keeps two batches from writing the same week at once (a cron run overlapping a manual rerun would
/// otherwise remove each other's staging folders): an advisory lock on `<output>/.<week>.lock`,
/// exclusive for a whole run, shared between the shards of a sharded run (which write disjoint
/// companies), plus an exclusive lock per shard on `<output>/.<week>.shard-K-of-N.lock`.
///
/// A run that finds the week locked stops at once (exit 1) rather than wait: the other run writes the
/// same files. The lock files stay (empty); the locks go with the process, even when it is killed.
struct WeekLock {
    private let week: FileLock
    private let shard: FileLock?
    /// Whether no other run of this week was running when the lock was taken: always for an unsharded
    /// run; for a shard, when it found no other shard at work.
    let isAlone: Bool

    /// Takes the week's locks. `whileAlone` runs while no other run of the week can be running (the
    /// week locked exclusively, for a shard before it shares the lock): only then may the week's
    /// shared leftovers (a half-written manifest, a preview's staging folder) be removed, because
    /// they cannot belong to a live run. It does not run when other shards are at work.
    init(_ week: ISOWeek, in output: String, shard: Shard?, whileAlone: () throws(RunFailure) -> Void = {}) throws(RunFailure) {
        let base = output + "/." + week.description
        func busy(_ path: String) -> RunFailure {
            RunFailure(
                "another gazette digest is writing week \(week) in \(output) (lock \(path)): let it finish, or stop it, then run again")
        }
        let path = base + ".lock"
        guard let shard else {
            guard let lock = try FileLock.take(path, .exclusive, wait: false) else { throw busy(path) }
            try whileAlone()
            self.week = lock
            self.shard = nil
            self.isAlone = true
            return
        }
        // A shard first tries the week alone (no other shard running), then shares it.
        if let lock = try FileLock.take(path, .exclusive, wait: false) {
            try whileAlone()
            try lock.change(to: .shared, wait: true)
            self.week = lock
            self.isAlone = true
        } else {
            guard let lock = try FileLock.take(path, .shared, wait: false) else { throw busy(path) }
            self.week = lock
            self.isAlone = false
        }
        let shardPath = base + ".shard-\(shard.index)-of-\(shard.count).lock"
        guard let lock = try FileLock.take(shardPath, .exclusive, wait: false) else { throw busy(shardPath) }
        self.shard = lock
    }

    /// Lets the locks go (also when the value goes away).
    func release() {
        shard?.release()
        week.release()
    }
}
