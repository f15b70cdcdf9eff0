import Foundation
import GazetteCore
import GazetteDigest

/// What the watched files looked like: per path its size, modification time (to the nanosecond) and
/// inode. Taking stamps costs one `stat` per path, cheap enough to do on every request; an editor's
/// save (in place, or a new file renamed over the old one) changes at least one of them.
struct FileStamps: Equatable, Sendable {
    let paths: [String]
    /// nil where nothing is at the path.
    let stamps: [FileStamp?]

    init(_ paths: [String]) {
        self.paths = paths
        stamps = paths.map { FileStamp(of: $0) }
    }

    /// Whether any file changed, appeared or disappeared since these stamps were taken.
    var isCurrent: Bool {
        for (index, path) in paths.enumerated() where FileStamp(of: path) != stamps[index] { return false }
        return true
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
        return paths + FileTree.watchPaths(below: templates)
    }
}
