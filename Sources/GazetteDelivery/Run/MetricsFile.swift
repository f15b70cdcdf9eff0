import Foundation
import GazetteCore
import GazetteDigest

/// The run's counts in the Prometheus text exposition format (version 0.0.4), for node_exporter's
/// textfile collector: `delivery.metrics_file`, written atomically (temp file, rename) at the end
/// of every run that got as far as the ledger. A shard writes its own file (`name.K-of-N.prom`) and
/// labels its series with `shard="K/N"`.
///
/// Written by hand rather than with a metrics library: the file is a snapshot of a few gauges at the
/// end of a batch job, not a registry a long-lived process updates, and the text format is small
/// (a HELP and a TYPE line per metric, `name{label="value"} number`, labels escaped).
enum MetricsFile {
    /// The file a run writes: `path`, or for a shard `path` with `.K-of-N` before its extension.
    static func path(_ path: String, shard: Shard?) -> String {
        guard let shard else { return path }
        let part = ".\(shard.index)-of-\(shard.count)"
        let name = (path as NSString).lastPathComponent
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return path + part }
        let directory = (path as NSString).deletingLastPathComponent
        let renamed = String(name[..<dot]) + part + String(name[dot...])
        return directory.isEmpty ? renamed : directory + "/" + renamed
    }

    /// The exposition text. `ledger` holds every folder's counts in the ledger after the run.
    static func text(_ report: DeliveryReport, ledger: [String: [DeliveryState: Int]], seconds: Double, shard: Shard?) -> String {
        let shardLabel = shard.map { "shard=\"\($0.index)/\($0.count)\"" }
        func labels(_ pairs: [(String, String)]) -> String {
            let all = (shardLabel.map { [$0] } ?? []) + pairs.map { "\($0.0)=\"\(escape($0.1))\"" }
            return all.isEmpty ? "" : "{" + all.joined(separator: ",") + "}"
        }
        var lines: [String] = []
        lines.append("# HELP gazette_send_messages Messages in the delivery ledger, by folder and state.")
        lines.append("# TYPE gazette_send_messages gauge")
        for folder in ledger.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            for state in DeliveryState.allCases {
                lines.append(
                    "gazette_send_messages" + labels([("folder", folder), ("state", state.rawValue)]) + " \(ledger[folder]?[state] ?? 0)")
            }
        }
        var run: [DeliveryState: Int] = [:]
        for folder in report.folders { run.merge(folder.thisRun, uniquingKeysWith: +) }
        lines.append("# HELP gazette_send_run_messages Messages of the last run, by the state its attempt left them in.")
        lines.append("# TYPE gazette_send_run_messages gauge")
        for state in DeliveryState.allCases where state != .pending && state != .sending {
            lines.append("gazette_send_run_messages" + labels([("state", state.rawValue)]) + " \(run[state] ?? 0)")
        }
        lines.append("# HELP gazette_send_run_exit_status Exit status of the last run: 0 done, 75 messages deferred, 1 relay unreachable.")
        lines.append("# TYPE gazette_send_run_exit_status gauge")
        lines.append("gazette_send_run_exit_status" + labels([]) + " \(report.exitStatus)")
        lines.append("# HELP gazette_send_run_recovered_messages Messages a killed run had left sending, made uncertain by the last run.")
        lines.append("# TYPE gazette_send_run_recovered_messages gauge")
        lines.append("gazette_send_run_recovered_messages" + labels([]) + " \(report.recovered)")
        lines.append("# HELP gazette_send_run_duration_seconds How long the last run took.")
        lines.append("# TYPE gazette_send_run_duration_seconds gauge")
        lines.append("gazette_send_run_duration_seconds" + labels([]) + " " + DeliveryReport.seconds(seconds).dropLast(2))
        return lines.joined(separator: "\n") + "\n"
    }

    /// A label value as the text format wants it: backslash, double quote and line feed escaped.
    static func escape(_ value: String) -> String {
        var result = ""
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }

    /// Writes the file atomically, first removing what a killed run may have left of its temporary
    /// file (`.<name>.<pid>-<n>.tmp`: no other run writes this file while this one holds the ledger).
    static func write(_ text: String, to path: String) throws(RunFailure) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try AtomicOutput.makeDirectory(directory) }
        let prefix = "." + (path as NSString).lastPathComponent + "."
        let folder = directory.isEmpty ? "." : directory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
        try AtomicOutput.write(text, to: path)
    }
}
