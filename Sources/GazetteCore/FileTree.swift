import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Listing files below a folder in a stable order (never the file system's).
///
/// Straight on `opendir`/`readdir`: Foundation's enumerator looks up every file's owner and group
/// (opening /etc/passwd and /etc/group per file), which costs more than reading the files.
public enum FileTree {
    /// Relative paths of the regular files below `directory` whose name ends with `suffix`, sorted
    /// by their UTF-8 bytes; nil when `directory` is not a folder. Hidden files and folders are
    /// skipped; symbolic links are not followed.
    public static func files(below directory: String, withSuffix suffix: String = "") -> [String]? {
        guard isDirectory(directory) else { return nil }
        var result: [String] = []
        collect(directory, relative: "", suffix: suffix, into: &result)
        return result.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private static func collect(_ directory: String, relative: String, suffix: String, into result: inout [String]) {
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let path = directory + "/" + name
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                // Some file systems do not say: ask, without following a link.
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: type = UInt8(DT_DIR)
                case S_IFREG: type = UInt8(DT_REG)
                default: continue
                }
            }
            if type == UInt8(DT_DIR) {
                collect(path, relative: relative + name + "/", suffix: suffix, into: &result)
            } else if type == UInt8(DT_REG), name.hasSuffix(suffix) {
                result.append(relative + name)
            }
        }
    }

    /// Whether `path` is an existing folder (following a link).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
