import Foundation
import GazetteCore

/// `manifest.json` of a week: one entry per employee (in employees.csv order) and the rows left out.
/// Written last, so that a manifest on disk means the week is complete.
public struct Manifest: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var company: String
        public var employee: String
        public var outcome: Outcome

        public enum Outcome: Sendable, Equatable {
            /// `path` is relative to the manifest's folder (`leie/E1001.eml`); `messageID` is in angle brackets.
            case written(path: String, messageID: String)
            case skipped(SkipReason)
        }
    }

    public var week: ISOWeek
    public var entries: [Entry]
    public var invalidRows: [InputProblem]

    public static let fileName = "manifest.json"
    /// Where the shards of a sharded run put their manifest parts (hidden: bookkeeping, not output).
    public static let shardFolder = ".shards"

    /// Reads a manifest (or a shard's part) back, or nil when it is not one.
    public static func read(_ path: String) -> Manifest? {
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let weekText = object["week"] as? String, let week = ISOWeek(iso: weekText),
            let entryObjects = object["entries"] as? [[String: Any]], let rowObjects = object["invalid_rows"] as? [[String: Any]]
        else { return nil }
        var entries: [Entry] = []
        for item in entryObjects {
            guard let company = item["company"] as? String, let employee = item["employee"] as? String,
                let outcome = item["outcome"] as? String
            else { return nil }
            if outcome == "written", let path = item["path"] as? String, let messageID = item["message_id"] as? String {
                entries.append(Entry(company: company, employee: employee, outcome: .written(path: path, messageID: messageID)))
            } else if outcome == "skipped", let text = item["reason"] as? String, let reason = SkipReason(rawValue: text) {
                entries.append(Entry(company: company, employee: employee, outcome: .skipped(reason)))
            } else {
                return nil
            }
        }
        var rows: [InputProblem] = []
        for item in rowObjects {
            guard let file = item["file"] as? String, let message = item["message"] as? String else { return nil }
            rows.append(InputProblem(path: file, line: item["line"] as? Int, message))
        }
        return Manifest(week: week, entries: entries, invalidRows: rows)
    }

    /// The JSON text: keys in a fixed order, one entry per line, so that reruns are byte-identical.
    public var json: String {
        var text = "{\n  \"week\": \(Self.string(week.description)),\n  \"entries\": ["
        text.reserveCapacity(entries.count * 160 + invalidRows.count * 200 + 64)
        for (index, entry) in entries.enumerated() {
            text += index == 0 ? "\n    " : ",\n    "
            text += "{\"company\": \(Self.string(entry.company)), \"employee\": \(Self.string(entry.employee)), "
            switch entry.outcome {
            case .written(let path, let messageID):
                text += "\"outcome\": \"written\", \"path\": \(Self.string(path)), \"message_id\": \(Self.string(messageID))}"
            case .skipped(let reason):
                text += "\"outcome\": \"skipped\", \"reason\": \(Self.string(reason.rawValue))}"
            }
        }
        text += entries.isEmpty ? "],\n  \"invalid_rows\": [" : "\n  ],\n  \"invalid_rows\": ["
        for (index, problem) in invalidRows.enumerated() {
            text += index == 0 ? "\n    " : ",\n    "
            text +=
                "{\"file\": \(Self.string(problem.path)), \"line\": \(problem.line.map(String.init) ?? "null"), \"message\": \(Self.string(problem.message))}"
        }
        text += invalidRows.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return text
    }

    /// Whether `directory` holds the complete manifest of `week`.
    public static func isComplete(_ week: ISOWeek, in directory: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: directory + "/" + fileName),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return false }
        return object["week"] as? String == week.description && object["entries"] is [Any] && object["invalid_rows"] is [Any]
    }

    /// A JSON string literal (also how error messages quote a bad value).
    public static func string(_ value: String) -> String {
        // Ids and paths are plain ASCII: quoted as they are.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) { return "\"" + value + "\"" }
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default:
                if !OneLine.appendEscape(of: scalar, to: &result) { result.unicodeScalars.append(scalar) }
            }
        }
        return result + "\""
    }
}
