import GazetteCore

/// Keeps two batches from writing the same week at once (a cron run overlapping a manual rerun would
/// otherwise remove each other's staging folders): an advisory lock on `<output>/.<week>.lock`,
/// exclusive for a whole run, shared between the shards of a sharded run (which write disjoint
/// companies), plus an exclusive lock per shard on `<output>/.<week>.shard-K-of-N.lock`.
///
/// A run that finds the week locked stops at once (exit 1) rather than wait: the other run writes the
/// same files. The lock files stay (empty); the locks go with the process, even when it is killed.
final class WeekLock {
    private var week: FileLock?
    private var shard: FileLock?

    init(_ week: ISOWeek, in output: String, shard: Shard?) throws(RunFailure) {
        let base = output + "/." + week.description
        self.week = try Self.take(base + ".lock", exclusive: shard == nil, week: week, output: output)
        if let shard {
            self.shard = try Self.take(base + ".shard-\(shard.index)-of-\(shard.count).lock", exclusive: true, week: week, output: output)
        }
    }

    private static func take(_ path: String, exclusive: Bool, week: ISOWeek, output: String) throws(RunFailure) -> FileLock {
        do {
            return try FileLock(path, exclusive: exclusive)
        } catch {
            switch error {
            case .busy:
                throw RunFailure(
                    "another gazette digest is writing week \(week) in \(output) (lock \(path)): let it finish, or stop it, then run again")
            case .system(let message):
                throw RunFailure(message)
            }
        }
    }

    /// Lets the locks go (also when the value goes away).
    func release() {
        week = nil
        shard = nil
    }
}
