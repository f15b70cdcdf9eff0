import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reading the user's text files: UTF-8 required, a byte-order mark tolerated.
public enum TextFile {
    /// How large a file may be, and what to tell someone whose file is larger.
    public struct SizeLimit: Sendable {
        public var bytes: Int
        /// What to do, after "the file is 50.0 MB, more than the 5 MB allowed: ".
        public var advice: String

        public init(bytes: Int, advice: String) {
            self.bytes = bytes
            self.advice = advice
        }
    }

    /// The file's text; throws `InputError` when it is missing, not UTF-8, larger than `limit`, or
    /// (with `followingLinks: false`) a symbolic link.
    public static func read(_ path: String, limit: SizeLimit? = nil, followingLinks: Bool = true) throws(InputError) -> String {
        var bytes: [UInt8]
        switch FileBytes.read(path, atMost: limit?.bytes, followingLinks: followingLinks) {
        case .success(let read): bytes = read
        case .failure(.tooLarge(let size)):
            let limit = limit!
            throw InputError(
                InputProblem(
                    path: path,
                    "the file is \(Self.megabytes(size)), more than the \(Self.megabytes(limit.bytes)) allowed: \(limit.advice)"))
        case .failure(.unreadable):
            throw InputError(InputProblem(path: path, "cannot read the file: it does not exist or is not readable"))
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let line = invalidUTF8Line(bytes)
            throw InputError(InputProblem(path: path, line: line, "the file is not valid UTF-8: save it as UTF-8"))
        }
        return text
    }

    /// "5 MB", "50.0 MB", "812 KB", "10 bytes": one decimal only where it says something.
    static func megabytes(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) bytes" }
        if bytes < 1_000_000 { return "\(max(1, (bytes + 999) / 1000)) KB" }
        if bytes % 1_000_000 == 0 { return "\(bytes / 1_000_000) MB" }
        return String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }

    /// The 1-based line of the first invalid UTF-8 sequence.
    public static func invalidUTF8Line(_ bytes: [UInt8]) -> Int {
        var line = 1
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            if String(validating: bytes[start...index], as: UTF8.self) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }
}

/// A whole file's bytes, read with `open` and `read` straight into one array (no `Data` in between).
public enum FileBytes {
    /// Why a file was not read.
    public enum Failure: Error, Equatable {
        /// Missing, not a regular file, not readable, or a link where links are not followed.
        case unreadable
        /// Larger than the limit: its size (at least the limit + 1, for a file that grew while read).
        case tooLarge(size: Int)
    }

    /// The bytes of the regular file at `path`; nil when it cannot be opened or read.
    public static func read(_ path: String) -> [UInt8]? {
        try? read(path, atMost: nil, followingLinks: true).get()
    }

    /// The bytes of the regular file at `path`, refusing one larger than `limit` bytes before reading
    /// it (and one that grows past it meanwhile); with `followingLinks: false`, refusing a symbolic link.
    public static func read(_ path: String, atMost limit: Int?, followingLinks: Bool) -> Result<[UInt8], Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC | (followingLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else { return .failure(.unreadable) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return .failure(.unreadable) }
        let size = max(Int(info.st_size), 0)
        if let limit, size > limit { return .failure(.tooLarge(size: size)) }
        // The size from fstat, plus room to notice a file that grew since.
        var bytes = [UInt8](repeating: 0, count: size + 4096)
        var count = 0
        while true {
            if let limit, count > limit { return .failure(.tooLarge(size: count)) }
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let got = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable)
            }
            if got == 0 { break }
            count += got
        }
        if let limit, count > limit { return .failure(.tooLarge(size: count)) }
        bytes.removeSubrange(count...)
        return .success(bytes)
    }
}
