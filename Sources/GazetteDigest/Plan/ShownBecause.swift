/// Why an item is in a digest: the rule that lets it be shown and the export rows it comes from.
/// The preview's privacy panel explains every person and day with it.
public struct ShownBecause: Sendable, Equatable {
    public enum Rule: String, Sendable {
        /// A day off of the recipient's own company (days_off.csv).
        case companyDayOff
        /// Approved leave of a colleague of the same company, employed on those days (leave.csv).
        case approvedLeave
        /// A birthday the colleague chose to share (employees.csv `share_birthday`), day and month only.
        case sharedBirthday
        /// One of the recipient's own shifts (shifts.csv).
        case ownShift
    }

    /// A row of the export: file name (`leave.csv`) and line.
    public struct Row: Sendable, Equatable, Hashable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var description: String { "\(file):\(line)" }
    }

    public var rule: Rule
    public var rows: [Row]

    /// The rule in a sentence with the rows it comes from (English: the privacy panel is for the
    /// people who run Gazette).
    public var explanation: String { "\(sentence) (\(source))" }

    /// The rule in a sentence, the same for every item it allows (the privacy panel says it once per
    /// group of items).
    public var sentence: String {
        switch rule {
        case .companyDayOff: return "a day off of the recipient's company"
        case .approvedLeave:
            return "approved leave of a colleague of the same company who is employed on those days; the kind of leave is never shown"
        case .sharedBirthday: return "the colleague shares their birthday; only the day and month are shown, never the year or age"
        case .ownShift: return "the recipient's own shift"
        }
    }

    /// The rows of the export it comes from: `leave.csv:12, leave.csv:13`.
    public var source: String { rows.map(\.description).joined(separator: ", ") }
}
