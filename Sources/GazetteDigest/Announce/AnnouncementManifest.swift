import Foundation
import GazetteCore

/// `<output>/<slug>-<effective>/manifest.json`: one entry per row of contacts.csv (in file order),
/// written or skipped, and the companies no one there is told. Written last: a manifest on disk
/// means the announcement is complete (and `gazette send` may deliver it).
public struct AnnouncementManifest: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var company: String
        /// The contact's address (the contact's id in the ledger).
        public var contact: String
        public var outcome: Outcome

        public enum Outcome: Sendable, Equatable {
            /// `path` relative to the folder (`leie/1.eml`), `messageID` in angle brackets, the language read.
            case written(path: String, messageID: String, language: String)
            /// The contact's `notices` is false.
            case notNotified
        }
    }

    public var name: String
    public var slug: String
    public var effective: CivilDate
    public var announced: CivilDate
    public var objectionDeadline: CivilDate
    public var entries: [Entry]
    /// Companies with no contact that receives notices.
    public var companiesWithoutContacts: [String]

    /// Whether the announcement `name` is complete under `output`.
    public static func isComplete(_ name: String, in output: String) -> Bool {
        FileStamp(of: output + "/" + name + "/" + Manifest.fileName)?.isRegularFile == true
    }

    /// The JSON text: keys in a fixed order, one entry per line, so that reruns are byte-identical.
    public var json: String {
        var text = "{\n  \"announcement\": \(Manifest.string(name)),\n  \"document\": \(Manifest.string(slug)),\n"
        text +=
            "  \"effective\": \"\(effective)\",\n  \"announced\": \"\(announced)\",\n  \"objection_deadline\": \"\(objectionDeadline)\",\n"
        text += "  \"entries\": ["
        for (index, entry) in entries.enumerated() {
            text += index == 0 ? "\n    " : ",\n    "
            text += "{\"company\": \(Manifest.string(entry.company)), \"contact\": \(Manifest.string(entry.contact)), "
            switch entry.outcome {
            case .written(let path, let messageID, let language):
                text +=
                    "\"outcome\": \"written\", \"path\": \(Manifest.string(path)), \"message_id\": \(Manifest.string(messageID)), "
                    + "\"language\": \(Manifest.string(language))}"
            case .notNotified:
                text += "\"outcome\": \"skipped\", \"reason\": \"notices_off\"}"
            }
        }
        text += entries.isEmpty ? "],\n" : "\n  ],\n"
        text += "  \"companies_without_contacts\": [" + companiesWithoutContacts.map(Manifest.string).joined(separator: ", ") + "]\n}\n"
        return text
    }
}
