import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Listing files below a folder in a stable order (never the file system's).
///
/// Straight on `opendir`/`readdir`: Foundation's enumerator looks up every file's owner and group
/// (opening /etc/passwd and /etc/group per file), which costs more than reading the files.
///
/// Only regular files and real folders are listed; symbolic links are never followed (a link could
/// make a build read, and publish, any file on the machine). What is left out but looks meant to be
/// read comes back as an `Oddity`, so that the caller can say so instead of skipping it silently.
public enum FileTree {
    /// Something below the folder that is not listed although it might be meant to be.
    public struct Oddity: Equatable, Sendable {
        public enum Kind: Equatable, Sendable {
            /// The name starts with "." (a hidden folder, or a hidden file with the suffix).
            case hidden
            /// A symbolic link (with the suffix, to a folder, or to nothing): not followed.
            case symbolicLink(target: String, dangling: Bool)
            /// A FIFO, socket or device with the suffix: reading it could block or never end.
            case special
            /// A folder whose name ends with the suffix (`terms.md/`): not a file.
            case folderWithSuffix
        }

        /// Relative to the listed folder.
        public var path: String
        public var kind: Kind

        public init(path: String, kind: Kind) {
            self.path = path
            self.kind = kind
        }

        /// Whether a build should stop for it: everything but a hidden entry, which is only ignored.
        public var isError: Bool { kind != .hidden }

        /// What is wrong and what to do, for `path: message` (`what` names the files: "policy document").
        public func message(what: String, suffix: String) -> String {
            switch kind {
            case .hidden:
                return "hidden (its name starts with \".\"), so it is not read: rename it without the dot to use it, or remove it"
            case .symbolicLink(let target, true):
                return "a symbolic link to \(Self.shown(target)), which does not exist: remove the link"
            case .symbolicLink(let target, false):
                return "a symbolic link (to \(Self.shown(target))): links are not followed, so that nothing outside the folder is "
                    + "ever read; put the \(what) itself here instead of a link"
            case .special:
                return "not a regular file (a FIFO, socket or device): remove it; a \(what) is a plain file"
            case .folderWithSuffix:
                return "a folder named like a \(what) (*\(suffix)): rename or remove it"
            }
        }

        /// A link target as the message shows it: control characters escaped, at most 200 bytes.
        static func shown(_ target: String) -> String {
            let escaped = OneLine.escaped(target)
            return escaped.utf8.count > 200 ? String(decoding: escaped.utf8.prefix(200), as: UTF8.self) + "…" : escaped
        }
    }

    /// The regular files below a folder, and the entries that were left out and should be reported.
    public struct Listing: Equatable, Sendable {
        /// Relative paths, sorted by their UTF-8 bytes.
        public var files: [String] = []
        /// Sorted the same way.
        public var oddities: [Oddity] = []
    }

    /// Relative paths of the regular files below `directory` whose name ends with `suffix`, sorted
    /// by their UTF-8 bytes; nil when `directory` is not a folder. Hidden files and folders are
    /// skipped; symbolic links are not followed.
    public static func files(below directory: String, withSuffix suffix: String = "") -> [String]? {
        listing(below: directory, withSuffix: suffix)?.files
    }

    /// What to watch for changes below `directory`: the folder itself, every file below it, and every
    /// folder in between (a folder's time changes when a file is added, removed or renamed in it).
    /// Full paths; the preview takes a stamp of each (`FileStamp`).
    public static func watchPaths(below directory: String) -> [String] {
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var paths = [root]
        var folders: Set<String> = []
        for file in files(below: root) ?? [] {
            paths.append(root + "/" + file)
            var folder = (file as NSString).deletingLastPathComponent
            while !folder.isEmpty, folders.insert(folder).inserted {
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        return paths + folders.sorted().map { root + "/" + $0 }
    }

    /// `files(below:withSuffix:)` with what was left out and looks meant to be read: hidden folders
    /// and hidden files with the suffix, symbolic links (with the suffix, to a folder, or dangling),
    /// FIFOs, sockets and devices with the suffix, folders named with the suffix. Other files (without
    /// the suffix) are not listed and not reported.
    public static func listing(below directory: String, withSuffix suffix: String = "") -> Listing? {
        guard isDirectory(directory) else { return nil }
        var listing = Listing()
        // Folders still to read, as (full path, relative path): a stack, not recursion.
        var pending = [(directory, "")]
        while let next = pending.popLast() {
            let (folder, relative) = next
            guard let stream = opendir(folder) else { continue }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let path = folder + "/" + name
                let entryRelative = relative + name
                let hasSuffix = name.hasSuffix(suffix)
                var type = entry.pointee.d_type
                if type == UInt8(DT_UNKNOWN) {
                    // Some file systems do not say: ask, without following a link.
                    var info = stat()
                    guard lstat(path, &info) == 0 else { continue }
                    switch info.st_mode & S_IFMT {
                    case S_IFDIR: type = UInt8(DT_DIR)
                    case S_IFREG: type = UInt8(DT_REG)
                    case S_IFLNK: type = UInt8(DT_LNK)
                    default: type = UInt8(DT_FIFO)
                    }
                }
                if name.hasPrefix(".") {
                    if type == UInt8(DT_DIR) || hasSuffix { listing.oddities.append(Oddity(path: entryRelative, kind: .hidden)) }
                    continue
                }
                switch type {
                case UInt8(DT_DIR):
                    if !suffix.isEmpty, hasSuffix {
                        listing.oddities.append(Oddity(path: entryRelative, kind: .folderWithSuffix))
                    } else {
                        pending.append((path, entryRelative + "/"))
                    }
                case UInt8(DT_REG):
                    if hasSuffix { listing.files.append(entryRelative) }
                case UInt8(DT_LNK):
                    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? ""
                    var info = stat()
                    let dangling = stat(path, &info) != 0
                    if hasSuffix || dangling || (info.st_mode & S_IFMT) == S_IFDIR {
                        listing.oddities.append(Oddity(path: entryRelative, kind: .symbolicLink(target: target, dangling: dangling)))
                    }
                default:
                    if hasSuffix { listing.oddities.append(Oddity(path: entryRelative, kind: .special)) }
                }
            }
        }
        listing.files.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        listing.oddities.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return listing
    }

    /// Whether `path` is an existing folder (following a link).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
