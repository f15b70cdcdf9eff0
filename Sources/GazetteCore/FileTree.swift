import Foundation

/// Listing files below a folder in a stable order (never the file system's).
public enum FileTree {
    /// Relative paths of the regular files below `directory` whose name ends with `suffix`, sorted
    /// by their UTF-8 bytes; nil when `directory` is not a folder. Hidden files are skipped.
    public static func files(below directory: String, withSuffix suffix: String = "") -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return nil
        }
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var result: [String] = []
        for case let path as String in enumerator {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix(".") {
                if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory {
                    enumerator.skipDescendants()
                }
                continue
            }
            guard path.hasSuffix(suffix),
                (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeRegular
            else { continue }
            result.append(path)
        }
        return result.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Whether `path` is an existing folder.
    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
