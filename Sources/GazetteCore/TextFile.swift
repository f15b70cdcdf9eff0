import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reading the user's text files: UTF-8 required, a byte-order mark tolerated.
public enum TextFile {
    /// The file's text; throws `InputError` when it is missing or not UTF-8.
    public static func read(_ path: String) throws(InputError) -> String {
        guard var bytes = FileBytes.read(path) else {
            throw InputError(InputProblem(path: path, "cannot read the file: it does not exist or is not readable"))
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let line = invalidUTF8Line(bytes)
            throw InputError(InputProblem(path: path, line: line, "the file is not valid UTF-8: save it as UTF-8"))
        }
        return text
    }

    /// The 1-based line of the first invalid UTF-8 sequence.
    static func invalidUTF8Line(_ bytes: [UInt8]) -> Int {
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
    /// The bytes of the regular file at `path`; nil when it cannot be opened or read.
    public static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        // The size from fstat, plus room to notice a file that grew since.
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 4096)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let got = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { break }
            count += got
        }
        bytes.removeSubrange(count...)
        return bytes
    }
}
