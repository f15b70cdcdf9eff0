import Foundation
import GazetteCore
import GazetteDigest

#if canImport(Glibc)
import Glibc
#endif

/// What the watched files looked like: per path its size, modification time (to the nanosecond) and
/// inode. Taking stamps costs one `stat` per path, cheap enough to do on every request; an editor's
/// save (in place, or a new file renamed over the old one) changes at least one of them.
struct FileStamps: Equatable, Sendable {
    struct Stamp: Equatable, Sendable {
        var exists: Bool
        var size: Int64
        var seconds: Int
        var nanoseconds: Int
        var inode: UInt64
    }

    let paths: [String]
    let stamps: [Stamp]

    init(_ paths: [String]) {
        self.paths = paths
        stamps = paths.map(Self.stamp)
    }

    /// Whether any file changed, appeared or disappeared since these stamps were taken.
    var isCurrent: Bool {
        for (index, path) in paths.enumerated() where Self.stamp(path) != stamps[index] { return false }
        return true
    }

    static func stamp(_ path: String) -> Stamp {
        var info = stat()
        guard stat(path, &info) == 0 else { return Stamp(exists: false, size: 0, seconds: 0, nanoseconds: 0, inode: 0) }
        return Stamp(
            exists: true, size: Int64(info.st_size), seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec),
            inode: UInt64(info.st_ino))
    }

    /// Everything a preview of `sources` reads: the settings, the secret file, the DKIM key files,
    /// the export's files, and every file and folder below the templates (a folder's time changes
    /// when a file is added, removed or renamed in it).
    static func watchList(for sources: DigestInputs.Sources) -> [String] {
        let data = sources.data.hasSuffix("/") ? String(sources.data.dropLast()) : sources.data
        let templates = sources.templates.hasSuffix("/") ? String(sources.templates.dropLast()) : sources.templates
        var paths = [sources.config, data] + HRExport.files.map { data + "/" + $0 }
        if let secret = sources.secretFile { paths.append(secret) }
        // The keys the settings name (a broken settings file names none: its problems show anyway).
        if let dkim = (try? DigestSettings(from: SettingsFile.load(sources.config)))?.dkim {
            paths.append(contentsOf: dkim.keyFiles(environment: sources.environment).map(\.path))
        }
        paths.append(templates)
        var folders: Set<String> = []
        for file in FileTree.files(below: templates) ?? [] {
            paths.append(templates + "/" + file)
            var folder = (file as NSString).deletingLastPathComponent
            while !folder.isEmpty, folders.insert(folder).inserted {
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        paths.append(contentsOf: folders.sorted().map { templates + "/" + $0 })
        return paths
    }
}
