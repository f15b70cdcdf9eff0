#if canImport(Glibc)
import Glibc
#endif

/// A file's identity and version as `stat` gives them: inode, size and modification time (to the
/// nanosecond). A file rewritten in place changes its time or size; one written to a temporary file
/// and renamed over the old one (AtomicOutput) has another inode. The preview watches its inputs with
/// these; `gazette send` knows by them whether a manifest changed since it was read.
public struct FileStamp: Sendable, Equatable, CustomStringConvertible {
    public var inode: UInt64
    public var size: Int64
    /// Nanoseconds since 1970.
    public var modified: Int64
    public var isRegularFile: Bool

    public init(inode: UInt64, size: Int64, modified: Int64, isRegularFile: Bool = true) {
        self.inode = inode
        self.size = size
        self.modified = modified
        self.isRegularFile = isRegularFile
    }

    /// The stamp of whatever is at `path` (following a link), or nil when nothing is.
    public init?(of path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        isRegularFile = (info.st_mode & S_IFMT) == S_IFREG
    }

    /// `inode:size:time`, as the delivery ledger keeps it.
    public var description: String { "\(inode):\(size):\(modified)" }
}
