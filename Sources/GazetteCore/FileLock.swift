#if canImport(Glibc)
import Glibc
#endif

/// An advisory lock (`flock`) on a lock file, held while the process keeps the descriptor open and
/// released by the kernel when the process ends, even when it is killed: two runs that must not
/// overlap (two digests of one week, two sends over one ledger) find out at once instead of waiting.
public struct FileLock: ~Copyable {
    /// Why a lock could not be taken.
    public enum Failure: Error, Equatable {
        /// Another process holds it.
        case busy
        /// The lock file cannot be opened or locked: the reason, in words.
        case system(String)
    }

    private let descriptor: Int32

    /// Takes the lock on `path` (created when missing, left in place afterwards), `exclusive` or
    /// shared, without waiting.
    public init(_ path: String, exclusive: Bool = true) throws(Failure) {
        // Read-only is enough for flock, and lets another user of the group lock the same file.
        let fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        while flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { throw .busy }
            throw .system("cannot lock \(path): \(String(cString: strerror(code)))")
        }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }
}
