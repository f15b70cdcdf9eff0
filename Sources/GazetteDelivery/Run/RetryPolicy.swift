import Foundation

/// When a deferred message is tried again: `first` seconds after its first attempt, doubled after
/// every further attempt up to `maximum`, each delay moved by up to a quarter either way at random
/// (so that messages deferred together do not all come back in the same second); and never after
/// `retryFor` seconds from the first attempt: then it is failed.
///
/// The jitter only reaches the ledger's `next_attempt_at`; nothing Gazette writes as output depends
/// on it.
struct RetryPolicy: Sendable, Equatable {
    var first: Double
    var maximum: Double
    var retryFor: Double

    init(first: Double, maximum: Double, retryFor: Double) {
        self.first = first
        self.maximum = maximum
        self.retryFor = retryFor
    }

    init(_ settings: DeliverySettings) {
        self.init(
            first: Double(settings.retryDelaySeconds), maximum: Double(settings.maxRetryDelaySeconds),
            retryFor: settings.retryForHours * 3600)
    }

    /// The delay before the attempt that follows attempt number `attempts` (1 for the first).
    func delay(after attempts: Int, using random: inout some RandomNumberGenerator) -> Double {
        let doublings = Double(max(0, min(attempts - 1, 40)))
        let base = min(maximum, first * pow(2, doublings))
        return base * Double.random(in: 0.75...1.25, using: &random)
    }

    /// Whether a message first tried at `firstAttempt` may still be deferred at `now`.
    func mayRetry(firstAttempt: Date, at now: Date) -> Bool {
        now.timeIntervalSince(firstAttempt) < retryFor
    }
}
