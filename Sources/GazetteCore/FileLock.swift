#if canImport(Glibc)
import Glibc
#endif

/// An advisory lock (`flock`) on a file, held until the value goes away or the process ends (also
/// when it is killed: the kernel drops it with the last descriptor). The lock file itself stays,
/// empty; it is bookkeeping, not output.
///
/// The digest locks a week (`WeekLock`), the site its output folder, the PDF step its cache: who holds
/// the lock owns the leftovers of earlier, interrupted runs there and may remove them.
public final class FileLock: Sendable {
    public enum Mode: Sendable {
        case exclusive, shared

        var operation: Int32 { self == .exclusive ? LOCK_EX : LOCK_SH }
    }

    public let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Takes the lock on `path` (created if missing). Without `wait`, nil when another process holds
    /// it in a conflicting mode; with `wait`, blocks until it is free.
    public static func take(_ path: String, _ mode: Mode, wait: Bool) throws(RunFailure) -> FileLock? {
        // Read-only is enough for flock, and lets another user of the group lock the same file. Closed
        // on exec: a child process (WeasyPrint) must not keep a lock after this process is gone.
        let fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RunFailure("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        let lock = FileLock(path: path, descriptor: fd)
        guard try lock.change(to: mode, wait: wait) else { return nil }
        return lock
    }

    /// Gives the lock up before the value goes away (`defer { lock.release() }` also keeps it alive
    /// to the end of the scope).
    public func release() {
        flock(descriptor, LOCK_UN)
    }

    /// Changes the mode of the held lock (an exclusive lock becomes shared at once); false when it
    /// would have to wait and `wait` is false.
    @discardableResult
    public func change(to mode: Mode, wait: Bool) throws(RunFailure) -> Bool {
        while flock(descriptor, mode.operation | (wait ? 0 : LOCK_NB)) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK { return false }
            throw RunFailure("cannot lock \(path): \(String(cString: strerror(errno)))")
        }
        return true
    }
}
