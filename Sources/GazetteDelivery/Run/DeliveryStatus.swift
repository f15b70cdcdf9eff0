import Foundation
import GazetteCore
import GazetteDigest

/// `gazette send --status`: the number of messages in every state, per folder, from the ledger and
/// the manifests, without sending or changing anything. A message a manifest lists that the ledger
/// has not seen yet counts as `pending`.
public enum DeliveryStatus {
    public struct Folder: Sendable, Equatable {
        public var name: String
        public var counts: [DeliveryState: Int]
        /// Of the pending ones, those held until their Date.
        public var held = 0

        public func count(_ state: DeliveryState) -> Int { counts[state] ?? 0 }
    }

    /// Every complete folder under `mail` (or the one named) and every folder the ledger has records
    /// of, sorted by name.
    public static func folders(_ options: DeliveryRun.Options) throws -> [Folder] {
        let listed = try OutboxFolder.list(in: options.mail, only: options.folder)
        let path = Ledger.path(mail: options.mail, shard: options.shard)
        let ledger = FileManager.default.fileExists(atPath: path) ? try Ledger(path: path) : nil
        let counts = try ledger?.counts() ?? [:]
        let held = try ledger?.held(in: Array(counts.keys), at: options.clock()) ?? [:]
        var names = Set(listed.map(\.name))
        if options.folder == nil { names.formUnion(counts.keys) }
        var problems = ProblemList()
        var result: [Folder] = []
        for name in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            var folderCounts = counts[name] ?? [:]
            if let folder = listed.first(where: { $0.name == name }), try ledger?.folderRecord(name)?.expired != true {
                // Messages of the manifest the ledger has no row for yet.
                guard let entries = problems.collect({ () throws(InputError) in try folder.entries() }) else { continue }
                let owned = entries.filter { options.shard?.owns($0.company) ?? true }.count
                let known = folderCounts.values.reduce(0, +)
                folderCounts[.pending, default: 0] += max(0, owned - known)
            }
            result.append(Folder(name: name, counts: folderCounts, held: held[name]?.count ?? 0))
        }
        try problems.check()
        if let ledger { try ledger.close() }
        return result
    }

    /// The contract's JSON: `{"folders": [{"folder": "2026-W53", "sent": 52, "deferred": 0,
    /// "failed": 0, "suppressed": 1, "uncertain": 0, "pending": 0, "sending": 0, "held": 0}]}`: the
    /// contract's keys in its order, then the ledger's own two states, and how many of the pending
    /// ones are held until their Date.
    public static func json(_ folders: [Folder]) -> String {
        let items = folders.map { folder in
            let states: [DeliveryState] = [.sent, .deferred, .failed, .suppressed, .uncertain, .pending, .sending]
            return "{\"folder\": \(Manifest.string(folder.name)), "
                + states.map { "\"\($0.rawValue)\": \(folder.count($0))" }.joined(separator: ", ") + ", \"held\": \(folder.held)}"
        }
        return "{\"folders\": [" + items.joined(separator: ", ") + "]}"
    }

    /// One line per folder: `2026-W53: 52 sent, 0 deferred, 0 failed, 1 suppressed, 0 uncertain, 0 pending`.
    public static func text(_ folders: [Folder]) -> [String] {
        folders.map { folder in
            var parts = [DeliveryState.sent, .deferred, .failed, .suppressed, .uncertain, .pending].map {
                "\(folder.count($0)) \($0.rawValue)"
            }
            if folder.held > 0 { parts[parts.count - 1] += " (\(folder.held) held until their Date)" }
            if folder.count(.sending) > 0 { parts.append("\(folder.count(.sending)) sending") }
            return folder.name + ": " + parts.joined(separator: ", ")
        }
    }
}
