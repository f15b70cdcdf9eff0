import CGazetteSystem
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writing files so that a reader never sees half of one, and a failed run never leaves half a site.
public enum AtomicOutput {
    /// Writes `bytes` to `path` through a temporary file in the same folder, then renames it into place.
    /// With `durable`, the file and its folder are fsync'ed before and after the rename.
    public static func write(_ bytes: some Collection<UInt8>, to path: String, durable: Bool = false) throws(RunFailure) {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        // Unique across processes and machines: shards on several machines share a volume, and each
        // may run as process 1 of its container.
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).\(getpid())-\(UInt32.random(in: .min ... .max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RunFailure("cannot create \(temporary): \(errorText())") }
        var ok = true
        var failure = ""
        if let code = writeAll(Array(bytes), to: fd) {
            ok = false
            failure = String(cString: strerror(code))
        }
        if ok, durable, fsync(fd) != 0 {
            ok = false
            failure = errorText()
        }
        close(fd)
        guard ok else {
            unlink(temporary)
            throw RunFailure("cannot write \(path): \(failure)")
        }
        guard rename(temporary, path) == 0 else {
            let text = errorText()
            unlink(temporary)
            throw RunFailure("cannot move \(temporary) to \(path): \(text)")
        }
        if durable { syncDirectory(directory.isEmpty ? "." : directory) }
    }

    /// Writes `bytes` as a new file at `path`, without a temporary file: only for files inside a staging
    /// folder that `replaceDirectory` swaps into place whole (no reader can see them before).
    public static func writeStaged(_ bytes: [UInt8], to path: String) throws(RunFailure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RunFailure("cannot create \(path): \(errorText())") }
        defer { close(fd) }
        if let code = writeAll(bytes, to: fd) { throw RunFailure("cannot write \(path): \(String(cString: strerror(code)))") }
    }

    /// Writes every byte to `fd`, again after a short write or an interruption; nil when all are
    /// written, else the `errno` of the write that failed.
    static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32? {
        bytes.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to path: String, durable: Bool = false) throws(RunFailure) {
        try write(Array(text.utf8), to: path, durable: durable)
    }

    /// Puts the file `source` at `path`: a hard link where the file system allows it (no copy, the
    /// same file), else a copy through a temporary file.
    public static func linkOrCopy(_ source: String, to path: String) throws(RunFailure) {
        unlink(path)
        if link(source, path) == 0 { return }
        guard let data = FileManager.default.contents(atPath: source) else {
            throw RunFailure("cannot read \(source): \(errorText())")
        }
        try write([UInt8](data), to: path)
    }

    /// Creates `path` and its missing parents.
    public static func makeDirectory(_ path: String) throws(RunFailure) {
        // One mkdir when the parent exists (the common case: a site makes thousands of folders);
        // the parents first only when it does not. Mode 0777 less the umask, as mkdir(1) and
        // FileManager make folders (umask 002 keeps a shared output folder group-writable).
        if mkdir(path, 0o777) == 0 { return }
        let failure = errno
        if failure == EEXIST, FileTree.isDirectory(path) { return }
        if failure == ENOENT {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty, parent != path {
                try makeDirectory(parent)
                if mkdir(path, 0o777) == 0 || (errno == EEXIST && FileTree.isDirectory(path)) { return }
            }
        }
        throw RunFailure("cannot create the folder \(path): \(errorText())")
    }

    /// Builds a whole folder next to `target` and swaps it into place: `build` fills a fresh temporary
    /// folder; when it succeeds the folder replaces `target` in one step (renameat2 RENAME_EXCHANGE,
    /// else two renames), and when it throws the temporary folder is removed and `target` is untouched.
    public static func replaceDirectory<T>(_ target: String, build: (String) throws -> T) throws -> T {
        let target = target.hasSuffix("/") ? String(target.dropLast()) : target
        let parent = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        let prefix = parent.isEmpty ? "" : parent + "/"
        // Unique within the process too: two builds of the same target may run at once (tests in parallel).
        let unique = "\(getpid())-\(UUID().uuidString.prefix(8))"
        let staging = prefix + ".\(name).new-\(unique)"
        if !parent.isEmpty { try makeDirectory(parent) }
        try? FileManager.default.removeItem(atPath: staging)
        try makeDirectory(staging)
        let result: T
        do {
            result = try build(staging)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        if FileTree.isDirectory(target) {
            if gazette_exchange_paths(staging, target) == 0 {
                // `staging` now holds the previous site.
                try? FileManager.default.removeItem(atPath: staging)
                return result
            }
            let old = prefix + ".\(name).old-\(unique)"
            try? FileManager.default.removeItem(atPath: old)
            guard rename(target, old) == 0 else {
                let text = errorText()
                try? FileManager.default.removeItem(atPath: staging)
                throw RunFailure("cannot move the previous \(target) aside: \(text)")
            }
            guard rename(staging, target) == 0 else {
                let text = errorText()
                _ = rename(old, target)
                try? FileManager.default.removeItem(atPath: staging)
                throw RunFailure("cannot move \(staging) to \(target): \(text)")
            }
            try? FileManager.default.removeItem(atPath: old)
        } else {
            if FileManager.default.fileExists(atPath: target) {
                try? FileManager.default.removeItem(atPath: staging)
                throw RunFailure("\(target) exists and is not a folder: move it away or pick another --output")
            }
            guard rename(staging, target) == 0 else {
                let text = errorText()
                // Another build created the target in the meantime: take its place.
                if errno == ENOTEMPTY || errno == EEXIST, gazette_exchange_paths(staging, target) == 0 {
                    try? FileManager.default.removeItem(atPath: staging)
                    return result
                }
                try? FileManager.default.removeItem(atPath: staging)
                throw RunFailure("cannot move \(staging) to \(target): \(text)")
            }
        }
        return result
    }

    /// Removes what interrupted runs left next to `target` (a file or folder this type writes): the
    /// temporary files `.<name>.<pid>-<n>.tmp` of `write`, and the staging folders
    /// `.<name>.new-<pid>-<id>` and `.<name>.old-<pid>-<id>` of `replaceDirectory`. Only for a caller
    /// that holds the lock keeping every other run from writing `target`: those are then nobody's.
    public static func removeLeftovers(of target: String) throws(RunFailure) {
        let target = target.hasSuffix("/") ? String(target.dropLast()) : target
        let name = (target as NSString).lastPathComponent
        try removeLeftovers(in: (target as NSString).deletingLastPathComponent) { $0 == name }
    }

    /// Removes the leftovers (see `removeLeftovers(of:)`) of every file and folder in `folder` whose
    /// name `matches`; a caller must hold the lock for all of them.
    public static func removeLeftovers(in folder: String, of matches: (String) -> Bool = { _ in true }) throws(RunFailure) {
        let prefix = folder.isEmpty ? "" : folder + "/"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return }
        for entry in entries.sorted() {
            if let name = leftoverName(entry), matches(name) { try remove(prefix + entry) }
        }
    }

    /// The name of the file or folder `entry` is a temporary file or staging folder of, or nil.
    static func leftoverName(_ entry: String) -> String? {
        guard entry.hasPrefix(".") else { return nil }
        func isDigits(_ text: Substring) -> Bool { !text.isEmpty && text.utf8.allSatisfy { (0x30...0x39).contains($0) } }
        let body = entry.dropFirst()
        if body.hasSuffix(".tmp") {
            // <name>.<pid>-<n>.tmp
            let stem = body.dropLast(4)
            guard let dot = stem.lastIndex(of: ".") else { return nil }
            let parts = stem[stem.index(after: dot)...].split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, isDigits(parts[0]), isDigits(parts[1]), dot > stem.startIndex else { return nil }
            return String(stem[..<dot])
        }
        // <name>.new-<pid>-<8 characters of a UUID>, or .old-
        guard let dot = body.lastIndex(of: "."), dot > body.startIndex else { return nil }
        let tail = body[body.index(after: dot)...]
        guard tail.hasPrefix("new-") || tail.hasPrefix("old-") else { return nil }
        let parts = tail.dropFirst(4).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, isDigits(parts[0]), parts[1].utf8.count == 8,
            parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x46).contains($0) })
        else { return nil }
        return String(body[..<dot])
    }

    /// Removes a file or a whole folder; a folder that something still writes into is tried again
    /// (a killed run's child process may still be creating a file in it).
    public static func remove(_ path: String) throws(RunFailure) {
        var attempt = 0
        while true {
            do {
                try FileManager.default.removeItem(atPath: path)
                return
            } catch {
                if !FileManager.default.fileExists(atPath: path) { return }
                attempt += 1
                if attempt >= 5 {
                    throw RunFailure("cannot remove \(path), left by an interrupted run: \(error.localizedDescription)")
                }
                usleep(20_000)
            }
        }
    }

    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
