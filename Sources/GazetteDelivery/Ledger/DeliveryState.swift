/// Where a message stands in the ledger. The contract's five states, and two of the ledger's own:
/// `pending` (listed by a manifest, not tried yet) and `sending` (the relay said "go ahead" to the
/// data and the data is going out: a run that finds a message `sending` was killed in that moment,
/// and makes it `uncertain`, never sends it again).
public enum DeliveryState: String, Sendable, CaseIterable, Comparable {
    case pending
    case sending
    /// The relay answered 2xx after the message's data.
    case sent
    /// 4xx, or the connection was lost before the data was sent: retried later.
    case deferred
    /// 5xx, the file can never be sent, or deferred past `retry_for_hours`.
    case failed
    /// The recipient opted out after the week was written.
    case suppressed
    /// The connection was lost after the data was sent and before the reply (or the run was killed
    /// then): it may have been delivered, so it is never sent again.
    case uncertain

    /// A message in this state is never sent again.
    public var isFinal: Bool {
        switch self {
        case .sent, .failed, .suppressed, .uncertain: return true
        case .pending, .sending, .deferred: return false
        }
    }

    /// The order of the summaries and the status.
    public static func < (lhs: DeliveryState, rhs: DeliveryState) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
