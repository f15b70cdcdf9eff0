import GazetteCore
import GazetteDigest

/// Every employee's outcome in one week, as the batch decides it (the manifest's `outcome` and
/// `reason`), by position in the export.
struct WeekIndex: Sendable {
    enum Outcome: Sendable, Equatable {
        case written
        case skipped(SkipReason)

        /// `written`, or the skip reason (`opted_out`): the words of the manifest.
        var name: String {
            switch self {
            case .written: return "written"
            case .skipped(let reason): return reason.rawValue
            }
        }
    }

    let week: ISOWeek
    let outcomes: [Outcome]
    /// Positions of the employees who get an email, in export order: "previous" and "next" walk them.
    let recipients: [Int]

    init(week: ISOWeek, outcomes: [Outcome]) {
        self.week = week
        self.outcomes = outcomes
        recipients = outcomes.indices.filter { outcomes[$0] == .written }
    }

    /// The recipients before and after `position` (which need not be a recipient itself).
    func neighbours(of position: Int) -> (previous: Int?, next: Int?) {
        // The first recipient at or after `position`, by binary search.
        var low = 0
        var high = recipients.count
        while low < high {
            let middle = (low + high) / 2
            if recipients[middle] < position { low = middle + 1 } else { high = middle }
        }
        let previous = low > 0 ? recipients[low - 1] : nil
        let after = low < recipients.count && recipients[low] == position ? low + 1 : low
        return (previous, after < recipients.count ? recipients[after] : nil)
    }
}
