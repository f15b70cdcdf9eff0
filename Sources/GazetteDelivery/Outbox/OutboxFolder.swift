import Foundation
import GazetteCore

/// A complete folder of messages under `--mail`: a digest week (`2026-W53`) or an announcement
/// (`<slug>-<effective>`), complete when its `manifest.json` exists (written last).
///
/// Both kinds are read by the same code: every entry names a `company` and either an `employee` (a
/// digest: the employee's opt-out applies) or a `contact` (an announcement: a service notice, sent
/// whatever the digest opt-outs say), an `outcome`, and for `written` ones the file's `path` (relative
/// to the folder) and its `message_id`. Other keys (`week`, `invalid_rows`, …) are not needed here.
public struct OutboxFolder: Sendable, Equatable {
    /// The folder's name under `--mail`, as the ledger and the summaries name it.
    public let name: String
    public let path: String
    /// Identifies the manifest's version on disk: a rewritten manifest (a new file renamed into
    /// place) has another inode, time or size.
    public let stamp: FileStamp

    public static let manifestName = "manifest.json"

    /// A message the manifest lists as written.
    public struct Entry: Sendable, Equatable {
        public var company: String
        /// Set for a digest (the recipient is an employee).
        public var employee: String?
        /// Set for an announcement (the recipient is a customer's contact).
        public var contact: String?
        /// Relative to the folder.
        public var path: String
        /// With its angle brackets, as in the message's Message-ID header.
        public var messageID: String
    }

    /// The complete folders under `mail`, sorted by name; with `only`, that one, which must be complete.
    /// Hidden folders (staging folders, `.shards`) are never taken.
    public static func list(in mail: String, only: String? = nil) throws(InputError) -> [OutboxFolder] {
        guard FileTree.isDirectory(mail) else {
            throw InputError(
                InputProblem(path: mail, "no such folder: write the messages first (gazette digest, gazette announce) or pass --mail"))
        }
        if let only {
            guard !only.isEmpty, !only.contains("/"), !only.hasPrefix(".") else {
                throw InputError(InputProblem(path: "--week", "\"\(only)\" is not a folder name under \(mail): give a week like 2026-W53"))
            }
            let path = mail + "/" + only
            guard let stamp = FileStamp(of: path + "/" + manifestName), stamp.isRegularFile else {
                let what =
                    FileTree.isDirectory(path)
                    ? "no \(manifestName): the folder is not complete (gazette digest writes the manifest last)"
                    : "no such folder: write it first (gazette digest --week \(only))"
                throw InputError(InputProblem(path: path, what + "; nothing was sent"))
            }
            return [OutboxFolder(name: only, path: path, stamp: stamp)]
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: mail)) ?? []).filter { !$0.hasPrefix(".") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return names.compactMap { name in
            let path = mail + "/" + name
            guard let stamp = FileStamp(of: path + "/" + manifestName), stamp.isRegularFile else { return nil }
            return OutboxFolder(name: name, path: path, stamp: stamp)
        }
    }

    /// The manifest's written entries, in its order; every problem of the manifest is an input problem.
    public func entries() throws(InputError) -> [Entry] {
        let manifest = path + "/" + Self.manifestName
        guard let data = FileManager.default.contents(atPath: manifest) else {
            throw InputError(InputProblem(path: manifest, "cannot read the manifest"))
        }
        let file: ManifestFile
        do {
            file = try JSONDecoder().decode(ManifestFile.self, from: data)
        } catch {
            throw InputError(InputProblem(path: manifest, "not a manifest Gazette can send from: \(Self.describe(error))"))
        }
        var problems = ProblemList()
        var entries: [Entry] = []
        entries.reserveCapacity(file.entries.count)
        var seen: [String: Int] = [:]
        for (index, item) in file.entries.enumerated() {
            let place = "entry \(index + 1)"
            guard item.outcome == "written" else {
                if item.outcome != "skipped" {
                    problems.add(manifest, "\(place) has outcome \(Self.quoted(item.outcome)): expected written or skipped")
                }
                continue
            }
            guard let relative = item.path, let messageID = item.message_id else {
                problems.add(manifest, "\(place) is written but has no path or no message_id")
                continue
            }
            if (item.employee == nil) == (item.contact == nil) {
                problems.add(manifest, "\(place) must name either an employee (a digest) or a contact (an announcement)")
            }
            if !Self.isSafeRelativePath(relative) {
                problems.add(manifest, "\(place) has path \(Self.quoted(relative)): expected a file inside the folder, like leie/E1001.eml")
            }
            if !(messageID.hasPrefix("<") && messageID.hasSuffix(">") && messageID.contains("@") && messageID.utf8.count <= 998
                && messageID.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }))
            {
                problems.add(manifest, "\(place) has message_id \(Self.quoted(messageID)): expected <id@domain>")
            }
            if let first = seen[messageID] {
                problems.add(manifest, "\(place) repeats the message_id of entry \(first): every message needs its own")
            } else {
                seen[messageID] = index + 1
            }
            entries.append(
                Entry(company: item.company, employee: item.employee, contact: item.contact, path: relative, messageID: messageID))
        }
        try problems.check()
        return entries
    }

    /// What the delivery reads of a manifest.
    private struct ManifestFile: Decodable {
        var entries: [Item]

        struct Item: Decodable {
            var company: String
            var employee: String?
            var contact: String?
            var outcome: String
            var path: String?
            var message_id: String?
        }
    }

    /// A path below the folder: no `..`, not absolute, no empty or hidden parts, no control characters.
    static func isSafeRelativePath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.isEmpty && path.utf8.count < 4096 && !path.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
            && parts.allSatisfy { !$0.isEmpty && !$0.hasPrefix(".") }
    }

    static func quoted(_ text: String) -> String {
        "\"" + String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) }) + "\""
    }

    /// Decoding errors in words: which key is missing or of the wrong kind, and where.
    static func describe(_ error: Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "entry \($0 + 1)" } ?? $0.stringValue }
            return keys.isEmpty ? "" : " (at " + keys.joined(separator: ", ") + ")"
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?: return "missing key \"\(key.stringValue)\"\(path(context))"
        case .typeMismatch(_, let context)?: return "a value of the wrong kind\(path(context))"
        case .valueNotFound(_, let context)?: return "a null value\(path(context))"
        case .dataCorrupted(let context)?: return "not valid JSON\(path(context))"
        default: return "\(error)"
        }
    }
}
