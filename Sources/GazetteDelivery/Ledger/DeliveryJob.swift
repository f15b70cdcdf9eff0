import Foundation

/// A message to hand over, as the ledger has it.
struct DeliveryJob: Sendable, Equatable {
    let id: Int64
    let folder: String
    /// Relative to the folder.
    let path: String
    let messageID: String
    let attempts: Int
    let firstAttempt: Date?
}
