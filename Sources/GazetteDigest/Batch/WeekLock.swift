import GazetteCore

#if canImport(Glibc)
import Glibc
#endif

/// Keeps two batches from writing the same week at once (a cron run overlapping a manual rerun would
/// otherwise remove each other's staging folders): an advisory lock on `<output>/.<week>.lock`,
/// exclusive for a whole run, shared between the shards of a sharded run (which write disjoint
/// companies), plus an exclusive lock per shard on `<output>/.<week>.shard-K-of-N.lock`.
///
/// A run that finds the week locked stops at once (exit 1) rather than wait: the other run writes the
/// same files. The lock files stay (empty); the locks go with the process, even when it is killed.
struct WeekLock: ~Copyable {
    private var descriptors: [Int32] = []

    init(_ week: ISOWeek, in output: String, shard: Shard?) throws(RunFailure) {
        let base = output + "/." + week.description
        do {
            try take(base + ".lock", exclusive: shard == nil, week: week, output: output)
            if let shard { try take(base + ".shard-\(shard.index)-of-\(shard.count).lock", exclusive: true, week: week, output: output) }
        } catch {
            release()
            throw error
        }
    }

    private mutating func take(_ path: String, exclusive: Bool, week: ISOWeek, output: String) throws(RunFailure) {
        // Read-only is enough for flock, and lets another user of the group lock the same file.
        let fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RunFailure("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        descriptors.append(fd)
        while flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK {
                throw RunFailure(
                    "another gazette digest is writing week \(week) in \(output) (lock \(path)): "
                        + "let it finish, or stop it, then run again")
            }
            throw RunFailure("cannot lock \(path): \(String(cString: strerror(errno)))")
        }
    }

    func release() {
        for fd in descriptors { close(fd) }
    }
}
