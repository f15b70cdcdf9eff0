import Foundation

/// What a `gazette send` run did, for the summary lines, the metrics file and the exit status.
public struct DeliveryReport: Sendable, Equatable {
    /// One folder that the run took.
    public struct Folder: Sendable, Equatable {
        public var name: String
        /// The ledger's counts for the folder after the run.
        public var counts: [DeliveryState: Int]
        /// What this run's attempts came to.
        public var thisRun: [DeliveryState: Int]
        /// From the folder's first message taken to its last outcome.
        public var seconds: Double
        /// Pending messages held until their Date (`delivery.hold_until_date`), and the first such moment.
        public var held: Int = 0
        public var heldUntil: Date?

        public func count(_ state: DeliveryState) -> Int { counts[state] ?? 0 }
    }

    /// A message that failed or became uncertain in this run.
    public struct Problem: Sendable, Equatable {
        public var folder: String
        public var path: String
        public var recipient: String?
        public var state: DeliveryState
        public var reply: String
    }

    public var folders: [Folder]
    /// The first `DeliveryTally.listed` problems of the run; `problemCount` counts them all.
    public var problems: [Problem]
    public var problemCount: Int
    /// Set when the relay could not be reached at all: why (exit 1).
    public var unreachable: String?
    /// Set when the run stopped before every due message was tried: why.
    public var stopped: String?
    /// Messages a killed run had left `sending`, now `uncertain`.
    public var recovered: Int
    /// Folders whose records retention removed at the start of the run.
    public var expired: [String]
    /// Messages no longer listed by a rewritten manifest, withdrawn before they were sent.
    public var withdrawn: Int
    /// Complete folders left alone because retention removed their records.
    public var retired: [String]

    /// 1: the relay could not be reached; 75 (EX_TEMPFAIL): some messages are still deferred and a
    /// later run will retry them; 0: every message of the folders is sent, suppressed, failed or
    /// uncertain.
    public var exitStatus: Int32 {
        if unreachable != nil { return 1 }
        // A message held until its Date is not late: it is sent by the run after that moment.
        let open = folders.reduce(0) { $0 + $1.count(.deferred) + $1.count(.pending) - $1.held + $1.count(.sending) }
        return open > 0 ? 75 : 0
    }

    /// `send 2026-W53: 52 sent, 1 deferred, 0 failed, 2 suppressed in 0.80 s` (uncertain, held and
    /// not tried are added when there are any).
    public static func summary(of folder: Folder, shard: String = "") -> String {
        var parts = [
            "\(folder.count(.sent)) sent", "\(folder.count(.deferred)) deferred", "\(folder.count(.failed)) failed",
            "\(folder.count(.suppressed)) suppressed",
        ]
        if folder.count(.uncertain) > 0 { parts.append("\(folder.count(.uncertain)) uncertain") }
        if folder.held > 0 {
            let until =
                folder.heldUntil.map {
                    " until " + String(LedgerTime.text($0).prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
                } ?? ""
            parts.append("\(folder.held) held\(until) (their Date)")
        }
        let open = folder.count(.pending) - folder.held + folder.count(.sending)
        if open > 0 { parts.append("\(open) not tried") }
        return "send \(folder.name)\(shard): " + parts.joined(separator: ", ") + " in " + seconds(folder.seconds)
    }

    static func seconds(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) s"
    }
}
