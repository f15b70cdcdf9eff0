import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Private temporary folders that last as long as the process: made with `mkdtemp` (mode 700, a name
/// nobody can guess or take first) on first use, and removed when the process exits normally. For
/// state a helper program needs a home for (SpamAssassin in the preview) and for the tests' keys.
public enum ProcessScratch {
    /// The folder for `label` (letters, digits, `-`), the same path for the whole process.
    public static func folder(_ label: String) throws(RunFailure) -> String {
        try makeFolder(label)
    }

    /// The folders made so far, by label.
    private static let made = Locked<[String: String]>([:])

    private static func makeFolder(_ label: String) throws(RunFailure) -> String {
        try made.withLock { (made) throws(RunFailure) -> String in
            if let path = made[label] { return path }
            var template = Array((FileManager.default.temporaryDirectory.path + "/gazette-\(label)-XXXXXX").utf8CString)
            guard let folder = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
                throw RunFailure("cannot make a temporary folder for \(label): \(String(cString: strerror(errno)))")
            }
            let path = String(cString: folder)
            if made.isEmpty {
                atexit {
                    for path in ProcessScratch.madeAtExit() { try? FileManager.default.removeItem(atPath: path) }
                }
            }
            made[label] = path
            return path
        }
    }

    /// The folders to remove (an `atexit` handler is a C function and cannot capture them).
    fileprivate static func madeAtExit() -> [String] { made.withLock { Array($0.values) } }
}
